"""PostgreSQL's pool hands out live connections without a ping per checkout: a connection its
server closed is replaced, one idle for long is pinged first, a busy one is used as it is."""

import time

import psycopg2
import pytest
from sqlalchemy import text

from adapters.sql import database

pytestmark = pytest.mark.postgres

DEADLINE_SECONDS = 30


@pytest.fixture
def pool(bare_postgres_url):
    engine = database.create_engine_for(bare_postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def observer(bare_postgres_url):
    """A connection of its own, to look at the pool's backends in pg_stat_activity."""
    url = database.database_url(bare_postgres_url).set(drivername="postgresql")
    connection = psycopg2.connect(url.render_as_string(hide_password=False))
    connection.autocommit = True
    yield connection
    connection.close()


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _last_query(observer, pid: int) -> str | None:
    with observer.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", (pid,))
        row = cursor.fetchone()
        return row[0] if row else None


def _terminate_and_wait(observer, pid: int) -> None:
    """pg_terminate_backend, then wait (bounded) until the backend has gone."""
    with observer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
    deadline = time.monotonic() + DEADLINE_SECONDS
    while _last_query(observer, pid) is not None:
        assert time.monotonic() < deadline, "the terminated backend did not go away"


def test_a_connection_its_server_terminated_is_replaced_before_use(pool, observer):
    before = _backend_pid(pool)
    _terminate_and_wait(observer, before)  # as a server restart or an idle timeout does
    after = _backend_pid(pool)  # before the fix (no pre-ping): OperationalError, a 503
    assert after != before


def test_a_busy_connection_is_used_without_a_ping(pool, observer):
    pid = _backend_pid(pool)
    with pool.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
        assert _last_query(observer, pid) == "SELECT pg_backend_pid()"  # no SELECT 1 between


def test_a_connection_idle_for_long_is_pinged_before_use(pool, observer, monkeypatch):
    pid = _backend_pid(pool)
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", 0.0)
    with pool.connect() as connection:
        assert _last_query(observer, pid) == "SELECT 1"
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
