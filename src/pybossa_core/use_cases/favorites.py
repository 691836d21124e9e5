"""A user's favourite tasks: marked, listed and unmarked by that user alone."""

from datetime import datetime

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.queries import Listed
from pybossa_core.tasks import Task
from pybossa_core.use_cases.reading import mark_gold_readers
from pybossa_core.users import Actor

TARGET = "favorites"


def add_favorite(uow: AbstractUnitOfWork, task_id: int, actor: Actor, now: datetime) -> Task:
    """The caller marks a task they may read; a task marked already is a Conflict."""
    permissions.ensure_authenticated(actor, TARGET)
    with uow:
        task = _readable_task(uow, task_id, actor)
        if uow.favorites.has(actor.user_id, task.id):
            raise errors.Conflict(f"Task {task.id} is already one of your favorites", TARGET)
        task = uow.tasks.get_for_update(task.id)  # fav_user_ids: one writer at a time
        task.mark_favorite(actor.user_id)
        uow.favorites.add(actor.user_id, task.id, now)
        uow.commit()
        return task


def remove_favorite(uow: AbstractUnitOfWork, task_id: int, actor: Actor) -> Task:
    """The caller's mark on the task goes; NotFound when they had none."""
    permissions.ensure_authenticated(actor, TARGET)
    with uow:
        if not uow.favorites.remove(actor.user_id, task_id):
            raise errors.NotFound(TARGET, task_id)
        task = uow.tasks.get_for_update(task_id)
        task.unmark_favorite(actor.user_id)
        uow.commit()
        return task


def list_favorites(
    uow: AbstractUnitOfWork, actor: Actor, limit: int, offset: int
) -> list[Listed[Task]]:
    """One page of the caller's favourite tasks, by id, as lists of tasks show them."""
    permissions.ensure_authenticated(actor, TARGET)
    with uow:
        rows = [Listed(task) for task in uow.favorites.tasks_of(actor.user_id, limit, offset)]
        mark_gold_readers(uow, "task", rows, actor)
        return rows


def get_favorite(uow: AbstractUnitOfWork, task_id: int, actor: Actor) -> Listed[Task]:
    """One of the caller's favourite tasks; NotFound when it is not one."""
    permissions.ensure_authenticated(actor, TARGET)
    with uow:
        if not uow.favorites.has(actor.user_id, task_id):
            raise errors.NotFound(TARGET, task_id)
        rows = [Listed(uow.tasks.get(task_id))]
        mark_gold_readers(uow, "task", rows, actor)
        return rows[0]


def _readable_task(uow: AbstractUnitOfWork, task_id: int, actor: Actor) -> Task:
    task = uow.tasks.get(task_id)
    if task is None:
        raise errors.NotFound("task", task_id)
    permissions.ensure(actor, permissions.READ, "task", task)
    return task
