"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production).

SQLite: every connection turns foreign keys on (so ON DELETE CASCADE works), uses the WAL
journal (readers never block the writer) and waits up to 15 s (busy_timeout) for a lock instead of
failing at once. pysqlite's own transaction handling is switched off and each transaction
starts with BEGIN IMMEDIATE, so a transaction that reads then writes holds the write lock from
its first statement: SQLite serialises writers, and a read-check-write sequence (one answer
per task and user, the n_answers limit) cannot interleave with another one.
"""
import logging
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

BARE_POSTGRES = frozenset({"postgresql", "postgres"})
POSTGRES_POOL = {"pool_size": 10, "max_overflow": 20, "pool_recycle": 1800, "pool_timeout": 30}


def create_engine_for(url: str) -> Engine:
    """An Engine for the URL, tuned for its database (SQLite file/memory or PostgreSQL)."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(parsed, pool_pre_ping=True, **POSTGRES_POOL)


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


def _sqlite_engine(url: URL) -> Engine:
    in_memory = url.database in (None, "", ":memory:") or url.database.startswith("file:")
    if not in_memory:
        Path(url.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_on_connect(wal=not in_memory))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


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


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
