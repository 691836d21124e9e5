"""Owners' changes to tasks, results and task runs."""

from datetime import datetime
from typing import Any

from pybossa_core import audit, errors, permissions
from pybossa_core.entity import Changes
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import COMPLETED, CreateTask, NewRedundancy, Result, Task
from pybossa_core.use_cases import accuracy, audit_log, completion
from pybossa_core.use_cases.common import load_project, load_project_part, parent_project
from pybossa_core.users import Actor

MAX_N_ANSWERS = 2**31 - 1


def create_task(uow: AbstractUnitOfWork, command: CreateTask, actor: Actor, now: datetime) -> Task:
    """A new task in a project the caller owns."""
    permissions.ensure_authenticated(actor, "task")
    with uow:
        project = parent_project(uow, command.project_id, "task")
        permissions.ensure(actor, permissions.CREATE, "task", project=project)
        task = Task.create(command, now)
        uow.tasks.add(task)
        uow.commit()
        return task


def update_task(
    uow: AbstractUnitOfWork, task_id: int, changes: Changes, actor: Actor, now: datetime
) -> Task:
    """An owner's changes; a new n_answers completes the task (result, webhook) or reopens
    it by the answers it already has."""
    with uow:
        load_project_part(uow, "task", task_id, actor, permissions.UPDATE)
        task = uow.tasks.get_for_update(task_id)  # answers may arrive meanwhile
        was_completed = task.state == COMPLETED
        task.change(changes)
        if changes.names() & {"gold_answers", "calibration"}:
            accuracy.rescore(uow, task)
        if task.state == COMPLETED and not was_completed:
            completion.complete(uow, task, now)
        uow.commit()
    return task


def set_redundancy(
    uow: AbstractUnitOfWork, short_name: str, n_answers: Any, actor: Actor, now: datetime
) -> dict[str, int]:
    """Give every task of the project this n_answers, completing (with results and webhooks)
    or reopening each by the answers it already has (gold tasks never complete)."""
    if type(n_answers) is not int or not 1 <= n_answers <= MAX_N_ANSWERS:
        message = "n_answers must be a whole number of at least 1"
        raise errors.InvalidInput(message, "project", {"n_answers": [message]})
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.UPDATE, "project", project)
        change = NewRedundancy(n_answers)
        moved = uow.tasks.set_n_answers(project.id, change)
        completed, reopened = change.completed(moved), change.reopened(moved)
        # Logged as PYBOSSA logs it: the tasks' setting, without their previous values.
        project.record_setting("task.n_answers", audit.NOT_SET, n_answers)
        audit_log.stage(uow, project, actor, now, audit.WEB)
        for task_id in completed:
            completion.complete(uow, uow.tasks.get(task_id), now)
        report = {
            "n_answers": n_answers,
            "n_tasks": uow.tasks.count_for_project(project.id),
            "completed": len(completed),
            "reopened": len(reopened),
        }
        uow.commit()
    return report


def delete_task(uow: AbstractUnitOfWork, task_id: int, actor: Actor) -> None:
    """Delete a task with its task runs and result."""
    with uow:
        task = load_project_part(uow, "task", task_id, actor, permissions.DELETE)
        uow.tasks.delete(task)
        uow.commit()


def update_result(
    uow: AbstractUnitOfWork, result_id: int, changes: Changes, actor: Actor
) -> Result:
    """Owners annotate a result's info; everything else about it is the server's."""
    with uow:
        result = load_project_part(uow, "result", result_id, actor, permissions.UPDATE)
        result.apply_changes(changes)
        uow.commit()
        return result


def correct_task_run(
    uow: AbstractUnitOfWork, task_run_id: int, changes: Changes, actor: Actor
) -> TaskRun:
    """The answer's author (or an admin) corrects its `info`. Its task's result lists the
    answers with their consensus, so it is counted again with the corrected answer: a result
    agreeing with answers that no longer say so would be stale (the task's state and the
    answer counts do not move)."""
    with uow:
        run = load_project_part(uow, "taskrun", task_run_id, actor, permissions.UPDATE)
        task = uow.tasks.get_for_update(run.task_id)  # one writer of the result at a time
        run.correct(changes, task)
        result = uow.results.for_task(task.id)
        if result is not None:
            completion.refresh(uow, result, uow.projects.get(task.project_id))
        uow.commit()
        return run


def delete_task_run(uow: AbstractUnitOfWork, task_run_id: int, actor: Actor) -> None:
    """Its author, the project owner or an admin removes an answer; its task counts it out
    (and reopens when it now lacks one) and its result (with its consensus) is brought up to
    date with the answers left."""
    with uow:
        run = load_project_part(uow, "taskrun", task_run_id, actor, permissions.DELETE)
        task = uow.tasks.get_for_update(run.task_id)
        task.forget_run()
        uow.task_runs.delete(run)
        result = uow.results.for_task(task.id)
        if result is not None:
            completion.refresh(uow, result, uow.projects.get(task.project_id))
        uow.commit()
