"""This project's database receiving a PYBOSSA import, in one transaction on one connection."""

from collections.abc import Iterator, Mapping
from itertools import groupby
from typing import Any

from sqlalchemy import and_, exists, func, select, text, update
from sqlalchemy.engine import Connection, Engine

from adapters.sql import tables, task_states
from pybossa_core.ports.site_import import SiteImportTarget
from pybossa_core.tasks import COMPLETED, Standing

TABLES = {
    "user": tables.user,
    "category": tables.category,
    "project": tables.project,
    "task": tables.task,
    "task_run": tables.task_run,
    "result": tables.result,
    "helpingmaterial": tables.helping_material,
    "project_coowner": tables.project_coowner,
    "announcement": tables.announcement,
    "blogpost": tables.blogpost,
    "pages": tables.page,
    "favorite": tables.favorite,
}


class SqlSiteImportTarget(SiteImportTarget):
    """Inserts with SQLAlchemy Core; everything is one transaction until `commit`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.connection: Connection | None = None

    def __enter__(self) -> "SqlSiteImportTarget":
        self.connection = self.engine.connect()
        self.connection.begin()
        return self

    def __exit__(self, *exc_info) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            if connection.in_transaction():
                connection.rollback()
            connection.close()

    def is_empty(self) -> bool:
        return not any(
            self._db.execute(select(exists().select_from(table))).scalar_one()
            for table in (tables.user, tables.project, tables.task)
        )

    def remove_categories(self) -> None:
        self._db.execute(tables.category.delete())

    def insert(self, kind: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._db.execute(TABLES[kind].insert(), rows)

    def count_runs(self, standings_by_state: Mapping[str, frozenset[Standing]]) -> None:
        task, run = tables.task, tables.task_run
        runs = select(func.count()).where(run.c.task_id == task.c.id).scalar_subquery()
        self._db.execute(update(task).values(n_task_runs=runs))
        for state, standings in standings_by_state.items():
            in_it = task_states.of_standings(standings, task.c.n_answers)
            self._db.execute(update(task).where(in_it).values(state=state))

    def completed_without_result(self) -> Iterator[tuple[int, int, list[int]]]:
        task, run, result = tables.task, tables.task_run, tables.result
        current = exists().where(and_(result.c.task_id == task.c.id, result.c.last_version))
        query = (
            select(task.c.project_id, task.c.id, run.c.id)
            .join(run, run.c.task_id == task.c.id)
            .where(task.c.state == COMPLETED, ~current)
            .order_by(task.c.id, run.c.id)
        )
        # Streamed from a named cursor on PostgreSQL, so memory does not grow with the rows.
        rows = self._db.execute(query.execution_options(stream_results=True, yield_per=2000))
        for (project_id, task_id), runs in groupby(rows, key=lambda row: (row[0], row[1])):
            yield project_id, task_id, [row[2] for row in runs]

    def continue_ids(self) -> None:
        if self.engine.dialect.name != "postgresql":
            return  # SQLite's AUTOINCREMENT already continues after the largest id inserted
        for table in (t for t in TABLES.values() if "id" in t.c):
            self._db.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'coalesce(max(id), 1), max(id) IS NOT NULL) FROM "{table.name}"'
                )
            )

    def commit(self) -> None:
        self._db.commit()

    @property
    def _db(self) -> Connection:
        if self.connection is None:
            raise RuntimeError("use the target inside `with`")
        return self.connection
