"""Imperative mapping of the core dataclasses onto the tables (the core knows no ORM)."""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import configure_mappers, instrumentation, registry, relationship

from adapters.sql import tables
from pybossa_core.audit import AuditEntry
from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Coowner, Project
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
    (Coowner, tables.project_coowner),
    (Project, tables.project),
    (Task, tables.task),
    (TaskRun, tables.task_run),
    (Result, tables.result),
    (HelpingMaterial, tables.helping_material),
    (WebhookDelivery, tables.webhook),
    (WebhookAttempt, tables.webhook_attempt),
    (AuditEntry, tables.auditlog),
    (Announcement, tables.announcement),
    (BlogPost, tables.blogpost),
    (Page, tables.page),
)


def _properties(entity_type: type) -> dict[str, Any]:
    """A project's co-owners load with it: in one more SELECT ... IN for a whole list of
    projects (selectin), never one per project; the database removes them with it."""
    if entity_type is not Project:
        return {}
    coowners = relationship(
        Coowner,
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by=tables.project_coowner.c.user_id,
    )
    return {"coowners": coowners}


def start_mappers() -> None:
    """Map every entity onto its table; calling it again in the same process does nothing."""
    for entity_type, table in MAPPINGS:
        if inspect(entity_type, raiseerr=False) is None:
            mapper_registry.map_imperatively(
                entity_type, table, properties=_properties(entity_type)
            )
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


def projects_from_rows(session: Any, rows: list[Mapping[str, Any]]) -> list[Project]:
    """Projects built from rows (from_row) with their co-owners, read in one query."""
    coowners = coowners_of(session, [row["id"] for row in rows])
    return [project_from_row(row, coowners.get(row["id"], ())) for row in rows]


def project_from_row(row: Mapping[str, Any], coowner_ids: Iterable[int]) -> Project:
    """A project built from its row (from_row) and its co-owners' ids."""
    project = from_row(Project, row)
    project.__dict__["coowners"] = [
        Coowner(user_id=user_id, project_id=project.id) for user_id in coowner_ids
    ]
    return project


def coowners_of(session: Any, project_ids: list[int]) -> dict[int, list[int]]:
    """Each project's co-owners' ids (ascending), by project id; one query for them all."""
    if not project_ids:
        return {}
    column = tables.project_coowner.c
    statement = (
        select(column.project_id, column.user_id)
        .where(column.project_id.in_(project_ids))
        .order_by(column.project_id, column.user_id)
    )
    found: dict[int, list[int]] = {}
    for project_id, user_id in session.connection().execute(statement):
        found.setdefault(project_id, []).append(user_id)
    return found
