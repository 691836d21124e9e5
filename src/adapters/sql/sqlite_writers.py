"""One writing transaction at a time per SQLite engine in this process, queued on a lock.

SQLite lets one writer in at a time anyway (BEGIN IMMEDIATE, see database.py). Without this
queue, the threads of the embedded server that wait for the write lock do so in SQLite's busy
handler, which sleeps between tries (up to 100 ms a time), so a writer may sleep on while the
lock is free: answers then take tenths of a second under load. Here a waiting thread wakes as
soon as the lock is handed over. Other processes on the same file (a CLI command) still meet
the busy handler, as before.

A connection takes its turn when it begins a writing transaction and gives it back as the
transaction ends (just before its COMMIT or ROLLBACK is sent: a writer that comes in during
that moment meets the busy handler for as long as it lasts), or at the latest when the
connection returns to the pool, is invalidated or detached. No turn outlives its transaction,
so nothing slow done after a commit keeps other writers waiting.
"""

import sqlite3
import threading

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

WAIT_SECONDS = 15.0  # as long as SQLite's busy_timeout
HOLDS_TURN = "holds_writer_turn"  # the connection record's info key


class WriterTurns:
    """The lock of one engine's writers."""

    def __init__(self, wait_seconds: float = WAIT_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self._lock = threading.Lock()

    def take(self, info: dict) -> None:
        """Wait for the turn (once per checkout); too long a wait is SQLite's own error."""
        if info.get(HOLDS_TURN):
            return
        if not self._lock.acquire(timeout=self.wait_seconds):
            raise exc.OperationalError(
                "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked")
            )
        info[HOLDS_TURN] = True

    def give_back(self, info: dict) -> None:
        if info.pop(HOLDS_TURN, False):
            self._lock.release()

    def listen(self, engine: Engine) -> None:
        """Give the turn back when a transaction ends or a connection leaves its checkout."""
        for name in ("commit", "rollback"):
            event.listen(engine, name, self._ended)
        for name in ("checkin", "invalidate", "detach"):
            event.listen(engine, name, self._released)

    def _ended(self, connection) -> None:
        self.give_back(connection.info)

    def _released(self, dbapi_connection, connection_record, *args) -> None:
        if connection_record is not None:
            self.give_back(connection_record.info)
