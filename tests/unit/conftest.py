"""Fixtures shared by the unit tests: a fresh fake unit of work, callers, and the ports' fakes."""

import pytest

from adapters.memory_store import SeparateServingRecords
from pybossa_core import handlers
from pybossa_core.events import EventHandlers

from . import builders
from .fakes import (
    FakeFileStorage,
    FakeImageProcessor,
    FakeJobQueue,
    FakeMailer,
    FakePasswordHasher,
    FakeTokenSigner,
    FakeUnitOfWork,
    Seconds,
    SequentialKeys,
)


@pytest.fixture
def uow(loop, jobs) -> FakeUnitOfWork:
    """The fake unit of work; what its commits record goes to the handlers bootstrap would
    register, bound to this test's `loop` and `jobs`."""
    serving = SeparateServingRecords(loop.stamps, loop.locks)
    return FakeUnitOfWork(handlers.register(EventHandlers(), serving=serving, jobs=jobs))


@pytest.fixture
def owner(uow):
    """The user who owns the projects the tests build."""
    return builders.a_user(uow)


@pytest.fixture
def someone(uow):
    """A signed-in user with no special right over anything."""
    return builders.a_user(uow)


@pytest.fixture
def admin(uow):
    return builders.an_admin(uow)


@pytest.fixture
def storage() -> FakeFileStorage:
    return FakeFileStorage()


@pytest.fixture
def hasher() -> FakePasswordHasher:
    return FakePasswordHasher()


@pytest.fixture
def clock() -> Seconds:
    """The seconds the loop's stamps and locks live by; tests move it with `advance`."""
    return Seconds()


@pytest.fixture
def loop(clock):
    """The volunteer loop's ports (stamps, locks, token signer) over fakes."""
    return builders.volunteer_ports(clock)


@pytest.fixture
def signer() -> FakeTokenSigner:
    return FakeTokenSigner()


@pytest.fixture
def jobs() -> FakeJobQueue:
    """Records the jobs a use case enqueues (nothing runs them)."""
    return FakeJobQueue()


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def images() -> FakeImageProcessor:
    return FakeImageProcessor()


@pytest.fixture
def keys() -> SequentialKeys:
    """New keys, file name parts and passwords, numbered in the order they are asked for."""
    return SequentialKeys()
