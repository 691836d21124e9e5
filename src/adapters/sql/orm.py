"""Imperative mapping of the core dataclasses onto the tables (the core knows no ORM)."""

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import configure_mappers, instrumentation, registry

from adapters.sql import tables
from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result, Task
from pybossa_core.users import User
from pybossa_core.webhooks import WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

mapper_registry = registry(metadata=tables.metadata)

MAPPINGS = (
    (User, tables.user),
    (Category, tables.category),
    (Project, tables.project),
    (Task, tables.task),
    (TaskRun, tables.task_run),
    (Result, tables.result),
    (HelpingMaterial, tables.helping_material),
    (WebhookDelivery, tables.webhook),
    (WebhookAttempt, tables.webhook_attempt),
    (Announcement, tables.announcement),
    (BlogPost, tables.blogpost),
    (Page, tables.page),
)


def start_mappers() -> None:
    """Map every entity onto its table; calling it again in the same process does nothing."""
    for entity_type, table in MAPPINGS:
        if inspect(entity_type, raiseerr=False) is None:
            mapper_registry.map_imperatively(entity_type, table)
            logger.debug("mapped %s onto %s", entity_type.__name__, table.name)
    # Now, not at the first query: `from_row` builds entities before any query may have run.
    configure_mappers()


def from_row(entity_type: type, row: Mapping[str, Any]) -> Any:
    """An entity holding a row's values, built without the session (a tenth of the cost of
    loading it through the ORM): for reading only — the session does not know it, so
    changes to it are never stored."""
    entity = instrumentation.manager_of_class(entity_type).new_instance()
    entity.__dict__.update(row)
    return entity
