"""Outages of the database or Redis become errors.Unavailable, whose message names no SQL.

An outage is an error that says the service is down, unreachable, too slow or shedding load
(connection refused or lost, a statement or pool timeout, SQLite's "database is locked"),
as opposed to a bug or a broken rule, which keep their own errors.
"""

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import redis.exceptions
import sqlalchemy.exc

from pybossa_core import errors

logger = logging.getLogger(__name__)

SQL_OUTAGES = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
)
# dramatiq's Redis broker lets these through too.
REDIS_OUTAGES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

P = ParamSpec("P")
R = TypeVar("R")


def is_sql_outage(exc: BaseException) -> bool:
    """True for errors that mean the database is unreachable, gone or too slow."""
    if isinstance(exc, SQL_OUTAGES):
        return True
    return isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated


def unavailable(service: str, exc: BaseException) -> errors.Unavailable:
    """The domain error for an outage of `service`; the cause is logged, not shown."""
    logger.warning(
        "%s outage: %s: %s",
        service,
        type(exc).__name__,
        str(exc).splitlines()[0] if str(exc) else "",
    )
    return errors.Unavailable(f"The {service} is not answering; try again shortly")


@contextmanager
def sql_calls() -> Iterator[None]:
    """Run database calls; an outage raises Unavailable instead."""
    try:
        yield
    except sqlalchemy.exc.SQLAlchemyError as exc:
        if not is_sql_outage(exc):
            raise
        raise unavailable("database", exc) from exc


@contextmanager
def redis_calls() -> Iterator[None]:
    """Run Redis calls; a refused, lost or timed-out connection raises Unavailable instead."""
    try:
        yield
    except REDIS_OUTAGES as exc:
        raise unavailable("Redis server", exc) from exc


def redis_guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Decorate a method that talks to Redis so that its outages raise Unavailable."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        with redis_calls():
            return method(*args, **kwargs)

    return guarded
