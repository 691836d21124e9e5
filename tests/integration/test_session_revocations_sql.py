"""Without Redis, signed-out sessions are kept in the database: they stay signed out across a
restart, on SQLite and PostgreSQL."""

from datetime import datetime, timedelta
from types import SimpleNamespace

from falcon import testing
from sqlalchemy import func, select

from adapters.sql import tables
from adapters.sql.sessions import SqlSessionRevocations
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from http_accounts import Browser, _register
from unit.fakes import FakeMailer

T0 = datetime(2026, 12, 4, 12, 0, 0)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _rows(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count()).select_from(tables.revoked_session)
        ).scalar_one()


def test_a_revoked_session_stays_revoked_until_its_cookie_would_expire(engine):
    clock = Clock()
    revocations = SqlSessionRevocations(engine, clock)
    revocations.revoke("gone", 60)
    revocations.revoke("gone", 120)  # signing out twice with one cookie renews the row
    assert revocations.is_revoked("gone") and not revocations.is_revoked("other")
    clock.now += timedelta(seconds=119)
    assert revocations.is_revoked("gone")
    clock.now += timedelta(seconds=1)
    assert not revocations.is_revoked("gone")


def test_expired_revocations_are_deleted_by_the_next_sign_out(engine):
    clock = Clock()
    revocations = SqlSessionRevocations(engine, clock)
    for number in range(3):
        revocations.revoke(f"old-{number}", 10)
    clock.now += timedelta(seconds=10)
    revocations.revoke("new", 10)
    assert _rows(engine) == 1 and revocations.is_revoked("new")


def _server(database_url: str, tmp_path):
    """The app as `serve` builds it (no Redis), as a TestClient holder for Browser."""
    settings = Settings(
        database_url=database_url,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        rate_limit_enabled=False,
    )
    services = bootstrap(settings, mailer=FakeMailer())
    return services, SimpleNamespace(client=testing.TestClient(create_app(services)))


def test_a_signed_out_cookie_stays_signed_out_after_a_restart(database_url, tmp_path):
    before, api = _server(database_url, tmp_path)
    browser = _register(api)
    kept = dict(browser.cookies)
    assert browser.get("/account/signout").json["status"] == "success"
    before.close()
    after, restarted = _server(database_url, tmp_path)
    try:
        thief = Browser(restarted)
        thief.cookies = kept
        assert thief.get("/account/profile").json["status"] == "not_signed_in"
        again = _register(restarted, name="erin", email="erin@example.com")
        assert again.get("/account/profile").json["user"]["name"] == "erin"
    finally:
        after.close()
