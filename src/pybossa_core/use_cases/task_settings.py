"""A project's task settings, as its owners manage them: the scheduler, task priorities, the
task presenter, and deleting every task."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pybossa_core import audit, permissions, scheduler
from pybossa_core.entity import Changes
from pybossa_core.ports import AbstractUnitOfWork, JobQueue, ProjectStats
from pybossa_core.projects import Project
from pybossa_core.tasks import priority_problems
from pybossa_core.use_cases import projects
from pybossa_core.use_cases.common import load_project
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

# How many tasks one priority change names at most: the ids travel in one statement.
MAX_PRIORITY_IDS = 1_000
SCHEDULERS = tuple(scheduler.STRATEGIES)


@dataclass(frozen=True)
class FormOutcome:
    """What a settings form did: the project's page (None when the form's answer needs
    none), the problems of its fields (empty when it was applied; then nothing was written
    otherwise) and how many tasks it changed."""

    page: ProjectPage | None
    problems: dict[str, list[str]] = field(default_factory=dict)
    changed: int = 0


def managed_page(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> ProjectPage:
    """The project's page for whoever manages it (its owners and admins): AuthenticationRequired
    for anonymous callers, Forbidden for others, NotFound for an unknown name."""
    with uow:
        return page_of(uow, _managed(uow, short_name, actor, permissions.UPDATE, "project"))


def set_scheduler(
    uow: AbstractUnitOfWork,
    short_name: str,
    name: Any,
    actor: Actor,
    now: datetime,
    jobs: JobQueue | None = None,
) -> FormOutcome:
    """Store the project's scheduler (info.sched) through the project update; a name the
    server has no scheduler for is refused with the project's page."""
    if name not in SCHEDULERS:
        message = f"Choose one of {', '.join(SCHEDULERS)}"
        return FormOutcome(managed_page(uow, short_name, actor), {"sched": [message]})
    _change_info(uow, short_name, {"sched": name}, actor, now, jobs)
    return FormOutcome(None)


def save_task_presenter(
    uow: AbstractUnitOfWork,
    short_name: str,
    presenter: Any,
    actor: Actor,
    now: datetime,
    jobs: JobQueue | None = None,
) -> FormOutcome:
    """Store the project's task presenter (info.task_presenter) through the project update;
    an empty one is refused with the project's page."""
    if not isinstance(presenter, str) or not presenter.strip():
        message = "The task presenter must not be empty"
        return FormOutcome(managed_page(uow, short_name, actor), {"editor": [message]})
    _change_info(uow, short_name, {"task_presenter": presenter}, actor, now, jobs)
    return FormOutcome(None)


def set_priority(
    uow: AbstractUnitOfWork, short_name: str, task_ids: Any, priority: Any, actor: Actor
) -> FormOutcome:
    """Give the named tasks of the project (comma-separated ids, at most MAX_PRIORITY_IDS)
    one priority from 0 to 1, in one statement; ids of other projects' tasks are passed
    over. Answers the project's page, with the problems when refused."""
    ids, id_problems = parse_task_ids(task_ids)
    value = _number(priority)
    problems = {"task_ids": id_problems, "priority_0": priority_problems(value)}
    problems = {name: found for name, found in problems.items() if found}
    with uow:
        project = _managed(uow, short_name, actor, permissions.UPDATE, "task")
        changed = 0
        if not problems:
            changed = uow.tasks.set_priority(project.id, ids, float(value))
            uow.commit()
        return FormOutcome(page_of(uow, project), problems, changed)


def delete_all_tasks(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> int:
    """Delete every task of the project with its task runs and results, as whoever may
    delete its tasks one by one (its owners and admins), in one transaction; return how
    many tasks there were."""
    with uow:
        project = _managed(uow, short_name, actor, permissions.DELETE, "task")
        deleted = uow.tasks.delete_for_project(project.id)
        uow.commit()
    return deleted


def parse_task_ids(text: Any) -> tuple[list[int], list[str]]:
    """Comma-separated task ids (spaces allowed), each once: the ids, or what is wrong."""
    if not isinstance(text, str) or not text.strip():
        return [], ["Give the ids of the tasks, separated by commas"]
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > MAX_PRIORITY_IDS:
        return [], [f"Give at most {MAX_PRIORITY_IDS} task ids at a time"]
    if not all(part.isascii() and part.isdigit() and 0 < int(part) < 2**31 for part in parts):
        return [], ["Task ids are whole numbers from 1, separated by commas"]
    return sorted({int(part) for part in parts}), []


def _number(value: Any) -> Any:
    """A priority sent as a number or as text (a form field); anything else as it came."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _change_info(
    uow: AbstractUnitOfWork,
    short_name: str,
    values: dict[str, Any],
    actor: Actor,
    now: datetime,
    jobs: JobQueue | None,
) -> Project:
    """These keys of the project's info changed through update_project (its rules, and
    whatever records project changes), the rest of its info kept."""
    with uow:
        project_id = _managed(uow, short_name, actor, permissions.UPDATE, "project").id
    return projects.update_project(
        uow, project_id, Changes(), actor, now, jobs, caller=audit.WEB, info_keys=values
    )


def _managed(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, action: str, kind: str
) -> Project:
    project = load_project(uow, short_name)
    if kind == "project":
        permissions.ensure(actor, action, kind, project)
    else:
        permissions.ensure(actor, action, kind, project=project)
    return project


def page_of(uow: AbstractUnitOfWork, project: Project) -> ProjectPage:
    """The project's page: the project, its owner and its figures (a few bounded queries)."""
    stats = uow.stats.project_stats([project.id]).get(project.id, ProjectStats())
    return ProjectPage(project, uow.users.contributor(project.owner_id), stats)
