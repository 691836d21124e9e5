"""Which errors are outages, how they reach the core, and the operations settings."""

from pathlib import Path

import pytest
import redis
import sqlalchemy.exc

from adapters import outages
from entrypoints.settings import Settings
from pybossa_core import errors

SQL = "SELECT secret FROM users WHERE host = 'db.internal'"


class DriverError(Exception):
    """Stands in for a DBAPI driver's exception."""


def operational() -> sqlalchemy.exc.OperationalError:
    return sqlalchemy.exc.OperationalError(SQL, {}, DriverError("could not connect to db.internal"))


def test_lost_or_refused_connections_and_timeouts_are_outages():
    disconnect = sqlalchemy.exc.DBAPIError(
        SQL, {}, DriverError("gone"), connection_invalidated=True
    )
    for exc in (
        operational(),
        sqlalchemy.exc.InterfaceError(SQL, {}, DriverError("closed")),
        sqlalchemy.exc.TimeoutError("QueuePool limit reached"),
        disconnect,
    ):
        assert outages.is_sql_outage(exc), exc


def test_broken_rules_and_bugs_are_not_outages():
    for exc in (
        sqlalchemy.exc.IntegrityError(SQL, {}, DriverError("duplicate")),
        sqlalchemy.exc.ProgrammingError(SQL, {}, DriverError("syntax")),
        sqlalchemy.exc.DBAPIError(SQL, {}, DriverError("other")),
        ValueError("x"),
    ):
        assert not outages.is_sql_outage(exc), exc


def test_a_database_outage_becomes_unavailable_without_sql_or_host_in_the_message():
    with pytest.raises(errors.Unavailable) as raised, outages.sql_calls():
        raise operational()
    assert raised.value.message == "The database is not answering; try again shortly"
    assert isinstance(raised.value.__cause__, sqlalchemy.exc.OperationalError)


def test_other_database_errors_pass_through_unchanged():
    with pytest.raises(sqlalchemy.exc.IntegrityError), outages.sql_calls():
        raise sqlalchemy.exc.IntegrityError(SQL, {}, DriverError("duplicate"))


@pytest.mark.parametrize(
    "error", [redis.exceptions.ConnectionError("refused"), redis.exceptions.TimeoutError("slow")]
)
def test_a_redis_outage_in_a_guarded_method_becomes_unavailable(error):
    @outages.redis_guarded
    def call():
        raise error

    with pytest.raises(errors.Unavailable, match="Redis server is not answering"):
        call()


def test_other_redis_errors_are_not_outages():
    @outages.redis_guarded
    def call():
        raise redis.exceptions.ResponseError("WRONGTYPE")

    with pytest.raises(redis.exceptions.ResponseError):
        call()


def test_operations_settings_have_local_defaults(tmp_path):
    settings = Settings.from_env({}, base_dir=tmp_path)
    assert settings.log_format == "json" and settings.metrics_dir == tmp_path / "var" / "metrics"
    assert settings.metrics_multiprocess is False
    assert (settings.db_connect_timeout, settings.db_statement_timeout_ms) == (5, 25_000)
    assert settings.db_statement_timeout_ms < settings.timeout * 1000


def test_operations_settings_are_read_from_the_environment(tmp_path):
    settings = Settings.from_env(
        {
            "LOG_FORMAT": "TEXT",
            "METRICS_DIR": "/run/m",
            "PROMETHEUS_MULTIPROC_DIR": "/run/m",
            "DB_CONNECT_TIMEOUT": "2",
            "DB_STATEMENT_TIMEOUT_MS": "900",
            "FORWARDED_ALLOW_IPS": "10.0.0.1",
        },
        base_dir=tmp_path,
    )
    assert settings.log_format == "text" and settings.metrics_dir == Path("/run/m")
    assert settings.metrics_multiprocess is True
    assert (settings.db_connect_timeout, settings.db_statement_timeout_ms) == (2, 900)
    assert settings.forwarded_allow_ips == "10.0.0.1"


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        Settings.from_env({"LOG_FORMAT": "xml"})
