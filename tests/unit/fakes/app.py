"""The application's services over fakes: one place that builds them for the HTTP tests."""

from pathlib import Path

from entrypoints.bootstrap import Services, bootstrap
from entrypoints.settings import Settings

from .exports import FakeExportReader
from .services import (
    FakeFileStorage,
    FakeImageProcessor,
    FakeMailer,
    FakePasswordHasher,
    SequentialKeys,
)
from .unit_of_work import FakeUnitOfWork, FakeUnitsOfWork
from .webhooks import FakeWebhookSender

SECRET = "unit-test-secret-long-enough-for-hs256"


def fake_services(settings: dict | None = None, **overrides) -> Services:
    """bootstrap() with every port faked (no I/O); `settings` are Settings fields, the
    keyword arguments replace any fake (uow, clock, exports, webhook_sender...)."""
    config = Settings(
        database_url="sqlite://", storage_dir=Path("/nonexistent"), **(settings or {})
    )
    uow = overrides.pop("uow", None) or FakeUnitOfWork()
    fakes = dict(
        hasher=FakePasswordHasher(),
        storage=FakeFileStorage(),
        secret_key=SECRET,
        mailer=FakeMailer(),
        images=FakeImageProcessor(config.max_avatar_bytes),
        keys=SequentialKeys(),
        exports=FakeExportReader(uow),
        webhook_sender=FakeWebhookSender(),
    )
    return bootstrap(config, units_of_work=FakeUnitsOfWork(uow), **{**fakes, **overrides})
