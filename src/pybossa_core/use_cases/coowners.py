"""A project's owners: its co-owners (PYBOSSA's owners_ids), added and removed by the owner
or an admin, and handing the project over to another user. Every change is audit-logged."""

from dataclasses import dataclass
from datetime import datetime

from pybossa_core import audit, errors, permissions
from pybossa_core.ports import AbstractUnitOfWork, ProjectStats
from pybossa_core.projects import Project
from pybossa_core.use_cases import audit_log
from pybossa_core.use_cases.common import load_project
from pybossa_core.use_cases.forms import Refused, refused
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor, User

MAX_FOUND = 20  # users a search of the co-owners page shows at most
NO_SUCH_USER = "User not found"  # PYBOSSA's words, whether the address is unknown or taken


@dataclass(frozen=True)
class OwnersPage:
    """The project with its owners (the owner first) and, after a search, the users found."""

    project: Project
    owners: list[User]
    found: list[User] | None = None


def owners_page(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, search: str | None = None
) -> OwnersPage:
    """For the project's owners and admins: who owns it, and the users whose name or full
    name contains `search` (any case; their e-mail addresses are not searched)."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.UPDATE, "project", project)
        users = uow.users.by_ids(project.owners_ids)
        owners = [users[user_id] for user_id in project.owners_ids if user_id in users]
        found = None
        if search is not None and search.strip():
            # Names only: a match on the e-mail address alone would tell the searcher whose
            # address it is (and would crowd the named users out of the page).
            found = uow.users.search(search.strip(), MAX_FOUND, by_email=False)
        return OwnersPage(project, owners, found)


def add_coowner(
    uow: AbstractUnitOfWork, short_name: str, user_name: str, actor: Actor, now: datetime
) -> bool:
    """Make the user named `user_name` a co-owner (owner or admin only); False when they
    own the project already. An unknown user is NotFound."""
    with uow:
        project, user = _project_and_user(uow, short_name, user_name, actor)
        added = project.add_coowner(user.id, now)
        audit_log.stage(uow, project, actor, now, audit.WEB)
        uow.commit()
    return added


def remove_coowner(
    uow: AbstractUnitOfWork, short_name: str, user_name: str, actor: Actor, now: datetime
) -> bool:
    """The user no longer co-owns the project (owner or admin only); False when they did
    not. The owner cannot be removed (Forbidden)."""
    with uow:
        project, user = _project_and_user(uow, short_name, user_name, actor)
        removed = project.remove_coowner(user.id, now)
        audit_log.stage(uow, project, actor, now, audit.WEB)
        uow.commit()
    return removed


def ownership_page(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> ProjectPage:
    """The project (with its owner and figures) that its owner or an admin may hand over."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure_manages_owners(actor, project)
        return _ownership_page(uow, project)


def transfer_ownership(
    uow: AbstractUnitOfWork, short_name: str, email_addr: str, actor: Actor, now: datetime
) -> tuple[ProjectPage, Refused | None]:
    """Hand the project to the user with this e-mail address (the owner or an admin asks);
    Refused, with PYBOSSA's "User not found", when no user has it. The page is the project
    as it is then."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure_manages_owners(actor, project)
        new_owner = uow.users.get_by_email(email_addr.strip()) if email_addr.strip() else None
        if new_owner is None:
            problems = refused({"email_addr": [NO_SUCH_USER]})
            return _ownership_page(uow, project), problems
        project.transfer_to(new_owner.id, now)
        audit_log.stage(uow, project, actor, now, audit.WEB)
        uow.commit()
        return _ownership_page(uow, project), None


def _ownership_page(uow: AbstractUnitOfWork, project: Project) -> ProjectPage:
    stats = uow.stats.project_stats([project.id]).get(project.id, ProjectStats())
    return ProjectPage(project, uow.users.contributor(project.owner_id), stats)


def _project_and_user(
    uow: AbstractUnitOfWork, short_name: str, user_name: str, actor: Actor
) -> tuple[Project, User]:
    project = load_project(uow, short_name)
    permissions.ensure_manages_owners(actor, project)
    user = uow.users.get_by_name(user_name)
    if user is None:
        raise errors.NotFound("user", user_name)
    return project, user
