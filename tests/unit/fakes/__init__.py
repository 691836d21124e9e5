"""In-memory fakes of every port in pybossa_core.ports, for unit and HTTP tests.

The fake of a port in `pybossa_core/ports/<name>.py` is in `fakes/<name>.py`; FakeUnitOfWork
(unit_of_work.py) holds the fake repositories, and `app.fake_services()` builds the app's
services over fakes. Every fake is imported from this package.
"""

from .exports import FakeExportReader
from .imports import FakeTaskImportWriter
from .repositories import (
    FakeCategoryRepository,
    FakeHelpingMaterialRepository,
    FakeProjectRepository,
    FakeRepository,
    FakeResultRepository,
    FakeTaskRepository,
    FakeTaskRunRepository,
    FakeUserRepository,
)
from .services import (
    FakeFileStorage,
    FakeHealthCheck,
    FakeImageProcessor,
    FakeJobQueue,
    FakeMailer,
    FakePasswordHasher,
    FakeTaskLocks,
    FakeTaskStamps,
    FakeTokenSigner,
    Seconds,
    SequentialKeys,
)
from .site_import import FakePybossaSource, FakeSiteImportTarget
from .stats import FakeStatsReader
from .unit_of_work import FakeUnitOfWork, FakeUnitsOfWork, RecordedEvents
from .webhooks import FakeWebhookRepository, FakeWebhookSender, ManualSchedule

__all__ = [
    "FakeCategoryRepository",
    "FakeExportReader",
    "FakeFileStorage",
    "FakeHealthCheck",
    "FakeHelpingMaterialRepository",
    "FakeImageProcessor",
    "FakeJobQueue",
    "FakeMailer",
    "FakePasswordHasher",
    "FakeProjectRepository",
    "FakePybossaSource",
    "FakeRepository",
    "FakeResultRepository",
    "FakeSiteImportTarget",
    "FakeStatsReader",
    "FakeTaskImportWriter",
    "FakeTaskLocks",
    "FakeTaskRepository",
    "FakeTaskRunRepository",
    "FakeTaskStamps",
    "FakeTokenSigner",
    "FakeUnitOfWork",
    "FakeUnitsOfWork",
    "FakeUserRepository",
    "FakeWebhookRepository",
    "FakeWebhookSender",
    "ManualSchedule",
    "RecordedEvents",
    "Seconds",
    "SequentialKeys",
]
