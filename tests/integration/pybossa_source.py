"""A PYBOSSA-shaped source database on the test PostgreSQL server, for `db import-pybossa` tests.

The tables follow the description of PYBOSSA 4's database in the project's spec (written from
that description, not from PYBOSSA's code); `version=2` gives an older, PYBOSSA 2.x-like subset.
`seed_awkward` fills it with the rows an importer finds hard, `seed_bulk` with many plain ones.
"""

import json
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg2
from PIL import Image
from psycopg2 import sql
from psycopg2.extras import Json
from sqlalchemy.engine import make_url

# --- the schema --------------------------------------------------------------------------------

NULL, NOT_NULL = True, False

TABLES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "user": (
        ("created", "text", NULL),
        ("email_addr", "varchar", NOT_NULL),
        ("name", "varchar", NOT_NULL),
        ("fullname", "varchar", NOT_NULL),
        ("locale", "varchar", NOT_NULL),
        ("api_key", "varchar", NULL),
        ("passwd_hash", "varchar", NULL),
        ("ldap", "varchar", NULL),
        ("admin", "boolean", NULL),
        ("pro", "boolean", NULL),
        ("privacy_mode", "boolean", NOT_NULL),
        ("restrict", "boolean", NOT_NULL),
        ("category", "integer", NULL),
        ("flags", "integer", NULL),
        ("ckan_api", "varchar", NULL),
        ("newsletter_prompted", "boolean", NULL),
        ("valid_email", "boolean", NULL),
        ("confirmation_email_sent", "boolean", NULL),
        ("subscribed", "boolean", NULL),
        ("consent", "boolean", NULL),
        ("info", "jsonb", NULL),
        ("user_pref", "jsonb", NULL),
        ("notified_at", "date", NULL),
    ),
    "category": (
        ("name", "text", NOT_NULL),
        ("short_name", "text", NOT_NULL),
        ("description", "text", NOT_NULL),
        ("created", "text", NULL),
        ("info", "jsonb", NULL),
    ),
    "project": (
        ("created", "text", NULL),
        ("updated", "text", NULL),
        ("name", "varchar", NOT_NULL),
        ("short_name", "varchar", NOT_NULL),
        ("description", "varchar", NOT_NULL),
        ("long_description", "text", NULL),
        ("webhook", "text", NULL),
        ("allow_anonymous_contributors", "boolean", NULL),
        ("published", "boolean", NOT_NULL),
        ("featured", "boolean", NOT_NULL),
        ("secret_key", "text", NULL),
        ("zip_download", "boolean", NULL),
        ("contacted", "boolean", NOT_NULL),
        ("owner_id", "integer", NOT_NULL),
        ("category_id", "integer", NOT_NULL),
        ("info", "jsonb", NULL),
        ("owners_ids", "integer[]", NULL),
    ),
    "task": (
        ("created", "text", NULL),
        ("project_id", "integer", NOT_NULL),
        ("state", "text", NULL),
        ("quorum", "integer", NULL),
        ("calibration", "integer", NULL),
        ("priority_0", "float8", NULL),
        ("info", "jsonb", NULL),
        ("n_answers", "integer", NULL),
        ("fav_user_ids", "integer[]", NULL),
    ),
    "task_run": (
        ("created", "text", NULL),
        ("project_id", "integer", NOT_NULL),
        ("task_id", "integer", NOT_NULL),
        ("user_id", "integer", NULL),
        ("user_ip", "text", NULL),
        ("finish_time", "text", NULL),
        ("timeout", "integer", NULL),
        ("calibration", "integer", NULL),
        ("external_uid", "text", NULL),
        ("media_url", "text", NULL),
        ("info", "jsonb", NULL),
    ),
    "result": (
        ("created", "text", NULL),
        ("project_id", "integer", NOT_NULL),
        ("task_id", "integer", NOT_NULL),
        ("task_run_ids", "integer[]", NOT_NULL),
        ("last_version", "boolean", NULL),
        ("info", "jsonb", NULL),
    ),
    "helpingmaterial": (
        ("created", "timestamp", NULL),
        ("project_id", "integer", NOT_NULL),
        ("info", "jsonb", NULL),
        ("media_url", "text", NULL),
        ("priority", "float8", NULL),
    ),
    "webhook": (
        ("created", "text", NULL),
        ("updated", "text", NULL),
        ("project_id", "integer", NOT_NULL),
        ("payload", "jsonb", NULL),
        ("response", "text", NULL),
        ("response_status_code", "integer", NULL),
    ),
    "blogpost": (
        ("created", "text", NULL),
        ("updated", "text", NULL),
        ("project_id", "integer", NOT_NULL),
        ("user_id", "integer", NULL),
        ("title", "varchar", NOT_NULL),
        ("body", "text", NOT_NULL),
        ("info", "jsonb", NULL),
        ("media_url", "text", NULL),
        ("published", "boolean", NOT_NULL),
    ),
    "announcement": (
        ("created", "text", NULL),
        ("user_id", "integer", NULL),
        ("updated", "text", NULL),
        ("title", "varchar", NOT_NULL),
        ("body", "text", NOT_NULL),
        ("info", "json", NULL),
        ("media_url", "text", NULL),
        ("published", "boolean", NOT_NULL),
    ),
    "pages": (
        ("created", "timestamp", NULL),
        ("slug", "varchar", NOT_NULL),
        ("project_id", "integer", NOT_NULL),
        ("info", "jsonb", NULL),
        ("media_url", "text", NULL),
    ),
    "auditlog": (
        ("project_id", "integer", NOT_NULL),
        ("project_short_name", "text", NOT_NULL),
        ("user_id", "integer", NOT_NULL),
        ("user_name", "text", NOT_NULL),
        ("created", "text", NOT_NULL),
        ("action", "text", NOT_NULL),
        ("caller", "text", NOT_NULL),
        ("attribute", "text", NOT_NULL),
        ("old_value", "text", NULL),
        ("new_value", "text", NULL),
    ),
    "counter": (
        ("created", "timestamp", NULL),
        ("project_id", "integer", NOT_NULL),
        ("task_id", "integer", NOT_NULL),
        ("n_task_runs", "integer", NOT_NULL),
    ),
    "project_stats": (
        ("project_id", "integer", NOT_NULL),
        ("n_tasks", "integer", NULL),
        ("n_task_runs", "integer", NULL),
        ("n_results", "integer", NULL),
        ("n_volunteers", "integer", NULL),
        ("n_completed_tasks", "integer", NULL),
        ("overall_progress", "integer", NULL),
        ("average_time", "float8", NULL),
        ("n_blogposts", "integer", NULL),
        ("last_activity", "text", NULL),
        ("info", "jsonb", NULL),
    ),
}
"""Every table's columns after `id serial PRIMARY KEY`, in order: (name, type, nullable)."""

UNIQUE = {
    "user": ("api_key", "ckan_api", "email_addr", "ldap", "name", "passwd_hash"),
    "category": ("name", "short_name"),
    "project": ("name", "short_name"),
}
FOREIGN_KEYS = {
    "project": (("category_id", "category"), ("owner_id", "user")),
    "task": (("project_id", "project"),),
    "task_run": (("project_id", "project"), ("task_id", "task"), ("user_id", "user")),
    "result": (("project_id", "project"), ("task_id", "task")),
    "helpingmaterial": (("project_id", "project"),),
    "webhook": (("project_id", "project"),),
    "blogpost": (("project_id", "project"), ("user_id", "user")),
    "announcement": (("user_id", "user"),),
    "pages": (("project_id", "project"),),
    "counter": (("project_id", "project"), ("task_id", "task")),
    "project_stats": (("project_id", "project"),),
}

V4_ONLY_TABLES = frozenset({"pages", "announcement", "auditlog", "project_stats", "webhook"})
V4_ONLY_COLUMNS = {
    "user": frozenset(
        {"consent", "user_pref", "notified_at", "restrict", "ldap", "confirmation_email_sent"}
    ),
    "project": frozenset({"owners_ids", "zip_download"}),
    "task": frozenset({"fav_user_ids"}),
    "task_run": frozenset({"media_url", "external_uid"}),
}
NULLABLE_IN_V2 = {("user", "fullname")}

ALEMBIC_REVISION = {4: "31c3c2ff9fab", 2: "1a2b3c4d5e6f"}
"""4: what PYBOSSA 4.0.2's `db_create` stamps; 2: an invented older revision."""


def tables(version: int = 4) -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """The tables of a source of that version (besides alembic_version) and their columns."""
    if version >= 4:
        return dict(TABLES)
    return {
        table: tuple(
            (name, kind, nullable or (table, name) in NULLABLE_IN_V2)
            for name, kind, nullable in columns
            if name not in V4_ONLY_COLUMNS.get(table, ())
        )
        for table, columns in TABLES.items()
        if table not in V4_ONLY_TABLES
    }


# --- creating and dropping ---------------------------------------------------------------------


def create_source(admin_url: str, name: str, *, version: int = 4) -> str:
    """(Re)create database `name` on the server of `admin_url` with PYBOSSA's tables of that
    version (4, or 2 for the older shape) and return its URL, in the form of `admin_url`."""
    drop_source(admin_url, name)
    _on_server(admin_url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with _transaction(url) as cursor:
        for table, columns in tables(version).items():
            cursor.execute(_create_table(table, columns))
        cursor.execute(
            "CREATE TABLE alembic_version (version_num varchar(32) NOT NULL,"
            " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        cursor.execute("INSERT INTO alembic_version VALUES (%s)", (ALEMBIC_REVISION[version],))
    return url


def drop_source(admin_url: str, name: str) -> None:
    """Drop database `name` if it exists, terminating the connections to it."""
    _on_server(
        admin_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def _create_table(table: str, columns) -> sql.Composed:
    names = {name for name, _, _ in columns}
    parts = [sql.SQL("id serial PRIMARY KEY")]
    parts += [
        sql.SQL("{} {}{}").format(
            sql.Identifier(name), sql.SQL(kind), sql.SQL("" if nullable else " NOT NULL")
        )
        for name, kind, nullable in columns
    ]
    parts += [
        sql.SQL("UNIQUE ({})").format(sql.Identifier(name))
        for name in UNIQUE.get(table, ())
        if name in names
    ]
    parts += [
        sql.SQL("FOREIGN KEY ({}) REFERENCES {} (id)").format(
            sql.Identifier(column), sql.Identifier(target)
        )
        for column, target in FOREIGN_KEYS.get(table, ())
    ]
    return sql.SQL("CREATE TABLE {} ({})").format(sql.Identifier(table), sql.SQL(", ").join(parts))


def _connect(url: str):
    """A psycopg2 connection from a libpq- or SQLAlchemy-style postgresql URL."""
    parsed = make_url(url)
    params = dict(
        dbname=parsed.database,
        user=parsed.username,
        password=parsed.password,
        host=parsed.host,
        port=parsed.port,
        **parsed.query,
    )
    return psycopg2.connect(**{key: value for key, value in params.items() if value is not None})


@contextmanager
def _transaction(url: str) -> Iterator:
    """A cursor in one transaction, committed when the block ends without an error."""
    with closing(_connect(url)) as connection, connection, connection.cursor() as cursor:
        yield cursor


def _on_server(admin_url: str, statement: sql.Composed) -> None:
    connection = _connect(admin_url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


# --- the awkward rows --------------------------------------------------------------------------

# Password hashes made by werkzeug's generate_password_hash, pasted here with their passwords.
ALICE_PASSWORD = "alice-password-1"
ALICE_HASH = (  # werkzeug 3.1.9, method="pbkdf2:sha256:150000", salt_length=8 (as werkzeug 1.0.1)
    "pbkdf2:sha256:150000$uLW3Qg1S$56e6a7d7d9eb91093e5214706fe52506cd88b74f342742d1769f5d7d87a6d63b"
)
BOB_PASSWORD = "bob-password-2"
BOB_HASH = (  # werkzeug 3.1.9, method="scrypt:32768:8:1"
    "scrypt:32768:8:1$cxy5QtbKP3F3ZBd4$4c7b717079c867cb44ad7347262d94cf5e2ccd8916c0b2dbdf521c32"
    "4440040a2ad2b367c09f029e95391e2c067779f1efc275fdb06630c668f688c16be8732a"
)
DAVE_PASSWORD = "dave-password-3"
DAVE_HASH = (  # werkzeug 0.16.1, method="pbkdf2:sha1:1000" (werkzeug 0.x's old default)
    "pbkdf2:sha1:1000$OZ1k9OY0$64f75b749f145a52b9ce69e424a09646df38b085"
)
ZOE_PASSWORD = "zoe-password-4"
ZOE_HASH = (  # werkzeug 3.1.9, method="pbkdf2:sha256" (its default: 1,000,000 iterations)
    "pbkdf2:sha256:1000000$c08T63EvIA1xAIyW$"
    "f1055f496c40b8042cd15ba0cd59eb52dfed39291aafebc8c384eeeaab8cbae5"
)

AVATAR = "user_1/1700000000_avatar.png"
HELP_IMAGE = "user_1/help.png"


@dataclass(frozen=True)
class Run:
    """One task run as seeded: who answered which task."""

    id: int
    task_id: int
    project_id: int
    user_id: int | None
    external_uid: str | None
    user_ip: str | None


@dataclass(frozen=True)
class Seeded:
    """What `seed_awkward` inserted, for tests to assert on."""

    version: int
    users: dict[str, int]
    """User ids by name: alice, bob, carol (OAuth only), dave (admin), zoe (unicode)."""
    passwords: dict[str, str]
    """Plaintext passwords by user name (carol has none)."""
    password_hashes: dict[str, str]
    api_keys: dict[str, str]
    """API keys (UUID4 strings) by user name."""
    null_fullname: str | None
    """The user whose fullname is NULL (version 2 only)."""
    projects: dict[str, int]
    """Project ids: "published" and "draft"."""
    secret_keys: dict[int, str]
    """Project secret keys by project id."""
    tasks: dict[str, int]
    """Task ids by role: completed, ongoing_anonymous, ongoing_external (version 4 only),
    large_info, no_result_completed, inconsistent_completed, calibration, duplicate."""
    draft_tasks: tuple[int, ...]
    runs: tuple[Run, ...]
    duplicate_runs: tuple[int, int]
    """Two runs of the same task by the same user."""
    results: dict[str, int]
    """Result ids of the completed task: "latest" (last_version) and "older"."""
    helping_materials: dict[str, int]
    """Helping material ids: "uploaded" and "external"."""
    uploads: tuple[str, ...]
    """Paths of the local uploader's files, relative to its folder."""
    large_info_bytes: int
    """The size of the large task's info, as UTF-8 JSON."""
    max_ids: dict[str, int]
    """The largest id inserted per table (where its sequence now stands)."""
    counts: dict[str, int]
    """Rows inserted per table (alembic_version, one row, aside)."""

    def runs_of(self, task_id: int) -> tuple[Run, ...]:
        """The seeded runs of that task, in id order."""
        return tuple(run for run in self.runs if run.task_id == task_id)


def seed_awkward(url: str, *, version: int = 4) -> Seeded:
    """Insert the awkward rows (explicit ids with gaps, then the sequences set to the maximum
    ids) into a source made by `create_source(..., version=version)`; say what went in."""
    rows = _awkward_rows(version)
    schema = tables(version)
    with _transaction(url) as cursor:
        for table, table_rows in rows.items():
            for row in table_rows:
                _insert(cursor, table, row, schema[table])
        for table in schema:
            _set_sequence(cursor, table)
    return _describe(rows, version)


def _insert(cursor, table: str, row: dict, columns) -> None:
    kinds = {name: kind for name, kind, _ in columns}
    values = [
        Json(value) if kinds.get(name) in ("json", "jsonb") and value is not None else value
        for name, value in row.items()
    ]
    cursor.execute(
        sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, row)),
            sql.SQL(", ").join(sql.Placeholder() * len(row)),
        ),
        values,
    )


def _set_sequence(cursor, table: str) -> None:
    """As PYBOSSA's would be: the sequence at the maximum id (or unused on an empty table)."""
    cursor.execute(
        sql.SQL(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 1),"
            " max(id) IS NOT NULL) FROM {}"
        ).format(sql.Identifier(table)),
        (sql.Identifier(table).as_string(cursor),),
    )


def _awkward_rows(version: int) -> dict[str, list[dict]]:
    """Every table's rows for that version, in insertion order, minus absent tables/columns."""
    rows = {
        "user": _users(version),
        "category": _categories(),
        "project": _projects(),
        "task": _tasks(version),
        "task_run": _task_runs(version),
        "result": _results(),
        "helpingmaterial": _helping_materials(),
        **_skipped_rows(),
    }
    rows["counter"] = _counters(rows["task"], rows["task_run"])
    present = tables(version)
    return {
        table: [
            {
                name: value
                for name, value in row.items()
                if name == "id" or name in {column for column, _, _ in present[table]}
            }
            for row in table_rows
        ]
        for table, table_rows in rows.items()
        if table in present
    }


def _user(id: int, name: str, **fields) -> dict:
    row = dict(
        id=id,
        created="2019-03-04T10:11:12.123456",
        email_addr=f"{name}@example.org",
        name=name,
        fullname=name.title(),
        locale="en",
        api_key=None,
        passwd_hash=None,
        ldap=None,
        admin=False,
        pro=False,
        privacy_mode=False,
        restrict=False,
        category=None,
        flags=None,
        ckan_api=None,
        newsletter_prompted=False,
        valid_email=True,
        confirmation_email_sent=False,
        subscribed=True,
        consent=False,
        info={},
        user_pref={},
        notified_at=None,
    )
    return {**row, **fields}


def _users(version: int) -> list[dict]:
    twitter = {"twitter_token": {"oauth_token": "1234-abcdEFGH", "oauth_token_secret": "s3cr3t"}}
    return [
        _user(
            1,
            "alice",
            api_key="35827a09-270b-47a9-b1d2-913404bc2e9f",
            passwd_hash=ALICE_HASH,
            consent=True,
            info={
                "avatar": "1700000000_avatar.png",
                "container": "user_1",
                "avatar_url": "/uploads/" + AVATAR,
            },
            user_pref={"languages": ["en"], "locations": []},
        ),
        _user(
            2,
            "bob",
            created="2019-05-06T07:08:09.000001",
            api_key=("dc082c15-8b9b-468c-aa1a-18e01d83a8e7"),
            passwd_hash=BOB_HASH,
            valid_email=False,
            confirmation_email_sent=True,
            subscribed=False,
        ),
        _user(
            5,
            "carol",
            created="2020-01-02T03:04:05",
            fullname=(None if version < 4 else "Carol O'Auth"),
            api_key=("2e222746-4df1-4eff-97e6-bdb6b32ea655"),
            info=twitter,
            newsletter_prompted=True,
            notified_at="2024-02-29",
        ),
        _user(
            9,
            "dave",
            created="2014-07-08T09:10:11.121314",
            api_key=("727050a4-ddd9-4c4d-8836-3bd5f62cfd05"),
            passwd_hash=DAVE_HASH,
            admin=True,
            pro=True,
            subscribed=False,
            flags=0,
        ),
        _user(
            12,
            "zoe",
            created="2023-11-30T23:59:59.999999",
            email_addr="Zoe.Yamada@Example.ORG",
            fullname="Zoë 山田",
            locale="es",
            api_key="35d5f7ca-5ceb-4e44-bbff-f93ae734ed55",
            passwd_hash=ZOE_HASH,
            privacy_mode=True,
            restrict=True,
            valid_email=False,
        ),
    ]


def _categories() -> list[dict]:
    return [
        dict(
            id=1,
            name="Thinking",
            short_name="thinking",
            description="Volunteer thinking",
            created="2014-07-08T09:10:11.121314",
            info={},
        ),
        dict(
            id=3,
            name="Science & Société",
            short_name="science-societe",
            description="",
            created="2016-01-01T00:00:00",
            info=None,
        ),
    ]


def _projects() -> list[dict]:
    published_info = {
        "task_presenter": '<div id="presenter"><p>¿Cuántos pájaros? 🐦</p></div>',
        "sched": "depth_first",
        "tutorial": "<p>Count every bird.</p>",
        "results": "<p>Thanks!</p>",
        "thumbnail": "t.png",
        "container": "user_1",
    }
    common = dict(
        long_description="# Birds\n\nCount *every* bird.", zip_download=True, contacted=False
    )
    return [
        dict(
            id=7,
            created="2019-03-05T08:00:00.500000",
            updated="2024-06-01T12:00:00.000123",
            name="Count the birds 🐦",
            short_name="birds",
            description="Birds, counted",
            webhook="https://hooks.example.org/pybossa",
            allow_anonymous_contributors=True,
            published=True,
            featured=True,
            secret_key="38cdb1dc-8e06-4d6e-b78c-d67aa0fc8791",
            owner_id=1,
            category_id=1,
            info=published_info,
            owners_ids=[1, 2],
            **common,
        ),
        dict(
            id=9,
            created="2020-02-03T04:05:06.070809",
            updated="2020-02-03T04:05:06.070809",
            name="Draft",
            short_name="draft",
            description="",
            webhook=None,
            allow_anonymous_contributors=False,
            published=False,
            featured=False,
            secret_key="532eff96-64ec-4988-975e-266af2ada4af",
            owner_id=2,
            category_id=3,
            info={"sched": "default"},
            owners_ids=[2],
            **common,
        ),
    ]


def _task(id: int, project_id: int, **fields) -> dict:
    row = dict(
        id=id,
        created=f"2024-01-{id:02}T10:00:00.{id:06}",
        project_id=project_id,
        state="ongoing",
        quorum=0,
        calibration=0,
        priority_0=0.0,
        info={
            "question": f"How many birds in picture {id}?",
            "url": f"https://img.example.org/{id}.jpg",
        },
        n_answers=2 if project_id == 7 else 30,
        fav_user_ids=None,
    )
    return {**row, **fields}


def _tasks(version: int) -> list[dict]:
    tasks = [
        _task(10, 7, state="completed", fav_user_ids=[1, 5]),
        _task(11, 7, priority_0=0.5, info={"question": "Ünïcödé ✓", "choices": ["a", "b"]}),
        _task(13, 7, priority_0=0.25),
        _task(14, 7, priority_0=1.0, info=_large_info()),
        _task(17, 7, state="completed", info={"nested": [[1, [2, [3]]], {"k": None}]}),
        _task(18, 7, state="completed"),
        _task(20, 7, calibration=1, priority_0=0.75, info={"gold": True}),
        _task(22, 7, info={"question": "Duplicated under load"}),
        _task(30, 9),
        _task(31, 9, priority_0=0.1),
    ]
    return [task for task in tasks if version >= 4 or task["id"] != 13]


def _large_info() -> dict:
    """About 1 MB of JSON (UTF-8) with unicode text and nested lists."""
    text = "Zoë 山田 counted naïve cafés – «ßpecial» 🐦; "
    return {
        "title": "A very large task",
        "paragraphs": [
            {"n": n, "text": text * 4, "tags": ["α", "β", [n, [n + 1, "γ"]]]} for n in range(4000)
        ],
    }


def _run(id: int, task_id: int, user_id: int | None, info, **fields) -> dict:
    row = dict(
        id=id,
        created=f"2024-02-{task_id:02}T11:{id:02}:00.{id:06}",
        project_id=7,
        task_id=task_id,
        user_id=user_id,
        user_ip=None,
        finish_time=f"2024-02-{task_id:02}T11:{id:02}:30.{id:06}",
        timeout=None,
        calibration=None,
        external_uid=None,
        media_url=None,
        info=info,
    )
    return {**row, **fields}


def _task_runs(version: int) -> list[dict]:
    runs = [
        _run(40, 10, 1, {"answer": "3"}),
        _run(41, 10, 2, "3", timeout=60),
        _run(43, 11, None, ["a", "b"], user_ip="203.0.113.9"),
        _run(
            44,
            13,
            None,
            {"answer": "drei Vögel 🐦"},
            external_uid="ext-8c1e5f",
            media_url="https://cdn.example.org/answer.ogg",
        ),
        _run(47, 17, 9, {"answer": {"nested": [1, 2, {"k": None}]}}),
        _run(48, 17, 12, "ümlaut ✓ 山", created="2024-02-17T11:48:00"),
        _run(50, 18, 5, {"answer": "yes"}, finish_time=None),
        _run(52, 22, 2, {"answer": "7"}),
        _run(
            53,
            22,
            2,
            {"answer": "7"},
            created="2024-02-22T11:52:00.000058",
            finish_time="2024-02-22T11:52:30.000052",
        ),
    ]
    return [run for run in runs if version >= 4 or run["task_id"] != 13]


def _results() -> list[dict]:
    common = dict(project_id=7, task_id=10, task_run_ids=[40, 41])
    return [
        dict(
            id=3,
            created="2024-02-10T11:41:30.000041",
            last_version=False,
            info={"answer": "2"},
            **common,
        ),
        dict(
            id=4,
            created="2024-03-01T09:00:00.000001",
            last_version=True,
            info={"answer": "3"},
            **common,
        ),
    ]


def _helping_materials() -> list[dict]:
    return [
        dict(
            id=2,
            created=datetime(2019, 3, 6, 12, 0, 0, 123456),
            project_id=7,
            info={"file_name": "help.png", "container": "user_1"},
            media_url="/uploads/" + HELP_IMAGE,
            priority=0.5,
        ),
        dict(
            id=5,
            created=datetime(2019, 3, 7, 12, 0),
            project_id=7,
            info={},
            media_url="https://cdn.example.org/video.mp4",
            priority=None,
        ),
    ]


def _skipped_rows() -> dict[str, list[dict]]:
    """Rows of the tables beyond tasks and materials: posts and pages (imported), and those
    an importer skips (the tables the version lacks are left out later)."""
    return {
        "blogpost": _blogposts(),
        "announcement": [
            dict(
                id=1,
                created="2021-01-01T00:00:00.000001",
                user_id=9,
                updated="2021-01-02T00:00:00.000001",
                title="Maintenance",
                body="Down on Sunday",
                info={"level": "info"},
                media_url=None,
                published=True,
            )
        ],
        "pages": [
            dict(
                id=2,
                created=datetime(2021, 5, 5),
                slug="about",
                project_id=7,
                info={"html": "<p>About the birds</p>"},
                media_url=None,
            )
        ],
        "auditlog": _audit_rows(),
        "webhook": _webhook_rows(),
        "project_stats": [_project_stats()],
    }


def _blogposts() -> list[dict]:
    common = dict(project_id=7, user_id=1, info={}, media_url=None)
    return [
        dict(
            id=1,
            created="2019-04-01T10:00:00.000001",
            updated="2019-04-01T10:00:00.000001",
            title="Welcome",
            body="Hello, birders!",
            published=True,
            **common,
        ),
        dict(
            id=4,
            created="2019-04-02T10:00:00.000001",
            updated="2019-04-03T10:00:00.500000",
            title="Draft post ✍",
            body="",
            published=False,
            **common,
        ),
    ]


def _audit_rows() -> list[dict]:
    common = dict(project_id=7, project_short_name="birds", user_id=1, user_name="alice")
    return [
        dict(
            id=1,
            created="2019-03-05T08:00:00.500000",
            action="create",
            caller="web",
            attribute="project",
            old_value=None,
            new_value=None,
            **common,
        ),
        dict(
            id=2,
            created="2019-03-05T09:00:00.000001",
            action="update",
            caller="web",
            attribute="task_presenter",
            old_value="",
            new_value="<div>…</div>",
            **common,
        ),
        dict(
            id=5,
            created="2019-03-06T09:00:00.000001",
            action="update",
            caller="api",
            attribute="published",
            old_value="False",
            new_value="True",
            **common,
        ),
    ]


def _webhook_rows() -> list[dict]:
    payload = {
        "fired_at": "2024-02-10T11:41:31.000001",
        "project_short_name": "birds",
        "project_id": 7,
        "task_id": 10,
        "result_id": 4,
        "event": "task_completed",
    }
    return [
        dict(
            id=1,
            created="2024-02-10T11:41:31.000001",
            updated="2024-02-10T11:41:32.500000",
            project_id=7,
            payload=payload,
            response="OK",
            response_status_code=200,
        ),
        dict(
            id=2,
            created="2024-03-01T09:00:01.000001",
            updated="2024-03-01T09:00:02.500000",
            project_id=7,
            payload=payload,
            response="<html>502 Bad Gateway</html>",
            response_status_code=502,
        ),
    ]


def _project_stats() -> dict:
    return dict(
        id=1,
        project_id=7,
        n_tasks=8,
        n_task_runs=9,
        n_results=1,
        n_volunteers=5,
        n_completed_tasks=3,
        overall_progress=37,
        average_time=12.5,
        n_blogposts=2,
        last_activity="2024-02-22T11:52:00.000001",
        info={"hours_stats": [], "dates_stats": [], "users_stats": {}},
    )


def _counters(tasks: list[dict], runs: list[dict]) -> list[dict]:
    """A 0 row per task when it was created, then +1 per run."""
    events = [(task["created"], task["project_id"], task["id"], 0) for task in tasks]
    events += [(run["created"], run["project_id"], run["task_id"], 1) for run in runs]
    return [
        dict(
            id=n,
            created=datetime.fromisoformat(created),
            project_id=project_id,
            task_id=task_id,
            n_task_runs=delta,
        )
        for n, (created, project_id, task_id, delta) in enumerate(events, start=1)
    ]


def _describe(rows: dict[str, list[dict]], version: int) -> Seeded:
    users = {row["name"]: row["id"] for row in rows["user"]}
    hashes = {row["name"]: row["passwd_hash"] for row in rows["user"] if row["passwd_hash"]}
    plaintexts = {
        "alice": ALICE_PASSWORD,
        "bob": BOB_PASSWORD,
        "dave": DAVE_PASSWORD,
        "zoe": ZOE_PASSWORD,
    }
    roles = {
        "completed": 10,
        "ongoing_anonymous": 11,
        "ongoing_external": 13,
        "large_info": 14,
        "no_result_completed": 17,
        "inconsistent_completed": 18,
        "calibration": 20,
        "duplicate": 22,
    }
    task_ids = {row["id"] for row in rows["task"]}
    return Seeded(
        version=version,
        users=users,
        passwords={name: plaintexts[name] for name in hashes},
        password_hashes=hashes,
        api_keys={row["name"]: row["api_key"] for row in rows["user"]},
        null_fullname=next((row["name"] for row in rows["user"] if row["fullname"] is None), None),
        projects={"published": 7, "draft": 9},
        secret_keys={row["id"]: row["secret_key"] for row in rows["project"]},
        tasks={role: id for role, id in roles.items() if id in task_ids},
        draft_tasks=tuple(row["id"] for row in rows["task"] if row["project_id"] == 9),
        runs=tuple(
            Run(
                row["id"],
                row["task_id"],
                row["project_id"],
                row["user_id"],
                row.get("external_uid"),
                row["user_ip"],
            )
            for row in rows["task_run"]
        ),
        duplicate_runs=(52, 53),
        results={"older": 3, "latest": 4},
        helping_materials={"uploaded": 2, "external": 5},
        uploads=(AVATAR, HELP_IMAGE),
        large_info_bytes=len(json.dumps(_large_info(), ensure_ascii=False).encode()),
        max_ids={table: max(row["id"] for row in table_rows) for table, table_rows in rows.items()},
        counts={table: len(table_rows) for table, table_rows in rows.items()},
    )


# --- the uploaded files ------------------------------------------------------------------------


def write_uploads(directory: Path, seeded: Seeded) -> None:
    """Write the files PYBOSSA's local uploader holds for the seeded rows (small PNGs) under
    `directory`, as `<container>/<file>`."""
    colours = [(200, 30, 30), (30, 120, 200)]
    for n, relative in enumerate(seeded.uploads):
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (8 + 4 * n, 8), colours[n % len(colours)]).save(path, format="PNG")


# --- bulk rows ---------------------------------------------------------------------------------

BULK_USER = """
INSERT INTO "user" (id, created, email_addr, name, fullname, locale, api_key, admin, pro,
                    privacy_mode, {restrict}valid_email, subscribed, info)
SELECT g, to_char(timestamp '2020-01-01' + g * interval '1 minute', {iso}),
       'bulk' || g || '@example.org', 'bulk' || g, 'Bulk ' || g, 'en', gen_random_uuid()::text,
       g = 1, false, false, {restrict_value}true, true, '{{}}'::jsonb
FROM generate_series(1, %(users)s + 1) AS g"""

BULK_PROJECT = """
INSERT INTO category (id, name, short_name, description, created, info)
VALUES (1, 'Bulk', 'bulk', '', '2020-01-01T00:00:00.000001', '{}');
INSERT INTO project (id, created, updated, name, short_name, description, published, featured,
                     contacted, owner_id, category_id, allow_anonymous_contributors, info)
VALUES (1, '2020-01-01T00:00:00.000001', '2020-01-01T00:00:00.000001', 'Bulk', 'bulk', '',
        true, false, false, 1, 1, true, '{"sched": "default"}')"""

BULK_TASK = """
INSERT INTO task (id, created, project_id, state, quorum, calibration, priority_0, info,
                  n_answers)
SELECT g, to_char(timestamp '2021-01-01' + g * interval '1 second', {iso}), 1, 'completed', 0,
       0, 0.0, jsonb_build_object('question', 'Task ' || g, 'n', g), %(runs_per_task)s
FROM generate_series(1, %(tasks)s) AS g"""

BULK_TASK_RUN = """
INSERT INTO task_run (id, created, project_id, task_id, user_id, finish_time, timeout, info)
SELECT g, to_char(timestamp '2022-01-01' + g * interval '1 second', {iso}), 1,
       (g - 1) / %(runs_per_task)s + 1, (g - 1) %% %(users)s + 2,
       to_char(timestamp '2022-01-01' + g * interval '1 second' + interval '0.5 second', {iso}),
       NULL, jsonb_build_object('answer', g %% 7)
FROM generate_series(1, %(tasks)s * %(runs_per_task)s) AS g"""

ISO_FORMAT = "'YYYY-MM-DD\"T\"HH24:MI:SS.US'"


def seed_bulk(url: str, *, tasks: int, runs_per_task: int, users: int = 1000) -> None:
    """Fill an empty source with one category, one owner (id 1) and `users` more users, one
    project, `tasks` completed tasks and `runs_per_task` runs each, every run of a task by a
    different user (cycling through the users), then set the sequences. All in SQL."""
    if not 0 < runs_per_task <= users:
        raise ValueError("runs_per_task must be between 1 and users")
    params = dict(tasks=tasks, runs_per_task=runs_per_task, users=users)
    with _transaction(url) as cursor:
        cursor.execute(_bulk_user_statement(cursor), params)
        cursor.execute(BULK_PROJECT)
        cursor.execute(BULK_TASK.format(iso=ISO_FORMAT), params)
        cursor.execute(BULK_TASK_RUN.format(iso=ISO_FORMAT), params)
        for table in ("user", "category", "project", "task", "task_run"):
            _set_sequence(cursor, table)


def _bulk_user_statement(cursor) -> str:
    """`restrict` is NOT NULL in version 4 and absent from version 2."""
    cursor.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = 'user' AND column_name = 'restrict'"
    )
    has_restrict = cursor.fetchone() is not None
    return BULK_USER.format(
        iso=ISO_FORMAT,
        restrict='"restrict", ' if has_restrict else "",
        restrict_value="false, " if has_restrict else "",
    )
