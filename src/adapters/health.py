"""Health checks of the database and Redis for the readiness endpoint."""

from sqlalchemy.engine import Engine

from adapters import outages
from pybossa_core import ports


class SqlHealthCheck(ports.HealthCheck):
    """Runs SELECT 1 on a pooled connection (bounded by the engine's connect timeout).

    The DBAPI connection is used directly: a SQLAlchemy transaction would start with SQLite's
    BEGIN IMMEDIATE (see database.py) and so wait behind every writer.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def check(self) -> None:
        try:
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute("SELECT 1")
                cursor.fetchall()
                cursor.close()
            finally:
                connection.close()
        except (self.engine.dialect.loaded_dbapi.Error, *outages.SQL_OUTAGES) as exc:
            raise outages.unavailable("database", exc) from exc


class RedisHealthCheck(ports.HealthCheck):
    """Sends PING; give it a client with short socket timeouts."""

    def __init__(self, client) -> None:
        self.client = client

    @outages.redis_guarded
    def check(self) -> None:
        self.client.ping()
