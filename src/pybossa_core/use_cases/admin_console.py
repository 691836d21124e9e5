"""The rest of the admin console: its index, featuring projects, exporting the users, and
the dashboard of the last week's activity. Admins only (see use_cases.admin)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pybossa_core import audit, errors, permissions
from pybossa_core.categories import Category
from pybossa_core.ports import AbstractUnitOfWork, ProjectStats
from pybossa_core.ports.exports import USER_EXPORT_FIELDS, ExportReader
from pybossa_core.ports.stats import DAILY_FIGURES
from pybossa_core.projects import Project
from pybossa_core.use_cases import audit_log
from pybossa_core.use_cases.admin import CONSOLE
from pybossa_core.use_cases.common import load
from pybossa_core.use_cases.exports import Export
from pybossa_core.users import Actor

# The featuring page lists up to this many published projects per category (by name); a
# project further down is featured by its id all the same.
FEATURABLE_PER_CATEGORY = 100
DASHBOARD_DAYS = 7


@dataclass(frozen=True)
class Featurable:
    """Every category, and its published projects that may be featured."""

    categories: list[Category]
    projects: dict[int, list[Project]]
    stats: dict[int, ProjectStats] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    """The last DASHBOARD_DAYS days (oldest first) and, per figure of DAILY_FIGURES, the
    count of each of those days."""

    days: list[date]
    figures: dict[str, list[int]]


def ensure_admin(actor: Actor) -> None:
    """AuthenticationRequired for anonymous callers, Forbidden for users who are no admin."""
    permissions.ensure(actor, permissions.READ, CONSOLE)


def featurable(uow: AbstractUnitOfWork, actor: Actor) -> Featurable:
    """The categories with their published projects (FEATURABLE_PER_CATEGORY at most each)."""
    ensure_admin(actor)
    with uow:
        published = uow.projects.published_by_category(FEATURABLE_PER_CATEGORY)
        by_category: dict[int, list[Project]] = {}
        for project in published:
            by_category.setdefault(project.category_id, []).append(project)
        ids = sorted(p.id for p in published)
        return Featurable(
            categories=uow.categories.all(),
            projects=by_category,
            stats=uow.stats.project_stats(ids) if ids else {},
        )


def set_featured(
    uow: AbstractUnitOfWork, actor: Actor, project_id: int, featured: bool, now: datetime
) -> Project:
    """Feature a project or stop featuring it; asking for what already is a Conflict."""
    permissions.ensure(actor, permissions.UPDATE, CONSOLE)
    with uow:
        project = load(uow, "project", project_id)
        if project.featured == featured:
            state = "already featured" if featured else "not featured"
            raise errors.Conflict(f"Project.id {project_id} is {state}", "project")
        project.set_featured(featured, now)
        audit_log.stage(uow, project, actor, now, audit.WEB)
        uow.commit()
        return project


def users_export(actor: Actor, exports: ExportReader) -> Export:
    """Every user by id with USER_EXPORT_FIELDS (never a credential), read lazily on the
    reader's own connection."""
    ensure_admin(actor)
    return Export("", "user", USER_EXPORT_FIELDS, None, exports.user_rows())


def dashboard(uow: AbstractUnitOfWork, actor: Actor, now: datetime) -> Dashboard:
    """New users, projects, tasks and answers, and active volunteers, per day of the last
    DASHBOARD_DAYS days (today included)."""
    ensure_admin(actor)
    today = now.date()
    days = [today - timedelta(days=n) for n in range(DASHBOARD_DAYS - 1, -1, -1)]
    since = datetime.combine(days[0], datetime.min.time())
    with uow:
        counts = uow.stats.daily_counts(since).per_day
    return Dashboard(
        days=days,
        figures={
            figure: [counts.get(figure, {}).get(day, 0) for day in days] for figure in DAILY_FIGURES
        },
    )
