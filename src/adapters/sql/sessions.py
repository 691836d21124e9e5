"""SqlSessionRevocations: signed-out browser sessions in the database (no Redis configured).

Each call is its own short transaction on the engine, outside any unit of work: a sign-out
must stay revoked even when the request's own work fails, and checking a cookie is one
indexed SELECT. On SQLite the check begins deferred, so it never waits for a writer.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, insert, or_, select
from sqlalchemy.engine import Engine

from adapters.sql import tables
from adapters.sql.database import DEFERRED
from pybossa_core import ports
from pybossa_core.clock import utcnow

REVOKED = tables.revoked_session


class SqlSessionRevocations(ports.SessionRevocations):
    """A row per signed-out session until its cookie would have expired; expired rows are
    deleted by the next sign-out (the index on expires_at keeps that cheap)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine, self.clock = engine, clock
        self._reader = engine.execution_options(sqlite_begin=DEFERRED)

    def revoke(self, session_id: str, ttl_seconds: int) -> None:
        if ttl_seconds < 1:
            raise ValueError(f"ttl_seconds must be at least 1, not {ttl_seconds}")
        now = self.clock()
        row = {"session_id": session_id, "expires_at": now + timedelta(seconds=ttl_seconds)}
        stale = or_(REVOKED.c.expires_at <= now, REVOKED.c.session_id == session_id)
        with self.engine.begin() as connection:  # a second sign-out renews the row
            connection.execute(delete(REVOKED).where(stale))
            connection.execute(insert(REVOKED).values(row))

    def is_revoked(self, session_id: str) -> bool:
        query = select(
            exists().where(REVOKED.c.session_id == session_id, REVOKED.c.expires_at > self.clock())
        )
        with self._reader.begin() as connection:
            return bool(connection.execute(query).scalar_one())
