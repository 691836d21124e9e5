"""A project's audit log: staging what a use case changed, and reading it back."""

from dataclasses import dataclass
from datetime import datetime

from pybossa_core import audit, permissions
from pybossa_core.audit import AuditEntry
from pybossa_core.ports import AbstractUnitOfWork, Contributor
from pybossa_core.projects import Project
from pybossa_core.use_cases.common import load_project
from pybossa_core.users import Actor

MAX_PER_PAGE = 100


def stage(
    uow: AbstractUnitOfWork, project: Project, actor: Actor, now: datetime, caller: str
) -> None:
    """Stage an entry per change the project recorded, by `actor`, in the use case's own
    transaction (call it before `uow.commit()`): the entries commit with the changes."""
    if not project.has_unstaged_changes():
        return
    user = uow.users.get(actor.user_id) if actor.user_id is not None else None
    user_name = user.name if user is not None else ""
    for entry in audit.entries(project, actor.user_id or 0, user_name, now, caller):
        uow.audit_log.add(entry)


@dataclass(frozen=True)
class AuditLogPage:
    """One page of a project's log, newest first, with how many entries it holds."""

    project: Project
    owner: Contributor | None
    entries: list[AuditEntry]
    total: int


def project_log(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, *, offset: int, limit: int
) -> AuditLogPage:
    """The project's log, for its owners and admins (as its settings are)."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.UPDATE, "project", project)
        limit = max(1, min(limit, MAX_PER_PAGE))
        return AuditLogPage(
            project=project,
            owner=uow.users.contributor(project.owner_id),
            entries=uow.audit_log.for_project(project.id, max(0, offset), limit),
            total=uow.audit_log.count_for_project(project.id),
        )
