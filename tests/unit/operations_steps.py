"""The app over fakes for the operations tests, and fakes of services that go down."""

from entrypoints.wsgi import create_app
from http_contract import make_api_client
from pybossa_core import errors
from pybossa_core.categories import Category

from .fakes import (
    FakeHealthCheck,
    FakeTaskStamps,
    FakeUnitOfWork,
)
from .fakes.app import fake_services


class DownUnitOfWork(FakeUnitOfWork):
    """A database that stops answering once `down` is set."""

    down = False

    def __enter__(self):
        if self.down:
            raise errors.Unavailable("The database is not answering; try again shortly")
        return super().__enter__()


class DownTaskStamps(FakeTaskStamps):
    """A Redis that refuses connections: the adapter's error, or the raw library one."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def stamp(self, volunteer_key, task_ids, ttl_seconds) -> None:
        raise self.error


def make_api(**overrides):
    services = fake_services({"rate_limit_enabled": False}, **overrides)
    with services.units_of_work() as uow:
        uow.categories.add(
            Category(name="Thinking", short_name="thinking", created=services.clock())
        )
        uow.commit()
    return make_api_client(create_app(services), services)


def checks(database: bool = True, redis_up: bool | None = None) -> dict:
    return {
        "database": FakeHealthCheck(up=database),
        "redis": None if redis_up is None else FakeHealthCheck(up=redis_up),
    }
