"""SqlExportReader: a project's tasks, task runs or results streamed from the database.

PostgreSQL: one SELECT ordered by id through a server-side cursor (psycopg2's named cursor:
DECLARE, then FETCH FORWARD `batch_rows` at a time), so the process holds one batch at a time
and the export reads one consistent snapshot. `statement_timeout` applies to each FETCH, not
to the whole export, and the (project_id, id) indexes give a plan that needs no sort, so a
FETCH stays short however long the download takes.

SQLite: keyset batches (`id > last id ORDER BY id LIMIT batch_rows`), each in a deferred
(read-only) transaction on a connection taken from the pool for that batch only: a batch never
waits for a writer, and no long-open snapshot keeps the WAL from being checkpointed during a
slow download. Rows written during such an export appear in it when their id is still ahead.
"""

import logging

from sqlalchemy import Select, Table, and_, exists, func, select, true
from sqlalchemy.engine import Engine

from adapters.sql import tables
from adapters.sql.database import DEFERRED
from pybossa_core.ports.exports import (
    EXPORT_FIELDS,
    USER_EXPORT_FIELDS,
    ExportReader,
    ExportRows,
    InfoLayout,
)

logger = logging.getLogger(__name__)

TABLES: dict[str, Table] = {
    "task": tables.task,
    "taskrun": tables.task_run,
    "result": tables.result,
}
BATCH_ROWS = 1000
NOT_OBJECTS = ("object", "null")  # JSON types that are no "other" info (null: no info)


class SqlExportReader(ExportReader):
    """Reads on connections of its own from `engine`'s pool (never the unit of work's)."""

    def __init__(self, engine: Engine, batch_rows: int = BATCH_ROWS) -> None:
        self.engine = engine.execution_options(sqlite_begin=DEFERRED)
        self.batch_rows = batch_rows

    @property
    def _postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def info_layout(self, kind: str, project_id: int) -> InfoLayout:
        table = TABLES[kind]
        mine = table.c.project_id == project_id
        keys = self._info_keys(table, mine)
        typeof = func.jsonb_typeof if self._postgresql else func.json_type
        other = select(exists().where(mine, typeof(table.c.info).not_in(NOT_OBJECTS)))
        with self.engine.connect() as connection:
            found = connection.scalars(keys).all()
            return InfoLayout(tuple(sorted(found)), bool(connection.scalar(other)))

    def rows(self, kind: str, project_id: int) -> ExportRows:
        statement, names = self.statement(kind, project_id), EXPORT_FIELDS[kind]
        if self._postgresql:
            return self._cursor_rows(statement, names)
        return self._keyset_rows(statement, TABLES[kind], names)

    def user_rows(self) -> ExportRows:
        user = tables.user
        statement = select(*(user.c[name] for name in USER_EXPORT_FIELDS)).order_by(user.c.id)
        if self._postgresql:
            return self._cursor_rows(statement, USER_EXPORT_FIELDS)
        return self._keyset_rows(statement, user, USER_EXPORT_FIELDS)

    def statement(self, kind: str, project_id: int) -> Select:
        """The SELECT of the project's rows of `kind`, by id (an index gives that order)."""
        table = TABLES[kind]
        return (
            select(*(table.c[name] for name in EXPORT_FIELDS[kind]))
            .where(table.c.project_id == project_id)
            .order_by(table.c.id)
        )

    def _info_keys(self, table: Table, mine):
        """The distinct top-level keys of the `info` objects among the project's rows."""
        if self._postgresql:
            key = func.jsonb_object_keys(table.c.info)
            return select(key).where(mine, func.jsonb_typeof(table.c.info) == "object").distinct()
        entries = func.json_each(table.c.info).table_valued("key")
        return (
            select(entries.c.key)
            .select_from(table.join(entries, true()))
            .where(and_(mine, func.json_type(table.c.info) == "object"))
            .distinct()
        )

    def _cursor_rows(self, statement, names: tuple[str, ...]) -> ExportRows:
        with self.engine.connect() as connection:
            result = connection.execution_options(
                stream_results=True, yield_per=self.batch_rows
            ).execute(statement)
            try:
                for row in result:
                    yield dict(zip(names, row, strict=True))
            finally:
                result.close()

    def _keyset_rows(self, statement, table: Table, names: tuple[str, ...]) -> ExportRows:
        last_id = 0
        while True:
            page = statement.where(table.c.id > last_id).limit(self.batch_rows)
            with self.engine.connect() as connection:
                batch = connection.execute(page).all()
            for row in batch:
                yield dict(zip(names, row, strict=True))
            if len(batch) < self.batch_rows:
                return
            last_id = batch[-1][0]  # `id` is the first exported field
