"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production).

SQLite: every connection turns foreign keys on (so ON DELETE CASCADE works), uses the WAL
journal (readers never wait for the writer, nor it for them) and waits up to 15 s
(busy_timeout) for a lock instead of failing at once. pysqlite's own transaction handling is
switched off. A transaction that may write starts with BEGIN IMMEDIATE, so it holds the write
lock from its first statement: SQLite serialises writers, and a read-check-write sequence (one
answer per task and user, the n_answers limit) cannot interleave with another one. (A deferred
transaction that read first could not take the lock later once another writer committed:
SQLITE_BUSY_SNAPSHOT.) Reading sessions (`read_session_factory`) run in autocommit on both
databases: no BEGIN, no ROLLBACK, each statement reads the latest commits and never waits
for a writer.

PostgreSQL connections are not pinged on every checkout (a round trip per request): a pooled
connection is checked locally (closed, or has its server said something while idle — a
terminated backend's farewell or EOF), and pinged only when it sat idle long enough for a
silent network drop to matter. A connection that fails either is replaced before use.
"""

import functools
import logging
import os
import select
import time
from pathlib import Path

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from adapters.sql.sqlite_writers import WriterTurns

logger = logging.getLogger(__name__)

DEFERRED, IMMEDIATE = "BEGIN", "BEGIN IMMEDIATE"
AUTOCOMMIT = "AUTOCOMMIT"  # a reading session: no BEGIN at all
PRIVATE_FILE_MODE = 0o600
BARE_POSTGRES = frozenset({"postgresql", "postgres"})
POSTGRES_POOL = {"pool_size": 10, "max_overflow": 20, "pool_recycle": 1800, "pool_timeout": 10}
# A dead peer is noticed after about 10 + 3 * 5 seconds of silence.
POSTGRES_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
# A connection idle this long is pinged before use (a busy pool's never are).
IDLE_PING_SECONDS = 10.0


def create_engine_for(
    url: str,
    connect_timeout: int = 5,
    statement_timeout_ms: int | None = None,
    reading: bool = False,
) -> Engine:
    """An Engine for the URL, tuned for its database (SQLite file/memory or PostgreSQL).

    PostgreSQL connections give up connecting after `connect_timeout` seconds, have every
    statement cancelled after `statement_timeout_ms` (0 or None: never) and send TCP
    keepalives, so a server that vanishes mid-query is noticed instead of waited on forever.
    A `reading` PostgreSQL engine's connections are put in autocommit once, when they
    connect, for `read_session_factory`: switching a shared connection there and back on
    every checkout would cost a round trip per request (psycopg2 sends a SET on the way back).
    """
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    isolation = {"isolation_level": AUTOCOMMIT} if reading else {}
    engine = create_engine(
        parsed,
        **POSTGRES_POOL,
        **isolation,
        connect_args=_postgres_connect_args(parsed, connect_timeout, statement_timeout_ms),
    )
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _check_before_use)
    return engine


def database_url(url: str) -> URL:
    """The parsed URL; a bare postgresql:// or postgres:// one gets the psycopg2 driver.

    SQLAlchemy 2.1 would pick psycopg (3) for a bare URL; this project installs psycopg2.
    """
    parsed = make_url(url)
    if parsed.drivername in BARE_POSTGRES:
        return parsed.set(drivername="postgresql+psycopg2")
    return parsed


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to the engine whose objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that only read, in autocommit: no BEGIN/ROLLBACK round trips, no lock taken
    (on SQLite, see `_sqlite_begin`; a write in one would commit at once: never write).

    On PostgreSQL `engine` must be a reading one (`create_engine_for(..., reading=True)`);
    on SQLite the writing engine serves, its reading sessions simply send no BEGIN.
    """
    if engine.dialect.name == "sqlite":
        return session_factory(engine.execution_options(sqlite_begin=AUTOCOMMIT))
    return session_factory(engine)


def _note_checkin(dbapi_connection, connection_record) -> None:
    connection_record.info["checked_in"] = time.monotonic()


def _check_before_use(dbapi_connection, connection_record, connection_proxy) -> None:
    """Replace a pooled connection that is closed, was closed by its server, or sat idle
    long enough to have been dropped silently and does not answer a ping."""
    idle = time.monotonic() - connection_record.info.get("checked_in", time.monotonic())
    if not connection_is_usable(dbapi_connection, idle):
        raise exc.DisconnectionError("the pooled connection was closed; reconnecting")


def connection_is_usable(dbapi_connection, idle_seconds: float) -> bool:
    """True unless the psycopg2 connection is closed or fails a ping; it is pinged only when
    its server sent something while it was idle (an idle backend never does, except to say
    goodbye) or it has been idle for IDLE_PING_SECONDS."""
    if dbapi_connection.closed:
        return False
    if idle_seconds < IDLE_PING_SECONDS and not _readable(dbapi_connection.fileno()):
        return True
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure: the pool opens a new connection instead
        return False


def _readable(fileno: int) -> bool:
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def _postgres_connect_args(
    url: URL, connect_timeout: int, statement_timeout_ms: int | None
) -> dict:
    """libpq options for timeouts and keepalives; any given in the URL's query win."""
    args: dict = {"connect_timeout": connect_timeout, **POSTGRES_KEEPALIVES}
    if statement_timeout_ms:
        args["options"] = f"-c statement_timeout={int(statement_timeout_ms)}"
    return {name: value for name, value in args.items() if name not in url.query}


def _sqlite_engine(url: URL) -> Engine:
    in_memory = url.database in (None, "", ":memory:") or url.database.startswith("file:")
    if not in_memory:
        _private_database_file(Path(url.database).expanduser().resolve())
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_on_connect(wal=not in_memory))
    turns = WriterTurns()
    turns.listen(engine)
    event.listen(engine, "begin", functools.partial(_sqlite_begin, turns))
    return engine


def _private_database_file(path: Path) -> None:
    """Create the database file readable by its owner only (SQLite gives its -wal and -shm
    files the same mode); warn about an existing one that others may read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            logger.warning(
                "%s can be read by other users of this machine (chmod 600 %s): "
                "it holds password hashes and api keys",
                path,
                path,
            )


def _sqlite_on_connect(wal: bool):
    def on_connect(dbapi_connection, connection_record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return on_connect


def _sqlite_begin(turns: WriterTurns, connection) -> None:
    """BEGIN IMMEDIATE once it is this connection's turn among the process's writers (see
    sqlite_writers.py), unless the connection's `sqlite_begin` option says otherwise."""
    begin = connection.get_execution_options().get("sqlite_begin", IMMEDIATE)
    if begin == AUTOCOMMIT:
        return
    if begin == IMMEDIATE:
        turns.take(connection.info)
    try:
        connection.exec_driver_sql(begin)
    except Exception:
        turns.give_back(connection.info)
        raise
