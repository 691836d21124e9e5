"""Ids are never given twice: SQLite tables are rebuilt with AUTOINCREMENT.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Without AUTOINCREMENT, SQLite numbers a new row after the largest id in its table, so the id
of the newest row came back once that row was deleted (and with a project's id, its upload
folder). SQLite cannot add AUTOINCREMENT to a table in place, so each table is rebuilt the way
SQLite documents: a copy created from the table's own CREATE statement with its primary key
marked AUTOINCREMENT, the rows copied with their ids (which records the largest one in
sqlite_sequence), the old table dropped, the copy renamed, and the table's indexes created
again from their own statements. The alembic environment turns foreign keys off on SQLite
while migrations run (dropping a referenced table would delete the rows that reference it)
and checks them all afterwards. PostgreSQL's sequences never go back: nothing to do there.
"""

import re

from alembic import op
from sqlalchemy import text
from sqlalchemy.engine import Connection

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = (
    "user",
    "category",
    "project",
    "task",
    "task_run",
    "result",
    "helpingmaterial",
    "webhook",
    "webhook_attempt",
)
COPY = "_pbf_rebuilt"
PRIMARY_KEY = re.compile(r"PRIMARY KEY \(id\)")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild_with_autoincrement(bind, table)


def downgrade() -> None:
    """Nothing is undone: giving ids twice again would bring the bug back."""


def _rebuild_with_autoincrement(bind: Connection, table: str) -> None:
    create, indexes = _statements(bind, table)
    if "AUTOINCREMENT" in create.upper():
        return
    copy, replaced = PRIMARY_KEY.subn("PRIMARY KEY (id AUTOINCREMENT)", create, count=1)
    head = re.compile(r'^CREATE TABLE\s+("?)' + re.escape(table) + r"\1\s*\(")
    copy, renamed = head.subn(f"CREATE TABLE {COPY} (", copy, count=1)
    if not (replaced and renamed):
        raise RuntimeError(f"Unexpected schema of table {table!r}: {create}")
    bind.exec_driver_sql(copy)
    bind.exec_driver_sql(f'INSERT INTO {COPY} SELECT * FROM "{table}"')
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE {COPY} RENAME TO "{table}"')
    for index in indexes:
        bind.exec_driver_sql(index)


def _statements(bind: Connection, table: str) -> tuple[str, list[str]]:
    """The table's CREATE TABLE statement and its indexes' CREATE INDEX statements (the
    indexes SQLite makes for UNIQUE constraints have none: the constraint makes them again)."""
    rows = bind.execute(
        text(
            "SELECT type, sql FROM sqlite_master WHERE tbl_name = :table "
            "AND sql IS NOT NULL ORDER BY type DESC, name"
        ),
        {"table": table},
    ).all()
    create = next(sql for kind, sql in rows if kind == "table")
    return create, [sql for kind, sql in rows if kind == "index"]
