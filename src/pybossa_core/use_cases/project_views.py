"""The project views that only read: settings, task browsing, a task's page, its answers and
the results' count, each beside the project page's figures."""

from dataclasses import dataclass

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork, ProjectStats
from pybossa_core.queries import ListQuery
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Task
from pybossa_core.use_cases.common import load_project
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

# How many tasks a page of the task browser shows, unless asked (PYBOSSA shows 10), and the
# most it shows.
TASKS_PER_PAGE = 10
MAX_TASKS_PER_PAGE = 100
# The most answers a task's results.json lists (a gold task takes one from every volunteer).
MAX_TASK_ANSWERS = 1000


@dataclass(frozen=True)
class TaskBrowse:
    """One page of a project's tasks, by id, with the page's place among them."""

    page: ProjectPage
    tasks: list[Task]
    number: int
    per_page: int
    total: int
    sees_gold: bool


@dataclass(frozen=True)
class TaskView:
    """A task on its project's page; `sees_gold` says whether the reader sees its gold."""

    page: ProjectPage
    task: Task
    sees_gold: bool


@dataclass(frozen=True)
class TaskAnswers:
    """A task's answers (oldest first), as its results.json lists them."""

    runs: list[TaskRun]
    sees_gold: bool


def _page(uow: AbstractUnitOfWork, short_name: str, actor: Actor, action: str) -> ProjectPage:
    """The project (a draft only for those who may update it) with its owner and figures."""
    project = load_project(uow, short_name)
    permissions.ensure(actor, permissions.READ, "project", project)
    if action != permissions.READ:
        permissions.ensure(actor, action, "project", project)
    stats = uow.stats.project_stats([project.id]).get(project.id, ProjectStats())
    return ProjectPage(project, uow.users.contributor(project.owner_id), stats)


def project_settings(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> ProjectPage:
    """The project's settings page: its owner's and admins' only."""
    with uow:
        return _page(uow, short_name, actor, permissions.UPDATE)


def browse_tasks(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, number: int, per_page: int | None
) -> TaskBrowse:
    """Page `number` (from 1) of the project's tasks by id; a page past the last is NotFound
    (page 1 always exists, empty for a project without tasks)."""
    per_page = TASKS_PER_PAGE if per_page is None else per_page
    if not 1 <= per_page <= MAX_TASKS_PER_PAGE:
        raise errors.InvalidInput(
            f"per_page must be between 1 and {MAX_TASKS_PER_PAGE}",
            "task",
            {"per_page": [f"between 1 and {MAX_TASKS_PER_PAGE}"]},
        )
    with uow:
        page = _page(uow, short_name, actor, permissions.READ)
        total = page.stats.n_tasks
        if number < 1 or (number > 1 and (number - 1) * per_page >= total):
            raise errors.NotFound("page", number)
        query = ListQuery(
            filters={"project_id": page.project.id},
            limit=per_page,
            offset=(number - 1) * per_page,
        )
        tasks = [row.item for row in uow.tasks.list(query)]
        gold = permissions.sees_gold(actor, page.project)
        return TaskBrowse(page, tasks, number, per_page, total, gold)


def presenter_page(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> ProjectPage:
    """The page where a volunteer contributes (its presenter asks /api for tasks): the project
    as the caller may see it; a project that takes answers from signed-in volunteers only
    sends anonymous callers to sign in (AuthenticationRequired), as PYBOSSA does."""
    with uow:
        page = _page(uow, short_name, actor, permissions.READ)
        if not actor.authenticated and not page.project.allow_anonymous_contributors:
            raise errors.AuthenticationRequired(
                "This project accepts answers from signed-in volunteers only: sign in first",
                "project",
            )
        return page


def task_view(uow: AbstractUnitOfWork, short_name: str, task_id: int, actor: Actor) -> TaskView:
    """A task of the project, on the project's page; a task of another project is NotFound."""
    with uow:
        page = _page(uow, short_name, actor, permissions.READ)
        task = _task_of(uow, page.project.id, task_id)
        return TaskView(page, task, permissions.sees_gold(actor, page.project))


def task_answers(
    uow: AbstractUnitOfWork, short_name: str, task_id: int, actor: Actor
) -> TaskAnswers:
    """The answers of a task of the project (whoever may read the project reads them)."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.READ, "project", project)
        _task_of(uow, project.id, task_id)
        query = ListQuery(
            filters={"project_id": project.id, "task_id": task_id}, limit=MAX_TASK_ANSWERS
        )
        runs = [row.item for row in uow.task_runs.list(query)]
        return TaskAnswers(runs, permissions.sees_gold(actor, project))


def project_results(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor
) -> tuple[ProjectPage, int]:
    """The results page: the project's page and how many results it has."""
    with uow:
        page = _page(uow, short_name, actor, permissions.READ)
        return page, uow.results.count_for_project(page.project.id)


def _task_of(uow: AbstractUnitOfWork, project_id: int, task_id: int) -> Task:
    task = uow.tasks.get(task_id)
    if task is None or task.project_id != project_id:
        raise errors.NotFound("task", task_id)
    return task
