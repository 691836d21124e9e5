"""Owners' changes to tasks, results and task runs."""
from datetime import datetime
from typing import Any

from pybossa_core import permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.tasks import Result, Task
from pybossa_core.use_cases.common import load_project_part, parent_project
from pybossa_core.users import Actor


def create_task(uow: AbstractUnitOfWork, fields: dict[str, Any], actor: Actor,
                now: datetime) -> Task:
    """A new task in a project the caller owns."""
    permissions.ensure_authenticated(actor, "task")
    with uow:
        project = parent_project(uow, fields.get("project_id"), "task")
        permissions.ensure(actor, permissions.CREATE, "task", project=project)
        task = Task.create(now=now, fields=fields)
        uow.tasks.add(task)
        uow.commit()
        return task


def update_task(uow: AbstractUnitOfWork, task_id: int, changes: dict[str, Any],
                actor: Actor) -> Task:
    with uow:
        task = load_project_part(uow, "task", task_id, actor, permissions.UPDATE)
        task.change(changes)
        uow.commit()
        return task


def delete_task(uow: AbstractUnitOfWork, task_id: int, actor: Actor) -> None:
    """Delete a task with its task runs and result."""
    with uow:
        task = load_project_part(uow, "task", task_id, actor, permissions.DELETE)
        uow.tasks.delete(task)
        uow.commit()


def update_result(uow: AbstractUnitOfWork, result_id: int, changes: dict[str, Any],
                  actor: Actor) -> Result:
    """Owners annotate a result's info; everything else about it is the server's."""
    with uow:
        result = load_project_part(uow, "result", result_id, actor, permissions.UPDATE)
        result.apply_changes(changes)
        uow.commit()
        return result


def delete_task_run(uow: AbstractUnitOfWork, task_run_id: int, actor: Actor) -> None:
    """Its author, the project owner or an admin removes an answer; its task counts it out
    (and reopens when it now lacks one) and its result stops listing it."""
    with uow:
        run = load_project_part(uow, "taskrun", task_run_id, actor, permissions.DELETE)
        task = uow.tasks.get_for_update(run.task_id)
        task.forget_run()
        result = uow.results.for_task(task.id)
        if result is not None:
            result.record([i for i in result.task_run_ids if i != run.id])
        uow.task_runs.delete(run)
        uow.commit()
