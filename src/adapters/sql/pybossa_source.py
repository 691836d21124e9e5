"""A PYBOSSA database (PostgreSQL), read in a read-only transaction and streamed row by row."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from adapters.sql import database
from pybossa_core.ports.site_import import PybossaSource

FETCH_ROWS = 2000
# Import order within a kind (see PybossaSource.rows); the rest go by id.
ORDER = {"user": "lower(name), id", "task_run": "task_id, id"}
TABLE_NAMES = {"helpingmaterial": "helpingmaterial"}


class SqlPybossaSource(PybossaSource):
    """Reads PYBOSSA 2.x–4.x tables by the columns each one has; never writes."""

    def __init__(self, url: str, connect_timeout: int = 10) -> None:
        self.engine: Engine = database.create_engine_for(url, connect_timeout=connect_timeout)
        if self.engine.dialect.name != "postgresql":
            raise ValueError("a PYBOSSA database is a PostgreSQL one")
        self._columns: dict[str, list[str]] | None = None

    def close(self) -> None:
        self.engine.dispose()

    def count(self, table: str) -> int | None:
        if table not in self.columns():
            return None
        with self._reading() as connection:
            return connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()

    def rows(self, kind: str) -> Iterator[dict[str, Any]]:
        columns = self.columns().get(kind)
        if columns is None:
            return
        names = ", ".join(f'"{name}"' for name in columns)
        query = text(f'SELECT {names} FROM "{kind}" ORDER BY {ORDER.get(kind, "id")}')
        with self._reading() as connection:
            result = connection.execution_options(
                stream_results=True, yield_per=FETCH_ROWS
            ).execute(query)
            for row in result.mappings():
                yield dict(row)

    def columns(self) -> dict[str, list[str]]:
        """Each table of the public schema and its columns (read once)."""
        if self._columns is None:
            query = text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
            )
            found: dict[str, list[str]] = {}
            with self._reading() as connection:
                for table, column in connection.execute(query):
                    found.setdefault(table, []).append(column)
            self._columns = found
        return self._columns

    def _reading(self) -> "_ReadOnly":
        return _ReadOnly(self.engine)


class _ReadOnly:
    """A connection in a READ ONLY transaction: the source cannot be written through it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> Connection:
        self.connection = self.engine.connect().execution_options(postgresql_readonly=True)
        self.connection.begin()
        return self.connection

    def __exit__(self, *exc_info) -> None:
        self.connection.rollback()
        self.connection.close()
