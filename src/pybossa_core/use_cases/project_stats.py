"""Projects' statistics (PYBOSSA's /api/projectstats): the project page's figures with its
results, blog posts and average answer time, for the projects the caller may read."""

from dataclasses import dataclass

from pybossa_core import permissions
from pybossa_core.ports import AbstractUnitOfWork, ProjectOutcomes, ProjectStats
from pybossa_core.queries import ListQuery
from pybossa_core.use_cases.common import load
from pybossa_core.use_cases.reading import scope
from pybossa_core.users import Actor


@dataclass(frozen=True)
class ProjectFigures:
    """One project's statistics."""

    project_id: int
    stats: ProjectStats
    outcomes: ProjectOutcomes
    n_blogposts: int


def list_project_stats(
    uow: AbstractUnitOfWork, actor: Actor, project_id: int | None, limit: int, offset: int
) -> list[ProjectFigures]:
    """The statistics of one page of the projects the caller may read (of one, if named)."""
    filters = {"id": project_id} if project_id is not None else {}
    query = scope(
        "project", ListQuery(filters=filters, limit=limit, offset=offset, all=True), actor
    )
    with uow:
        ids = [row.item.id for row in uow.projects.list(query)]
        return _figures(uow, ids)


def get_project_stats(uow: AbstractUnitOfWork, actor: Actor, project_id: int) -> ProjectFigures:
    """One project's statistics, as the project is shown (NotFound, 401, 403)."""
    with uow:
        project = load(uow, "project", project_id)
        permissions.ensure(actor, permissions.READ, "project", project)
        return _figures(uow, [project.id])[0]


def _figures(uow: AbstractUnitOfWork, ids: list[int]) -> list[ProjectFigures]:
    """A few grouped queries for all the projects at once, none per project."""
    stats = uow.stats.project_stats(ids)
    outcomes = uow.stats.project_outcomes(ids)
    posts = uow.blog_posts.count_published(ids)
    return [
        ProjectFigures(
            project_id,
            stats.get(project_id, ProjectStats()),
            outcomes.get(project_id, ProjectOutcomes()),
            posts.get(project_id, 0),
        )
        for project_id in ids
    ]
