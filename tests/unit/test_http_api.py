"""The HTTP contract over in-memory fakes (no I/O)."""
from pathlib import Path

import pytest

from entrypoints.bootstrap import bootstrap, inline_job_queue
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from http_catalog import *  # noqa: F403
from http_contract import *  # noqa: F403
from http_contract import make_api_client
from http_exports import *  # noqa: F403
from http_gold import *  # noqa: F403
from http_imports import *  # noqa: F403
from http_loop import *  # noqa: F403
from http_results import *  # noqa: F403
from http_robustness import *  # noqa: F403
from pybossa_core.categories import Category

from .fake_exports import FakeExportReader
from .fake_webhooks import FakeWebhookSender, ManualSchedule
from .fakes import (
    FakeFileStorage,
    FakeImageProcessor,
    FakeMailer,
    FakePasswordHasher,
    FakeUnitOfWork,
)

SECRET = "unit-test-secret-long-enough-for-hs256"


@pytest.fixture
def api():
    uow = FakeUnitOfWork()
    settings = Settings(database_url="sqlite://", storage_dir=Path("/nonexistent"),
                        max_avatar_bytes=100_000, rate_limit_enabled=False)
    services = bootstrap(settings, uow=uow, hasher=FakePasswordHasher(),
                         storage=FakeFileStorage(), secret_key=SECRET,
                         mailer=FakeMailer(), images=FakeImageProcessor(),
                         exports=FakeExportReader(uow), webhook_sender=FakeWebhookSender())
    # Webhook deliveries wait for the test (no timer threads over the fake unit of work).
    services.jobs = inline_job_queue(services, schedule=ManualSchedule())
    _seed_default_category(services)
    return make_api_client(create_app(services), services)


def _seed_default_category(services) -> None:
    """The migrations seed the default categories; the fakes start from them too."""
    with services.uow:
        services.uow.categories.add(Category(name="Thinking", short_name="thinking",
                                             created=services.clock()))
        services.uow.commit()
