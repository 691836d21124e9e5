"""`db import-pybossa` on a PYBOSSA-shaped source (tests/integration/pybossa_source.py), into
SQLite and PostgreSQL: every row by its id, counts made consistent, nothing kept on failure,
and the real server then serving the old site's users, keys and projects."""

import subprocess
import uuid
from datetime import datetime

import pbclient
import pytest
import requests
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from adapters.random_keys import SystemRandomKeys
from adapters.sql import database, tables
from adapters.sql.pybossa_source import SqlPybossaSource
from adapters.sql.site_import_target import SqlSiteImportTarget
from adapters.storage import LocalFileStorage
from pybossa_core.use_cases.site_import import import_pybossa_site

from .live_server import BIN, server_env, serving
from .pybossa_source import create_source, drop_source, seed_awkward, write_uploads

NOW = datetime(2026, 12, 5, 12, 0, 0)


@pytest.fixture
def source(bare_postgres_url, tmp_path):
    """(URL, Seeded, uploads folder) of a PYBOSSA 4 source on the test server."""
    name = "pbsrc_" + uuid.uuid4().hex
    url = create_source(bare_postgres_url, name)
    seeded = seed_awkward(url)
    uploads = tmp_path / "pybossa-uploads"
    write_uploads(uploads, seeded)
    yield url, seeded, uploads
    drop_source(bare_postgres_url, name)


def run_import(source_url, database_url, uploads, storage, target_class=SqlSiteImportTarget, **kw):
    reader, engine = SqlPybossaSource(source_url), database.create_engine_for(database_url)
    try:
        return import_pybossa_site(
            reader,
            target_class(engine),
            now=NOW,
            keys=SystemRandomKeys(),
            uploads=LocalFileStorage(uploads, 10**9),
            storage=LocalFileStorage(storage, 10**7),
            **kw,
        )
    finally:
        reader.close()
        engine.dispose()


def stored(database_url, table) -> dict[int, dict]:
    engine = database.create_engine_for(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(table).order_by(table.c.id)).mappings()
            return {row["id"]: dict(row) for row in rows}
    finally:
        engine.dispose()


def test_every_row_keeps_its_id_and_counts_follow_the_imported_runs(source, database_url, tmp_path):
    source_url, seeded, uploads = source
    report = run_import(source_url, database_url, uploads, tmp_path / "storage")
    assert set(stored(database_url, tables.user)) == set(seeded.users.values())
    assert set(stored(database_url, tables.project)) == set(seeded.projects.values())
    runs = stored(database_url, tables.task_run)
    assert set(runs) == {run.id for run in seeded.runs} - {seeded.duplicate_runs[1]}
    assert report.kinds["task_run"].skipped == {
        "a second answer by the same volunteer to the same task": 1
    }
    tasks = stored(database_url, tables.task)
    assert set(tasks) == _source_ids(source_url, "task")
    inconsistent = tasks[seeded.tasks["inconsistent_completed"]]
    assert (inconsistent["state"], inconsistent["n_task_runs"]) == ("ongoing", 1)
    assert tasks[seeded.tasks["completed"]]["n_task_runs"] == 2
    results = stored(database_url, tables.result)
    lacking = seeded.tasks["no_result_completed"]
    [made] = [r for r in results.values() if r["task_id"] == lacking]
    assert made["task_run_ids"] == [run.id for run in seeded.runs_of(lacking)]
    assert made["id"] > seeded.max_ids["result"]
    assert report.left_behind == {
        table: seeded.counts[table] for table in ("auditlog", "webhook", "counter", "project_stats")
    }


def test_co_owners_come_along_without_the_owner(source, database_url, tmp_path):
    source_url, seeded, uploads = source
    report = run_import(source_url, database_url, uploads, tmp_path / "storage")
    engine = database.create_engine_for(database_url)
    try:
        with engine.connect() as connection:
            pairs = connection.execute(select(tables.project_coowner)).all()
    finally:
        engine.dispose()
    assert [tuple(pair) for pair in pairs] == [(seeded.projects["published"], 2)]
    assert report.kinds["project"].notes["co-owners carried over"] == 1


def test_announcements_blog_posts_pages_and_favourites_come_over(source, database_url, tmp_path):
    source_url, seeded, uploads = source
    report = run_import(source_url, database_url, uploads, tmp_path / "storage")
    posts = stored(database_url, tables.blogpost)
    assert set(posts) == _source_ids(source_url, "blogpost")
    assert {p["title"]: p["published"] for p in posts.values()} == {
        "Welcome": True,
        "Draft post ✍": False,
    }
    [announcement] = stored(database_url, tables.announcement).values()
    assert (announcement["title"], announcement["user_id"]) == ("Maintenance", 9)
    [page] = stored(database_url, tables.page).values()
    assert (page["slug"], page["project_id"], page["info"]) == (
        "about",
        7,
        {"html": "<p>About the birds</p>"},
    )
    engine = database.create_engine_for(database_url)
    try:
        with engine.connect() as connection:
            favorite = tables.favorite.c
            marks = connection.execute(select(favorite.user_id, favorite.task_id)).all()
    finally:
        engine.dispose()
    assert sorted(tuple(mark) for mark in marks) == [(1, 10), (5, 10)]
    assert report.kinds["favorite"].imported == 2


def test_anonymous_runs_keep_an_identity_of_their_own_and_big_info_survives(
    source, database_url, tmp_path
):
    source_url, seeded, uploads = source
    run_import(source_url, database_url, uploads, tmp_path / "storage")
    runs = stored(database_url, tables.task_run)
    [anonymous] = [run for run in seeded.runs if run.user_ip]
    assert runs[anonymous.id]["user_ip"] == "pybossa:" + anonymous.user_ip
    big = stored(database_url, tables.task)[seeded.tasks["large_info"]]["info"]
    assert big == _source_rows(source_url, "task")[seeded.tasks["large_info"]]["info"]


def test_a_failure_keeps_nothing_and_the_same_import_then_succeeds(source, database_url, tmp_path):
    source_url, seeded, uploads = source

    class LosingTheConnection(SqlSiteImportTarget):
        def count_runs(self, standings_by_state):
            raise ConnectionError("the database went away")

    storage = tmp_path / "storage"
    with pytest.raises(ConnectionError):
        run_import(source_url, database_url, uploads, storage, LosingTheConnection)
    assert stored(database_url, tables.user) == {} and stored(database_url, tables.task) == {}
    assert not any(path.is_file() for path in storage.rglob("*"))
    report = run_import(source_url, database_url, uploads, storage)
    assert report.kinds["user"].imported == len(seeded.users)


def test_a_dry_run_reports_and_keeps_nothing(source, database_url, tmp_path):
    source_url, seeded, uploads = source
    report = run_import(source_url, database_url, uploads, tmp_path / "storage", dry_run=True)
    assert report.kinds["task_run"].imported == len(seeded.runs) - 1
    assert stored(database_url, tables.user) == {}
    assert not (tmp_path / "storage").exists() or not any((tmp_path / "storage").rglob("*.*"))


def _source_rows(url: str, table: str) -> dict[int, dict]:
    reader = SqlPybossaSource(url)
    try:
        return {row["id"]: row for row in reader.rows(table)}
    finally:
        reader.close()


def _source_ids(url: str, table: str) -> set[int]:
    return set(_source_rows(url, table))


# -- the command and the server after it ------------------------------------------------------


def pybossa_falcon(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "pybossa-falcon"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def switched(source, database_url, tmp_path):
    """The command run as an operator runs it, then the server started on its database."""
    source_url, seeded, uploads = source
    env = server_env(database_url, tmp_path / "storage")
    done = pybossa_falcon(
        env, "db", "import-pybossa", "--from", source_url, "--uploads", str(uploads)
    )
    assert done.returncode == 0, done.stderr
    assert "task_run" in done.stdout and "left behind auditlog: " in done.stdout
    assert "blogpost                 2         2         0" in done.stdout
    with serving(env) as endpoint:
        yield endpoint, seeded, env, source_url


def test_pbclient_sees_the_old_projects_tasks_runs_and_results_by_their_ids(switched):
    endpoint, seeded, _, _ = switched
    pbclient.set("endpoint", endpoint)
    pbclient.set("api_key", seeded.api_keys["alice"])
    [project] = pbclient.find_project(short_name=_short_name(endpoint, seeded))
    assert project.id == seeded.projects["published"]
    task_ids = {task.id for task in pbclient.get_tasks(project.id, limit=100)}
    assert seeded.tasks["completed"] in task_ids and seeded.tasks["large_info"] in task_ids
    completed = seeded.tasks["completed"]
    runs = pbclient.find_taskruns(project.id, task_id=completed)
    assert {run.id for run in runs} == {run.id for run in seeded.runs_of(completed)}
    [result] = pbclient.find_results(project.id, task_id=completed, last_version=True)
    assert result.id == seeded.results["latest"]


@pytest.mark.parametrize("name", ["alice", "bob"])  # werkzeug pbkdf2:sha256, scrypt
def test_an_old_user_signs_in_with_the_old_password_and_uses_the_old_key(switched, name):
    endpoint, seeded, env, _ = switched
    browser = requests.Session()
    form = browser.get(f"{endpoint}/account/signin", timeout=10).json()
    signed_in = browser.post(
        f"{endpoint}/account/signin",
        timeout=10,
        json={"email": _email(env, name), "password": seeded.passwords[name]},
        headers={"X-CSRFToken": form["form"]["csrf"]},
    )
    assert signed_in.json()["status"] == "success", signed_in.text
    upgraded = stored(env["DATABASE_URL"], tables.user)[seeded.users[name]]["passwd_hash"]
    assert upgraded.startswith("$sha256")
    created = requests.post(
        f"{endpoint}/api/project",
        timeout=10,
        params={"api_key": seeded.api_keys[name]},
        json={
            "name": f"New of {name}",
            "short_name": f"new_{name}",
            "description": "after the switch",
        },
    )
    assert created.status_code == 200, created.text
    assert created.json()["owner_id"] == seeded.users[name]
    assert created.json()["id"] > seeded.max_ids["project"]


def test_an_integrator_gets_a_token_from_the_old_secret_and_answers_as_before(switched):
    endpoint, seeded, _, _ = switched
    project_id = seeded.projects["published"]
    token = requests.get(
        f"{endpoint}/api/auth/project/{_short_name(endpoint, seeded)}/token",
        headers={"Authorization": seeded.secret_keys[project_id]},
        timeout=10,
    )
    assert token.status_code == 200, token.text
    [external] = [run for run in seeded.runs if run.external_uid]
    served = requests.get(
        f"{endpoint}/api/project/{project_id}/newtask",
        timeout=10,
        params={"external_uid": external.external_uid},
        headers={"Authorization": f"Bearer {token.text.strip(chr(34))}"},
    )
    assert served.status_code == 200 and served.json()["id"] != external.task_id


def test_a_volunteer_is_not_served_again_what_they_answered_and_new_ids_come_after(switched):
    endpoint, seeded, _, _ = switched
    project_id, alice = seeded.projects["published"], seeded.users["alice"]
    answered = {run.task_id for run in seeded.runs if run.user_id == alice}
    key = {"api_key": seeded.api_keys["alice"]}
    served = requests.get(
        f"{endpoint}/api/project/{project_id}/newtask", params={**key, "limit": 100}, timeout=10
    ).json()
    served_ids = {task["id"] for task in (served if isinstance(served, list) else [served])}
    assert served_ids and not served_ids & answered
    task = requests.post(
        f"{endpoint}/api/task",
        params=key,
        timeout=10,
        json={"project_id": project_id, "info": {"new": True}},
    )
    assert task.status_code == 200 and task.json()["id"] > seeded.max_ids["task"]


def test_the_avatar_file_came_along(switched):
    endpoint, seeded, env, _ = switched
    info = stored(env["DATABASE_URL"], tables.user)[seeded.users["alice"]]["info"]
    image = requests.get(f"{endpoint}{info['avatar_url']}", timeout=10)
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


def test_each_users_consent_came_along(switched):
    _, seeded, env, _ = switched
    users = stored(env["DATABASE_URL"], tables.user)
    assert users[seeded.users["alice"]]["consent"] is True
    assert users[seeded.users["bob"]]["consent"] is False


def test_importing_again_into_the_filled_database_is_refused(switched):
    _, _, env, source_url = switched
    again = pybossa_falcon(env, "db", "import-pybossa", "--from", source_url)
    assert again.returncode == 2 and "already holds" in again.stderr


def _short_name(endpoint: str, seeded) -> str:
    project = requests.get(f"{endpoint}/api/project/{seeded.projects['published']}", timeout=10)
    return project.json()["short_name"]


def _email(env: dict, name: str) -> str:
    return next(
        user["email_addr"]
        for user in stored(env["DATABASE_URL"], tables.user).values()
        if user["name"] == name
    )


def test_an_older_pybossa_without_some_tables_and_columns_imports_too(
    bare_postgres_url, database_url, tmp_path
):
    name = "pbsrc_" + uuid.uuid4().hex
    source_url = create_source(bare_postgres_url, name, version=2)
    try:
        seeded = seed_awkward(source_url, version=2)
        report = run_import(source_url, database_url, tmp_path / "none", tmp_path / "storage")
    finally:
        drop_source(bare_postgres_url, name)
    users = {user["name"]: user for user in stored(database_url, tables.user).values()}
    assert set(users) == set(seeded.users)
    assert users[seeded.null_fullname]["fullname"] == seeded.null_fullname
    assert report.kinds["task_run"].imported == len(seeded.runs) - 1
    assert report.kinds["blogpost"].imported == 2 and report.kinds["pages"].source_rows == 0
    assert report.kinds["favorite"].source_rows == 0  # PYBOSSA 2 has no fav_user_ids


def test_the_source_is_read_in_a_transaction_that_cannot_write(source):
    reader = SqlPybossaSource(source[0])
    try:
        with reader._reading() as connection, pytest.raises(DBAPIError, match="read-only"):
            connection.execute(text('DELETE FROM "user"'))
    finally:
        reader.close()
    assert len(_source_rows(source[0], "user")) == len(source[1].users)
