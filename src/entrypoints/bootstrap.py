"""bootstrap(settings, **overrides): the composition root that builds every service."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from adapters.security import BcryptPasswordHasher
from adapters.sql import database, orm
from adapters.sql.unit_of_work import SqlUnitOfWork
from adapters.storage import LocalFileStorage
from entrypoints.settings import Settings
from pybossa_core.clock import utcnow
from pybossa_core.ports import AbstractUnitOfWork, FileStorage, PasswordHasher


@dataclass
class Services:
    """What the delivery layer hands to use cases."""

    settings: Settings
    uow: AbstractUnitOfWork
    hasher: PasswordHasher
    storage: FileStorage
    clock: Callable[[], datetime]
    close: Callable[[], None] = field(default=lambda: None)


def bootstrap(settings: Settings, **overrides) -> Services:
    """Build the services for `settings`; tests pass fakes as keyword overrides."""
    if "uow" not in overrides:
        orm.start_mappers()
        engine = database.create_engine_for(settings.database_url)
        overrides["uow"] = SqlUnitOfWork(database.session_factory(engine))
        overrides.setdefault("close", engine.dispose)
    overrides.setdefault("hasher", BcryptPasswordHasher(rounds=settings.bcrypt_rounds))
    overrides.setdefault("storage", LocalFileStorage(settings.storage_dir,
                                                     settings.max_upload_bytes))
    overrides.setdefault("clock", utcnow)
    return Services(settings=settings, **overrides)
