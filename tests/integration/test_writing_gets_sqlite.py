"""On SQLite, the GETs that write do it as writers (BEGIN IMMEDIATE), never in reading mode."""

# Reading mode runs in autocommit: a write in it would commit at once, outside the
# request's transaction, without the write lock taken up front. So every INSERT, UPDATE or
# DELETE of a GET must run outside it: its resource says `read_only = False`.
import io
import re
import zipfile
from typing import NamedTuple

import pytest
from sqlalchemy import event

from adapters.sql import database, migrations
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from http_account_views import _unsubscribed
from http_accounts import PASSWORD, Browser, _mailed_link, _register
from http_admin import _admin_browser, _user_id
from http_contract import ApiClient, make_api_client
from unit.fakes import FakeMailer

WRITES = ("INSERT", "UPDATE", "DELETE")


class StatementLog:
    """Every statement run on the engine, and whether its connection was in reading mode."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.statements: list[tuple[bool, str]] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        reading = conn.get_execution_options().get("sqlite_begin") == database.AUTOCOMMIT
        self.statements.append((reading, statement.strip()))

    def clear(self) -> None:
        self.statements.clear()

    def run(self, reading: bool, verb: str | tuple[str, ...]) -> list[str]:
        """The statements starting with `verb` run in (or out of) reading mode."""
        return [
            statement
            for in_reading, statement in self.statements
            if in_reading is reading and statement.upper().startswith(verb)
        ]

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


class Site(NamedTuple):
    api: ApiClient
    log: StatementLog


def _site(tmp_path, **settings):
    """The app over a migrated SQLite file, as the embedded default runs it (jobs inline)."""
    url = f"sqlite:///{tmp_path / 'db' / 'pybossa.db'}"
    migrations.upgrade(url)
    services = bootstrap(
        Settings(
            database_url=url,
            storage_dir=tmp_path / "uploads",
            bcrypt_rounds=4,
            rate_limit_enabled=False,
            **settings,
        ),
        mailer=FakeMailer(),
    )
    log = StatementLog(services.units_of_work.session_factory.kw["bind"])
    yield Site(make_api_client(create_app(services), services), log)
    log.close()
    services.close()


@pytest.fixture
def site(tmp_path):
    yield from _site(tmp_path)


@pytest.fixture
def confirming_site(tmp_path):
    """ACCOUNT_CONFIRMATION on: registering mails a link whose GET creates the account."""
    yield from _site(tmp_path, account_confirmation=True)


def _wrote_as_a_writer(log: StatementLog) -> None:
    assert log.run(reading=True, verb=WRITES) == []
    assert log.run(reading=False, verb=WRITES), "no write was recorded: the check is void"


def _read_only(log: StatementLog) -> None:
    assert log.run(reading=True, verb="SELECT")
    assert log.run(reading=True, verb=WRITES) + log.run(reading=False, verb=WRITES) == []


def test_the_log_sees_a_plain_read_run_its_selects_in_reading_mode_without_begin(site):
    site.api.project("birds")
    site.log.clear()
    resp = site.api.call("GET", "/api/project", site.api.owner_key)
    assert resp.status_code == 200 and [p["short_name"] for p in resp.json] == ["birds"]
    assert site.log.run(reading=True, verb="BEGIN") == []  # autocommit: no BEGIN at all
    assert site.log.run(reading=False, verb="BEGIN") == []  # no BEGIN IMMEDIATE either
    _read_only(site.log)


def test_the_mailed_registration_link_creates_the_account_as_a_writer(confirming_site):
    api, log = confirming_site
    browser = Browser(api)
    browser.get("/account/register")
    sent = browser.post(
        "/account/register",
        {
            "name": "fox",
            "fullname": "Fox Mulder",
            "email_addr": "fox@example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert sent.json["status"] == "sent"
    key = _mailed_link(api, "/account/register/confirmation")
    log.clear()
    resp = browser.get("/account/register/confirmation", key=key)
    assert resp.status_code == 200 and resp.json["status"] == "success"
    _wrote_as_a_writer(log)
    assert browser.get("/account/profile").json["user"]["valid_email"] is True


def test_asking_for_the_confirmation_mail_records_it_as_a_writer(site):
    browser = _register(site.api)
    site.log.clear()
    resp = browser.get("/account/confirm-email")
    assert resp.status_code == 200 and resp.json["status"] == "info"
    _wrote_as_a_writer(site.log)
    assert _mailed_link(site.api, "/account/confirm-email")
    assert browser.get("/account/profile").json["user"]["confirmation_email_sent"] is True


def test_the_mailed_key_confirms_the_address_as_a_writer(site):
    browser = _register(site.api)
    browser.get("/account/confirm-email")
    key = _mailed_link(site.api, "/account/confirm-email")
    site.log.clear()
    resp = browser.get("/account/confirm-email", key=key)
    assert resp.status_code == 200 and resp.json["status"] == "success"
    _wrote_as_a_writer(site.log)
    assert browser.get("/account/profile").json["user"]["valid_email"] is True


def test_subscribing_to_the_newsletter_by_get_writes_as_a_writer(site):
    browser = _unsubscribed(site.api)
    site.log.clear()
    resp = browser.get("/account/newsletter", subscribe="true")
    assert resp.status_code == 200 and resp.json["status"] == "success"
    _wrote_as_a_writer(site.log)
    assert browser.get("/account/profile").json["user"]["subscribed"] is True


@pytest.mark.parametrize(("change", "owner_sees_console"), [("add", 200), ("del", 403)])
def test_an_admin_right_change_by_get_writes_as_a_writer(site, change, owner_sees_console):
    browser, owner_id = _admin_browser(site.api), _user_id(site.api, "owner")
    if change == "del":
        assert browser.get(f"/admin/users/add/{owner_id}").status_code == 200
    site.log.clear()
    resp = browser.get(f"/admin/users/{change}/{owner_id}")
    assert resp.status_code == 200 and resp.json == {"next": "/admin/users"}
    _wrote_as_a_writer(site.log)
    status = site.api.call("GET", "/admin/users", site.api.owner_key).status_code
    assert status == owner_sees_console


def test_the_account_export_job_runs_inline_and_only_reads(site):
    browser = _register(site.api)
    site.log.clear()
    resp = browser.get("/account/dana/export")
    assert resp.status_code == 200 and resp.json["flash"] == "GDPR export started"
    _read_only(site.log)
    link = re.search(r"(/account/dana/export/\S+)", site.api.services.mailer.sent[-1].body)[1]
    archive = browser.get(link)
    assert "user.json" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()


def test_a_project_export_only_reads(site):
    project = site.api.project("birds")
    task = site.api.task(project["id"])
    site.log.clear()
    resp = site.api.call(
        "GET",
        f"/api/project/{project['id']}/export",
        site.api.owner_key,
        type="task",
        format="json",
    )
    assert resp.status_code == 200 and [row["id"] for row in resp.json] == [task["id"]]
    assert site.log.run(reading=True, verb=WRITES) + site.log.run(reading=False, verb=WRITES) == []
