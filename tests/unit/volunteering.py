"""Drive the volunteer loop from tests: ask for tasks, answer them, make callers and tokens."""

from datetime import datetime

from pybossa_core.projects import Project
from pybossa_core.task_runs import SubmitAnswer, TaskRun
from pybossa_core.tasks import Task
from pybossa_core.use_cases import contributions
from pybossa_core.use_cases.contributions import VolunteerPorts
from pybossa_core.users import Actor

from .builders import NOW


def newtask(
    uow, project: Project, caller: Actor, loop: VolunteerPorts, *, now: datetime = NOW, **kw
) -> list[Task]:
    """GET /api/project/<id>/newtask: the tasks served (an empty list is PYBOSSA's `{}`)."""
    return contributions.request_tasks(uow, project.id, caller, ports=loop, now=now, **kw)


def answer(
    uow,
    task: Task,
    caller: Actor,
    loop: VolunteerPorts,
    *,
    info="an answer",
    now: datetime = NOW,
    **body,
) -> TaskRun:
    """POST /api/taskrun for `task` (`project_id` or `task_id` given override the task's)."""
    answer = SubmitAnswer(
        **{"project_id": task.project_id, "task_id": task.id, "info": info, **body}
    )
    return contributions.submit_task_run(uow, answer, caller, ports=loop, now=now)


def serve_and_answer(uow, task: Task, caller: Actor, loop: VolunteerPorts, **kw) -> TaskRun:
    """Stamp `task` as served to the caller (as newtask would), then answer it."""
    volunteer = contributions.identify(uow.projects.get(task.project_id), caller, loop, NOW)
    loop.stamps.stamp(volunteer.key, [task.id], loop.stamp_seconds)
    return answer(uow, task, caller, loop, **kw)


def a_token(
    loop: VolunteerPorts,
    project: Project,
    *,
    now: datetime = NOW,
    ttl: int = 3600,
    secret: str | None = None,
    **claims,
) -> str:
    """A project token as /api/auth/project/<short_name>/token issues it."""
    claims = {"project_id": project.id, **claims}
    return loop.signer.issue(claims, secret or project.secret_key, ttl, now)


def external(uid: str | None, token: str | None, ip: str | None = None) -> Actor:
    """An app contributing for one of its own users."""
    return Actor(external_uid=uid, project_token=token, ip=ip)


def anonymous(ip: str = "192.0.2.7") -> Actor:
    return Actor(ip=ip)


def ids(tasks: list[Task]) -> list[int]:
    return [task.id for task in tasks]
