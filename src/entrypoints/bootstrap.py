"""bootstrap(settings, **overrides): the composition root that builds every service."""

import functools
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

import redis
from sqlalchemy.engine import Engine

from adapters import health, jobs, mail, memory_store, redis_store
from adapters.archives import ZipArchiver
from adapters.images import PillowImageProcessor
from adapters.project_cache import LocalChangeFeed, ProjectCache, RedisChangeFeed
from adapters.random_keys import SystemRandomKeys
from adapters.security import BcryptPasswordHasher, JwtTokenSigner
from adapters.sql import database, orm
from adapters.sql.exports import SqlExportReader
from adapters.sql.sessions import SqlSessionRevocations
from adapters.sql.unit_of_work import SqlUnitsOfWork
from adapters.storage import LocalFileStorage
from adapters.vmcp_signer import RsaSigner
from adapters.webhook_sender import HttpWebhookSender
from entrypoints.metrics import Metrics
from entrypoints.settings import Settings
from entrypoints.throttle import AccountThrottle, storage_for
from pybossa_core import handlers
from pybossa_core.clock import utcnow
from pybossa_core.events import EventHandlers
from pybossa_core.ports import (
    AbstractUnitOfWork,
    Archiver,
    FileStorage,
    HealthCheck,
    ImageProcessor,
    JobQueue,
    Mailer,
    PasswordHasher,
    RandomKeys,
    ServingRecords,
    SessionRevocations,
    Signer,
    TaskLocks,
    TaskStamps,
    TokenSigner,
    WebhookSender,
)
from pybossa_core.ports.exports import ExportReader
from pybossa_core.use_cases import background


class UnitsOfWork(Protocol):
    """Starts the unit of work of one operation (a request, a job, a command); `reading`
    for one that only reads. Every unit of work it starts hands its events to
    `event_handlers`."""

    event_handlers: EventHandlers

    def __call__(self, reading: bool = False) -> AbstractUnitOfWork: ...


@dataclass
class Services:
    """What the delivery layer hands to use cases."""

    settings: Settings
    units_of_work: "UnitsOfWork"  # units_of_work() starts one operation's unit of work
    hasher: PasswordHasher
    storage: FileStorage
    stamps: TaskStamps
    locks: TaskLocks
    serving: ServingRecords  # both of the above, for what an answer forgets at once
    signer: TokenSigner
    secret_key: str
    mailer: Mailer
    images: ImageProcessor
    clock: Callable[[], datetime]
    archiver: Archiver
    keys: RandomKeys  # every random value the core needs
    jobs: JobQueue | None = None
    vmcp_signer: Signer | None = None  # None: VMCP_KEY unset, /api/vmcp answers 501
    webhook_sender: WebhookSender | None = None
    exports: ExportReader | None = None  # streams exports outside the unit of work
    close: Callable[[], None] = field(default=lambda: None)
    health_checks: dict[str, HealthCheck | None] = field(default_factory=dict)
    metrics: Metrics = field(default_factory=Metrics)
    revocations: SessionRevocations = field(default_factory=memory_store.MemorySessionRevocations)
    throttle: AccountThrottle | None = None  # failed sign-ins and account mails


def bootstrap(settings: Settings, **overrides) -> Services:
    """Build the services for `settings`; tests pass fakes as keyword overrides (and
    `job_schedule`, when the embedded queue's deferred webhooks should wait for them)."""
    schedule = overrides.pop("job_schedule", jobs.start_timer)
    if "units_of_work" not in overrides:
        orm.start_mappers()
        engine, reader = _engines(settings)
        overrides["units_of_work"] = SqlUnitsOfWork(
            database.session_factory(engine),
            database.read_session_factory(reader),
            _project_cache(settings),
        )
        overrides.setdefault("exports", SqlExportReader(engine))
        overrides.setdefault("close", functools.partial(_dispose, {engine, reader}))
        overrides.setdefault("health_checks", _health_checks(settings, engine))
        if settings.redis_url is None:
            overrides.setdefault("revocations", SqlSessionRevocations(engine))
    overrides = {**_stamps_and_locks(settings, overrides), **overrides}
    overrides.setdefault("hasher", BcryptPasswordHasher(rounds=settings.bcrypt_rounds))
    overrides.setdefault(
        "storage", LocalFileStorage(settings.storage_dir, settings.max_upload_bytes)
    )
    overrides.setdefault("signer", JwtTokenSigner())
    if "secret_key" not in overrides:
        overrides["secret_key"] = settings.secret_key or _local_secret(settings.storage_dir)
    overrides.setdefault("clock", utcnow)
    overrides.setdefault("mailer", _mailer(settings))
    overrides.setdefault("images", PillowImageProcessor(max_bytes=settings.max_avatar_bytes))
    overrides.setdefault("archiver", ZipArchiver())
    overrides.setdefault("keys", SystemRandomKeys())
    if "vmcp_signer" not in overrides and settings.vmcp_key is not None:
        overrides["vmcp_signer"] = RsaSigner.from_pem_file(settings.vmcp_key)
    overrides.setdefault("metrics", Metrics(settings.metrics_multiprocess))
    overrides.setdefault(
        "webhook_sender",
        HttpWebhookSender(
            timeout=settings.webhook_timeout, allow_private=settings.webhook_allow_private
        ),
    )
    if "throttle" not in overrides:
        overrides["throttle"] = AccountThrottle(
            storage_for(settings), overrides["secret_key"], settings
        )
    services = Services(settings=settings, **overrides)
    if services.jobs is None:
        services.jobs = _job_queue(services, schedule)
    services.units_of_work.event_handlers = handlers.register(
        EventHandlers(), serving=services.serving, jobs=services.jobs
    )
    return services


def run_job(services: Services, job: str, arguments: dict) -> None:
    """Run one background job with the services of this process."""
    background.run(
        job,
        arguments,
        uow=services.units_of_work(),
        storage=services.storage,
        mailer=services.mailer,
        jobs=services.jobs,
        now=services.clock(),
        base_url=services.settings.base_url(),
        archiver=services.archiver,
        sender=services.webhook_sender,
        max_attempts=services.settings.webhook_max_attempts,
    )


def _job_queue(services: Services, schedule: jobs.Schedule) -> JobQueue:
    """dramatiq workers when REDIS_URL is set; otherwise jobs run in the request's process."""
    if services.settings.redis_url is None:
        return inline_job_queue(services, schedule)
    settings = services.settings
    broker = jobs.redis_broker(settings.redis_url, namespace=f"{settings.redis_prefix}:dramatiq")
    return jobs.DramatiqJobQueue(broker)


def inline_job_queue(
    services: Services, schedule: jobs.Schedule = jobs.start_timer
) -> jobs.InlineJobQueue:
    """The embedded queue: jobs run in this process; webhooks off the request's thread, with
    the same attempts and backoff as the workers (tests pass their own `schedule`)."""
    settings = services.settings
    webhooks = jobs.Backoff(
        max_retries=settings.webhook_max_attempts - 1, min_ms=settings.webhook_backoff_ms
    )
    return jobs.InlineJobQueue(
        lambda job, arguments: run_job(services, job, arguments),
        deferred={handlers.DELIVER_WEBHOOK: webhooks},
        schedule=schedule,
    )


def _mailer(settings: Settings) -> Mailer:
    """SMTP when SMTP_HOST is set; the embedded default writes each mail to the log."""
    if settings.smtp_host is None:
        return mail.ConsoleMailer()
    return mail.SmtpMailer(
        settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
        ssl=settings.smtp_ssl,
        sender=settings.mail_sender,
    )


def _stamps_and_locks(settings: Settings, overrides: dict) -> dict:
    """Redis when REDIS_URL is set (shared by every process and host), memory otherwise
    (gunicorn then runs one worker); with Redis, signed-out sessions are kept beside them
    (without it, in the database: they must outlive a restart). What an answer forgets goes
    to Redis in one round trip, unless a test overrides the stamps or the locks."""
    if "stamps" in overrides and "locks" in overrides:
        built: dict = {}
    elif settings.redis_url is None:
        built = {"stamps": memory_store.MemoryTaskStamps(), "locks": memory_store.MemoryTaskLocks()}
    else:
        built = _redis_stamps_and_locks(settings)
    if "serving" not in built or "stamps" in overrides or "locks" in overrides:
        built["serving"] = memory_store.SeparateServingRecords(
            overrides.get("stamps", built.get("stamps")), overrides.get("locks", built.get("locks"))
        )
    return built


def _redis_stamps_and_locks(settings: Settings) -> dict:
    client = redis.Redis.from_url(
        settings.redis_url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30
    )
    prefix = settings.redis_prefix
    stamps = redis_store.RedisTaskStamps(client, prefix=prefix)
    locks = redis_store.RedisTaskLocks(client, prefix=prefix)
    return {
        "stamps": stamps,
        "locks": locks,
        "serving": redis_store.RedisServingRecords(stamps, locks),
        "revocations": redis_store.RedisSessionRevocations(client, prefix=prefix),
    }


def _dispose(engines: set[Engine]) -> None:
    for engine in engines:
        engine.dispose()


def _engines(settings: Settings) -> tuple[Engine, Engine]:
    """The writing engine and the reading one: on PostgreSQL a pool of connections kept in
    autocommit (see database.create_engine_for), on SQLite the same engine."""
    options = dict(
        connect_timeout=settings.db_connect_timeout,
        statement_timeout_ms=settings.db_statement_timeout_ms,
    )
    engine = database.create_engine_for(settings.database_url, **options)
    if engine.dialect.name == "sqlite":
        return engine, engine
    return engine, database.create_engine_for(settings.database_url, **options, reading=True)


def _project_cache(settings: Settings) -> ProjectCache:
    """The process's cache of projects; with Redis, every process hears of the changes the
    others commit (without it the server is one process, see gunicorn_config.py)."""
    if settings.redis_url is None:
        return ProjectCache(LocalChangeFeed())
    client = redis.Redis.from_url(
        settings.redis_url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=10
    )
    return ProjectCache(RedisChangeFeed(client, f"{settings.redis_prefix}:project-changes"))


def _health_checks(settings: Settings, engine) -> dict[str, HealthCheck | None]:
    """What /ready checks: the database, and Redis when configured (with short timeouts)."""
    checks: dict[str, HealthCheck | None] = {
        "database": health.SqlHealthCheck(engine),
        "redis": None,
    }
    if settings.redis_url is not None:
        client = redis.Redis.from_url(
            settings.redis_url, socket_timeout=2, socket_connect_timeout=2
        )
        checks["redis"] = health.RedisHealthCheck(client)
    return checks


def _local_secret(storage_dir: Path) -> str:
    """Embedded mode without SECRET_KEY: one random secret kept beside the uploads.

    Written to a temporary file and linked into place, so concurrent workers agree on it.
    """
    path = storage_dir.parent / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker linked its secret first; use that one
        finally:
            temporary.unlink()
    return path.read_text().strip()
