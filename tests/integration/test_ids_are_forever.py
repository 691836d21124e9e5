"""An id is never given twice, on SQLite as on PostgreSQL: a row created after the newest one
was deleted gets a larger id; SQLite files made before revision 0005 are migrated."""

import sqlite3

import pytest
from falcon import testing

from adapters.sql import migrations
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from http_contract import ApiClient, make_api_client
from unit.fakes import FakeMailer


def api_over(database_url: str, tmp_path, callers: ApiClient | None = None) -> ApiClient:
    """An API client over the database; new callers, or the same ones as `callers`."""
    settings = Settings(
        database_url=database_url,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        rate_limit_enabled=False,
    )
    services = bootstrap(settings, mailer=FakeMailer())
    if callers is None:
        return make_api_client(create_app(services), services)
    return ApiClient(
        testing.TestClient(create_app(services)),
        callers.admin_key,
        callers.owner_key,
        callers.other_key,
        services=services,
    )


@pytest.fixture
def api(database_url, tmp_path):
    client = api_over(database_url, tmp_path)
    yield client
    client.services.close()


def delete(api, path: str) -> None:
    resp = api.call("DELETE", path, api.owner_key)
    assert resp.status_code == 204, resp.text


def test_a_task_created_after_the_newest_was_deleted_gets_a_new_id(api):
    project = api.project()
    newest = [api.task(project["id"]) for _ in range(3)][-1]
    delete(api, f"/api/task/{newest['id']}")
    assert api.task(project["id"])["id"] > newest["id"]


def test_a_project_created_after_the_newest_was_deleted_gets_a_new_id(api):
    api.project("first")
    newest = api.project("second")
    delete(api, f"/api/project/{newest['id']}")
    assert api.project("third")["id"] > newest["id"]


def _schema(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return sorted(
            connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
            )
        )


def _rows(path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()


LENT_USER_COLUMNS = (
    "session_generation INTEGER NOT NULL DEFAULT 0",
    "consent BOOLEAN NOT NULL DEFAULT 0",
)
LENT_COOWNERS = "CREATE TABLE project_coowner (project_id INTEGER, user_id INTEGER)"


def test_a_sqlite_file_of_revision_0004_keeps_its_rows_and_stops_reusing_ids(tmp_path):
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    migrations.upgrade(url, "0004")
    # Today's code writes users with the columns 0008 and 0012 add and loads projects with
    # their co-owners (0011): lend those to the setup only.
    with sqlite3.connect(path) as connection:
        for column in LENT_USER_COLUMNS:
            connection.execute(f'ALTER TABLE "user" ADD COLUMN {column}')
        connection.execute(LENT_COOWNERS)
    old = api_over(url, tmp_path)
    project = old.project()
    tasks = [old.task(project["id"]) for _ in range(3)]
    old.services.close()
    with sqlite3.connect(path) as connection:
        for column in LENT_USER_COLUMNS:
            connection.execute(f'ALTER TABLE "user" DROP COLUMN {column.split()[0]}')
        connection.execute("DROP TABLE project_coowner")
    before = {table: _rows(path, table) for table in ("user", "project", "task", "category")}
    indexes = _schema(path)

    migrations.upgrade(url, "0005")

    assert {table: _rows(path, table) for table in before} == before
    assert _schema(path) == indexes
    migrations.upgrade(url)
    new = api_over(url, tmp_path, callers=old)
    try:
        delete(new, f"/api/task/{tasks[-1]['id']}")
        assert new.task(project["id"])["id"] == tasks[-1]["id"] + 1
        assert new.call("GET", f"/api/task/{tasks[0]['id']}").json["project_id"] == project["id"]
    finally:
        new.services.close()
