"""Reading accounts: a user's profile, the community pages and a user's own projects."""

from dataclasses import dataclass, field

from pybossa_core import errors
from pybossa_core.ports import AbstractUnitOfWork, Contributor, ProjectStats
from pybossa_core.projects import Project
from pybossa_core.use_cases import account_checks
from pybossa_core.users import Actor, User


@dataclass(frozen=True)
class Profile:
    """A user with score and rank, their projects (with progress), and how many users exist."""

    contributor: Contributor
    projects_created: list[Project]
    projects_contributed: list[Project]
    total_users: int
    stats: dict[int, ProjectStats] = field(default_factory=dict)


@dataclass(frozen=True)
class OwnProjects:
    """A user's projects split into drafts and published ones, with their progress."""

    drafts: list[Project]
    published: list[Project]
    stats: dict[int, ProjectStats] = field(default_factory=dict)


@dataclass(frozen=True)
class CommunityPage:
    """One page of users (by name) with the site's top contributors."""

    accounts: list[Contributor]
    top_users: list[Contributor]
    page: int
    per_page: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def profile(uow: AbstractUnitOfWork, name: str, actor: Actor) -> Profile:
    """The user called `name`; drafts are listed only for the user and admins."""
    with uow:
        user = uow.users.get_by_name(name)
        if user is None:
            raise errors.NotFound("user", name)
        created = uow.projects.owned_by(user.id)
        if not (actor.admin or actor.user_id == user.id):
            created = [project for project in created if project.published]
        contributed = uow.projects.contributed_by(user.id)
        return Profile(
            contributor=uow.users.contributor(user.id),
            projects_created=created,
            projects_contributed=contributed,
            total_users=uow.users.count(),
            stats=_stats(uow, created + contributed),
        )


def community_page(
    uow: AbstractUnitOfWork,
    page: int,
    *,
    per_page: int = 24,
    top: int = 10,
    actor: Actor | None = None,
) -> CommunityPage:
    """Page `page` (from 1) of the users by name, and the top contributors; a signed-in
    `actor` outside the top is added at the end of top_users, as PYBOSSA shows it."""
    with uow:
        total = uow.users.count()
        offset = (page - 1) * per_page
        if page < 1 or (page > 1 and offset >= total):
            raise errors.NotFound("page", page)
        top_users = uow.users.top_contributors(top)
        if (
            actor is not None
            and actor.authenticated
            and all(c.user.id != actor.user_id for c in top_users)
        ):
            me = uow.users.contributor(actor.user_id)
            top_users = top_users + ([me] if me is not None else [])
        return CommunityPage(
            accounts=uow.users.page(offset, per_page),
            top_users=top_users,
            page=page,
            per_page=per_page,
            total=total,
        )


def my_projects(uow: AbstractUnitOfWork, actor: Actor, name: str) -> OwnProjects:
    """The user's drafts and published projects, for the user or an admin."""
    with uow:
        user = account_checks.own_account(uow, actor, name)
        projects = uow.projects.owned_by(user.id)
        return OwnProjects(
            drafts=[p for p in projects if not p.published],
            published=[p for p in projects if p.published],
            stats=_stats(uow, projects),
        )


def ensure_can_manage(uow: AbstractUnitOfWork, actor: Actor, name: str) -> User:
    """The user called `name`, once the actor is that user or an admin (before a form)."""
    with uow:
        return account_checks.own_account(uow, actor, name)


def name_of(uow: AbstractUnitOfWork, actor: Actor) -> str:
    """The signed-in caller's user name (AuthenticationRequired when there is none)."""
    with uow:
        user = uow.users.get(actor.user_id) if actor.authenticated else None
    if user is None:
        raise errors.AuthenticationRequired("Authentication required", "account")
    return user.name


def _stats(uow: AbstractUnitOfWork, projects: list[Project]) -> dict[int, ProjectStats]:
    ids = sorted({project.id for project in projects})
    return uow.stats.project_stats(ids) if ids else {}
