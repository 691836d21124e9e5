"""The front page: featured projects, projects per category, the busiest projects, top users."""

from dataclasses import dataclass, field

from pybossa_core.categories import Category
from pybossa_core.ports import AbstractUnitOfWork, Contributor, ProjectStats
from pybossa_core.projects import Project
from pybossa_core.users import ANONYMOUS, Actor

PER_CATEGORY = 20
TOP = 20


@dataclass(frozen=True)
class HomePage:
    """What the front page shows; only published projects ever appear."""

    categories: list[Category]
    projects: dict[int, list[Project]]
    featured: list[Project]
    top_projects: list[Project]
    top_users: list[Contributor]
    stats: dict[int, ProjectStats] = field(default_factory=dict)
    # The published projects a signed-in caller answered (None for anonymous callers).
    historical: list[Project] | None = None


def home_page(
    uow: AbstractUnitOfWork,
    actor: Actor = ANONYMOUS,
    *,
    per_category: int = PER_CATEGORY,
    top: int = TOP,
) -> HomePage:
    """The categories that have published projects (with up to `per_category` of them each),
    the featured projects, the `top` projects by volunteers and the `top` contributors; for a
    signed-in actor, up to `per_category` of the projects they answered too."""
    with uow:
        historical = None
        if actor.authenticated:
            historical = uow.projects.contributed_page(actor.user_id, 0, per_category)
        published = uow.projects.published_by_category(per_category)
        by_category: dict[int, list[Project]] = {}
        for project in published:
            by_category.setdefault(project.category_id, []).append(project)
        featured = uow.projects.featured(per_category)
        top_projects = uow.projects.most_active(top)
        top_users = [who for who in uow.users.top_contributors(top) if who.score > 0]
        shown = sorted({p.id for p in published + featured + top_projects + (historical or [])})
        return HomePage(
            categories=[c for c in uow.categories.all() if c.id in by_category],
            projects=by_category,
            featured=featured,
            top_projects=top_projects,
            top_users=top_users,
            stats=uow.stats.project_stats(shown) if shown else {},
            historical=historical,
        )
