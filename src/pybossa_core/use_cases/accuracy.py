"""Volunteers' accuracy on a project's gold tasks, for its owner and admins; rescoring."""

from typing import Any

from pybossa_core import errors, gold, permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.queries import MAX_LIMIT
from pybossa_core.tasks import Task
from pybossa_core.use_cases.common import load_project
from pybossa_core.users import Actor


def project_accuracy(
    uow: AbstractUnitOfWork, project_key: int | str, actor: Actor, *, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    """One page of the project's (by id or short name) volunteers with their gold answers
    summed up.

    Users (by id), then external uids, then one row for every anonymous volunteer together:
    an anonymous volunteer is known only by a hash of their IP address, which is theirs.
    """
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise errors.InvalidInput(
            f"limit must be 1 to {MAX_LIMIT} and offset at least 0", "project"
        )
    with uow:
        project = load_project(uow, project_key)
        permissions.ensure_sees_gold(actor, project)
        rows = uow.task_runs.accuracy_by_volunteer(project.id, limit, offset)
        return [row.as_dict() for row in rows]


def rescore(uow: AbstractUnitOfWork, task: Task) -> None:
    """Score the task's answers again after its gold answers changed (or it became or stopped
    being gold): runs of a gold task get their score, the others lose theirs."""
    for run in uow.task_runs.for_task(task.id):
        if task.is_gold:
            run.gold_score, run.calibration = gold.score(task.gold_answers, run.info), 1
        else:
            run.gold_score, run.calibration = None, None
