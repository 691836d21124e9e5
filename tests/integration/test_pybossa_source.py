"""The PYBOSSA-shaped source helper builds the tables of the spec, seeds what it says it seeded,
writes the uploader's files, and fills a bulk source without duplicate answers."""

import hashlib
import uuid
from contextlib import closing

import pytest
from PIL import Image

from .pybossa_source import (
    ALEMBIC_REVISION,
    ALICE_HASH,
    ALICE_PASSWORD,
    BOB_HASH,
    BOB_PASSWORD,
    DAVE_HASH,
    DAVE_PASSWORD,
    TABLES,
    V4_ONLY_COLUMNS,
    V4_ONLY_TABLES,
    ZOE_HASH,
    ZOE_PASSWORD,
    _connect,
    create_source,
    drop_source,
    seed_awkward,
    seed_bulk,
    write_uploads,
)


@pytest.fixture
def make_source(bare_postgres_url):
    """Create sources named pbsrc_<hex> on the test server; drop them after the test."""
    names = []

    def make(version: int = 4) -> str:
        names.append("pbsrc_" + uuid.uuid4().hex)
        return create_source(bare_postgres_url, names[-1], version=version)

    yield make
    for name in names:
        drop_source(bare_postgres_url, name)


def query(url: str, statement: str, *params) -> list[tuple]:
    with closing(_connect(url)) as connection, connection, connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def columns(url: str) -> dict[str, dict[str, tuple[str, bool]]]:
    """{table: {column: (udt name, nullable)}} of the public schema."""
    found: dict[str, dict[str, tuple[str, bool]]] = {}
    for table, column, udt, nullable in query(
        url,
        "SELECT table_name, column_name, udt_name, is_nullable = 'YES'"
        " FROM information_schema.columns WHERE table_schema = 'public'",
    ):
        found.setdefault(table, {})[column] = (udt, nullable)
    return found


@pytest.mark.postgres
@pytest.mark.parametrize("version", [4, 2])
def test_the_source_has_the_tables_of_its_version(make_source, version):
    url = make_source(version)
    found = columns(url)
    expected = {table for table in TABLES if version >= 4 or table not in V4_ONLY_TABLES}
    assert set(found) == expected | {"alembic_version"}
    assert query(url, "SELECT version_num FROM alembic_version") == [(ALEMBIC_REVISION[version],)]
    assert found["user"]["id"] == ("int4", False)
    assert found["user"]["fullname"] == ("varchar", version < 4)
    assert found["task"]["priority_0"] == ("float8", True)
    assert found["result"]["task_run_ids"] == ("_int4", False)
    assert found["helpingmaterial"]["created"] == ("timestamp", True)
    for table, names in V4_ONLY_COLUMNS.items():
        assert names <= set(found[table]) if version >= 4 else not names & set(found[table])
    sequences = {
        name for (name,) in query(url, "SELECT sequence_name FROM information_schema.sequences")
    }
    assert sequences == {f"{table}_id_seq" for table in expected}


@pytest.mark.postgres
@pytest.mark.parametrize("version", [4, 2])
def test_the_awkward_rows_are_what_seeded_says(make_source, version):
    url = make_source(version)
    seeded = seed_awkward(url, version=version)
    for table, count in seeded.counts.items():
        assert query(url, f'SELECT count(*), max(id) FROM "{table}"') == [
            (count, seeded.max_ids[table])
        ]
        assert query(url, f"SELECT last_value, is_called FROM {table}_id_seq") == [
            (seeded.max_ids[table], True)
        ]
    assert seeded.counts["counter"] == seeded.counts["task"] + seeded.counts["task_run"]
    users = {
        name: row
        for name, *row in query(
            url, 'SELECT name, id, passwd_hash, api_key, admin, fullname, info FROM "user"'
        )
    }
    assert users["alice"][:3] == [
        seeded.users["alice"],
        seeded.password_hashes["alice"],
        seeded.api_keys["alice"],
    ]
    assert users["alice"][5]["avatar_url"] == "/uploads/user_1/1700000000_avatar.png"
    assert users["dave"][3] is True
    assert users["carol"][1] is None and "twitter_token" in users["carol"][5]
    assert users["zoe"][4] == "Zoë 山田"
    assert (seeded.null_fullname == "carol") == (version < 4)
    assert users["carol"][4] == (None if version < 4 else "Carol O'Auth")
    assert query(
        url,
        "SELECT secret_key, info->>'sched' FROM project WHERE id = %s",
        seeded.projects["published"],
    ) == [(seeded.secret_keys[seeded.projects["published"]], "depth_first")]


@pytest.mark.postgres
@pytest.mark.parametrize("version", [4, 2])
def test_the_awkward_tasks_and_runs(make_source, version):
    url = make_source(version)
    seeded = seed_awkward(url, version=version)
    tasks = seeded.tasks
    states = dict(query(url, "SELECT id, state FROM task"))
    assert states[tasks["inconsistent_completed"]] == "completed"
    assert len(seeded.runs_of(tasks["inconsistent_completed"])) == 1
    assert [run.user_id for run in seeded.runs_of(tasks["completed"])] == [
        seeded.users["alice"],
        seeded.users["bob"],
    ]
    (anonymous,) = seeded.runs_of(tasks["ongoing_anonymous"])
    assert (anonymous.user_id, anonymous.user_ip) == (None, "203.0.113.9")
    first, second = (
        next(run for run in seeded.runs if run.id == id) for id in seeded.duplicate_runs
    )
    assert (first.task_id, first.user_id) == (second.task_id, second.user_id)
    assert ("ongoing_external" in tasks) == (version >= 4)
    assert query(url, "SELECT task_id FROM result") == [(tasks["completed"],)] * 2
    assert query(url, "SELECT task_run_ids, info FROM result WHERE last_version") == [
        ([run.id for run in seeded.runs_of(tasks["completed"])], {"answer": "3"})
    ]
    assert not query(
        url, "SELECT 1 FROM task_run WHERE task_id = ANY(%s)", list(seeded.draft_tasks)
    )
    (size,) = query(
        url, "SELECT octet_length(info::text) FROM task WHERE id = %s", tasks["large_info"]
    )[0]
    assert 900_000 < size < 1_500_000 and 900_000 < seeded.large_info_bytes < 1_500_000
    assert query(url, "SELECT sum(n_task_runs) FROM counter") == [(len(seeded.runs),)]


@pytest.mark.postgres
def test_version_4_runs_carry_external_uids_and_tasks_favourites(make_source):
    url = make_source(4)
    seeded = seed_awkward(url)
    (external,) = seeded.runs_of(seeded.tasks["ongoing_external"])
    assert query(url, "SELECT external_uid, user_id FROM task_run WHERE id = %s", external.id) == [
        (external.external_uid, None)
    ]
    assert query(url, "SELECT fav_user_ids FROM task WHERE fav_user_ids IS NOT NULL") == [
        ([seeded.users["alice"], seeded.users["carol"]],)
    ]


@pytest.mark.postgres
def test_creating_again_replaces_the_source_even_while_connected(make_source, bare_postgres_url):
    url = make_source(4)
    seed_awkward(url)
    name = url.rsplit("/", 1)[1]
    with closing(_connect(url)):
        again = create_source(bare_postgres_url, name)
    assert again == url
    assert query(url, 'SELECT count(*) FROM "user"') == [(0,)]


def test_the_password_hashes_are_those_of_the_passwords():
    """Werkzeug made them; hashlib recomputes them the way werkzeug checks them."""
    for stored, password in [
        (ALICE_HASH, ALICE_PASSWORD),
        (DAVE_HASH, DAVE_PASSWORD),
        (ZOE_HASH, ZOE_PASSWORD),
    ]:
        method, salt, digest = stored.split("$")
        _, name, iterations = method.split(":")
        assert (
            hashlib.pbkdf2_hmac(name, password.encode(), salt.encode(), int(iterations)).hex()
            == digest
        )
    method, salt, digest = BOB_HASH.split("$")
    n, r, p = map(int, method.removeprefix("scrypt:").split(":"))
    assert (
        hashlib.scrypt(
            BOB_PASSWORD.encode(),
            salt=salt.encode(),
            n=n,
            r=r,
            p=p,
            maxmem=132 * n * r * p,
            dklen=64,
        ).hex()
        == digest
    )


@pytest.mark.postgres
def test_write_uploads_writes_the_files_the_rows_name(make_source, tmp_path):
    seeded = seed_awkward(make_source(4))
    write_uploads(tmp_path, seeded)
    for relative in ("user_1/1700000000_avatar.png", "user_1/help.png"):
        with Image.open(tmp_path / relative) as image:
            assert image.format == "PNG"


@pytest.mark.postgres
@pytest.mark.parametrize("version", [4, 2])
def test_bulk_runs_are_spread_over_different_users(make_source, version):
    url = make_source(version)
    seed_bulk(url, tasks=30, runs_per_task=4, users=7)
    assert query(
        url,
        'SELECT (SELECT count(*) FROM "user"), (SELECT count(*) FROM task),'
        " (SELECT count(*) FROM task_run)",
    ) == [(8, 30, 120)]
    assert query(
        url, "SELECT count(DISTINCT (task_id, user_id)), min(user_id), max(user_id) FROM task_run"
    ) == [(120, 2, 8)]
    assert query(url, "SELECT last_value FROM task_run_id_seq") == [(120,)]
    with pytest.raises(ValueError):
        seed_bulk(url, tasks=1, runs_per_task=8, users=7)
