"""Migration 0008: user names unique regardless of case, and the session generation."""

import pytest
from sqlalchemy import create_engine, text

from adapters.sql import migrations

USER = (
    'INSERT INTO "user" (created, name, fullname, email_addr, api_key, admin, '
    "privacy_mode, locale, valid_email, subscribed, info) VALUES "
    "('2026-01-01', :name, 'Some One', :email, :key, false, true, 'en', false, true, "
    "'{}')"
)


def _before_0008(url: str, names: list[str]):
    migrations.upgrade(url, "0006")
    engine = create_engine(url)
    with engine.begin() as connection:
        for n, name in enumerate(names):
            connection.execute(
                text(USER), {"name": name, "email": f"u{n}@example.com", "key": f"key-{n}"}
            )
    return engine


def test_colliding_names_stop_the_upgrade_and_are_named(empty_database_url):
    engine = _before_0008(empty_database_url, ["admin", "Admin", "dana"])
    with pytest.raises(RuntimeError, match=r"'admin' \(id 1\), 'Admin' \(id 2\)"):
        migrations.upgrade(empty_database_url)
    with engine.connect() as connection:
        assert connection.execute(text('SELECT count(*) FROM "user"')).scalar() == 3
    engine.dispose()


def test_after_the_upgrade_a_name_in_another_case_is_refused(empty_database_url):
    engine = _before_0008(empty_database_url, ["admin", "dana"])
    migrations.upgrade(empty_database_url)
    with engine.connect() as connection:
        generations = connection.execute(text('SELECT session_generation FROM "user"')).all()
        assert [g for (g,) in generations] == [0, 0]
    with pytest.raises(Exception, match="(?i)unique"), engine.begin() as connection:
        connection.execute(text(USER), {"name": "ADMIN", "email": "x@example.com", "key": "key-x"})
    engine.dispose()
