"""A project's page (GET /project/<short_name>/): the project, its owner and its progress."""

from dataclasses import dataclass

from pybossa_core import permissions
from pybossa_core.ports import AbstractUnitOfWork, Contributor, ProjectStats
from pybossa_core.projects import Project
from pybossa_core.use_cases.common import load_project
from pybossa_core.users import Actor


@dataclass(frozen=True)
class ProjectPage:
    """What the page shows; `owner` is None only if the owner's account is gone."""

    project: Project
    owner: Contributor | None
    stats: ProjectStats


def project_page(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> ProjectPage:
    """The project named `short_name` with its counts; a draft only for its owners and admins
    (the project object is what a draft hides), an unknown name NotFound."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.READ, "project", project)
        stats = uow.stats.project_stats([project.id]).get(project.id, ProjectStats())
        return ProjectPage(project, uow.users.contributor(project.owner_id), stats)
