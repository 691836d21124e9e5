"""Fresh databases migrated to head (SQLite file and PostgreSQL), an engine and a unit of work;
a Redis client and a random key prefix whose keys are deleted after the test."""

import os
import uuid

import psycopg2
import pytest
import redis
from psycopg2 import sql
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from adapters.sql import database, migrations, orm
from adapters.sql.unit_of_work import SqlUnitOfWork, SqlUnitsOfWork

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """The URL of a new, empty database migrated to head; PostgreSQL ones are dropped after."""
    if request.param == "postgresql":
        yield from _fresh_postgres_database()
        return
    url = f"sqlite:///{tmp_path / 'db' / 'pybossa.db'}"
    migrations.upgrade(url)
    yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database_url(request, tmp_path):
    """The URL of a new database without any table (not migrated); dropped after."""
    if request.param == "postgresql":
        yield from _fresh_postgres_database(migrate=False)
        return
    yield f"sqlite:///{tmp_path / 'db' / 'empty.db'}"


@pytest.fixture
def bare_postgres_url():
    """The URL of a new, empty PostgreSQL database (not migrated); dropped after."""
    yield from _fresh_postgres_database(migrate=False)


@pytest.fixture
def engine(database_url):
    orm.start_mappers()
    engine = database.create_engine_for(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def reading_engine(database_url, engine):
    """The engine of reading sessions, as bootstrap builds it (on SQLite, `engine` itself)."""
    if engine.dialect.name == "sqlite":
        yield engine
        return
    reader = database.create_engine_for(database_url, reading=True)
    yield reader
    reader.dispose()


@pytest.fixture
def uow(engine) -> SqlUnitOfWork:
    """One operation's unit of work (a test is one operation, on one thread)."""
    return SqlUnitsOfWork(database.session_factory(engine))()


@pytest.fixture
def redis_url() -> str:
    """The URL of the test Redis: TEST_REDIS_URL, or database 15 on localhost."""
    return os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)


@pytest.fixture
def redis_client(redis_url):
    """A client of the Redis at TEST_REDIS_URL (skipped when unreachable, failed on CI)."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        _unavailable(f"Redis is not reachable: {exc}")
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client) -> str:
    """A key prefix of this test's own; only its keys are deleted afterwards."""
    prefix = "pbftest-" + uuid.uuid4().hex
    yield prefix
    keys = list(redis_client.scan_iter(match=prefix + ":*", count=1000))
    if keys:
        redis_client.delete(*keys)


def _fresh_postgres_database(migrate: bool = True):
    """CREATE DATABASE pbf_<hex> on the test server, migrate it (unless told not to), yield
    its URL, drop it."""
    server_url = database.database_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    server = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = "pbf_" + uuid.uuid4().hex
    try:
        _run_on_server(server, "CREATE DATABASE {}", name)
    except (OperationalError, psycopg2.OperationalError) as exc:
        _unavailable(f"PostgreSQL is not reachable: {exc}")
    try:
        url = server.url.set(database=name).render_as_string(hide_password=False)
        if migrate:
            migrations.upgrade(url)
        yield url
    finally:
        _run_on_server(server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def _run_on_server(server, statement: str, name: str) -> None:
    """CREATE/DROP DATABASE take an identifier, so psycopg2.sql composes it (autocommit)."""
    connection = server.raw_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        connection.close()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)
