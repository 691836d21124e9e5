"""Ports: the abstract interfaces the core needs, implemented by the adapters."""

from pybossa_core.ports.audit import AuditLogRepository  # noqa: F401
from pybossa_core.ports.imports import TaskImportWriter  # noqa: F401
from pybossa_core.ports.repositories import (  # noqa: F401
    BY_FEWEST_RUNS,
    BY_MOST_RUNS,
    BY_PRIORITY,
    AbstractUnitOfWork,
    AnnouncementRepository,
    BlogPostRepository,
    CategoryRepository,
    Contributor,
    FavoriteRepository,
    HelpingMaterialRepository,
    PageRepository,
    ProjectRepository,
    Repository,
    ResultRepository,
    TaskRepository,
    TaskRunRepository,
    UserRepository,
)
from pybossa_core.ports.services import (  # noqa: F401
    Archiver,
    CropBox,
    FileStorage,
    HealthCheck,
    ImageProcessor,
    JobQueue,
    Mail,
    Mailer,
    PasswordHasher,
    RandomKeys,
    ServingRecords,
    SessionRevocations,
    TaskLocks,
    TaskStamps,
    TokenSigner,
)
from pybossa_core.ports.signing import Signer  # noqa: F401
from pybossa_core.ports.stats import (  # noqa: F401
    DailyCounts,
    GlobalStats,
    ProjectAnswers,
    ProjectOutcomes,
    ProjectStats,
    StatsReader,
    UserAnswers,
)
from pybossa_core.ports.webhooks import (  # noqa: F401
    WebhookRepository,
    WebhookResponse,
    WebhookSender,
)
