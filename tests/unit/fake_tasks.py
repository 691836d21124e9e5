"""Fake repositories of a project's parts: tasks, task runs, results, helping materials."""
from __future__ import annotations

import copy
from typing import Any

from pybossa_core import errors, gold, ports, scheduler
from pybossa_core.tasks import COMPLETED, ONGOING
from pybossa_core.volunteers import Volunteer

from . import fake_counts as counts
from .fake_repository import FakeRepository


def _in_order(tasks: list[Any], order: str) -> list[Any]:
    """The candidates in the order's (column, descending) keys, sorted last key first (sorts
    are stable); an unknown order is a KeyError, as the SQL adapter's is an error too."""
    for column, descending in reversed(scheduler.ORDER_KEYS[order]):
        tasks = sorted(tasks, key=lambda t, c=column: getattr(t, c), reverse=descending)
    return tasks


class FakeTaskRepository(FakeRepository, ports.TaskRepository):
    def count_for_project(self, project_id: int) -> int:
        return len(self.where(project_id=project_id))

    def set_n_answers(self, project_id: int, n_answers: int) -> tuple[list[int], list[int]]:
        completed, reopened = [], []
        for task in sorted(self.where(project_id=project_id), key=lambda t: t.id):
            before = task.state
            task.n_answers = n_answers
            gold = task.calibration == 1 and task.gold_answers is not None
            if before == ONGOING and task.n_task_runs >= n_answers and not gold:
                task.state = COMPLETED
                completed.append(task.id)
            elif before == COMPLETED and task.n_task_runs < n_answers:
                task.state = ONGOING
                reopened.append(task.id)
        return completed, reopened

    def get_for_update(self, task_id: int) -> Any:
        """One process, no concurrent writers: the row lock is a plain get."""
        return self.get(task_id)

    def lock_for_answer(self, task_id: int) -> Any:
        """A copy, as the SQL adapter's is untracked: only record_answer stores changes."""
        return copy.deepcopy(self.get(task_id))

    def committed_runs(self, task_id: int) -> int:
        task = self.get(task_id)
        return task.n_task_runs if task is not None else 0

    def candidates(self, project_id: int, volunteer: Volunteer, order: str, limit: int,
                   offset: int = 0, gold: bool | None = None,
                   spread: bool = False) -> list[Any]:
        # `spread` changes nothing here: the fakes record an answer in one call, so no
        # answer is ever in progress while candidates are chosen.
        answered = self.uow.task_runs.answered
        found = [t for t in self.where(project_id=project_id, state=ONGOING)
                 if not answered(t.id, volunteer) and gold in (None, t.is_gold)]
        return _in_order(found, order)[offset:offset + limit]

    def _cascade(self, obj: Any) -> None:
        for repo in (self.uow.task_runs, self.uow.results):
            for part in repo.where(task_id=obj.id):
                repo.rows.pop(part.id)


class FakeTaskRunRepository(FakeRepository, ports.TaskRunRepository):
    def for_task(self, task_id: int) -> list[Any]:
        return sorted(self.where(task_id=task_id), key=lambda r: (r.created, r.id))

    def record_answer(self, run: Any, task: Any) -> None:
        self.add(run)
        stored = self.uow.tasks.get(task.id)
        stored.n_task_runs, stored.state = task.n_task_runs, task.state

    def answered(self, task_id: int, volunteer: Volunteer) -> bool:
        return any(counts.by(run, volunteer) for run in self.where(task_id=task_id))

    def count_by(self, project_id: int, volunteer: Volunteer) -> int:
        return sum(counts.by(run, volunteer) for run in self.where(project_id=project_id))

    def by_user(self, user_id: int) -> list[Any]:
        return sorted(self.where(user_id=user_id), key=lambda r: (r.created, r.id))

    def accuracy_of(self, project_id: int, volunteer: Volunteer) -> gold.Accuracy:
        return gold.Accuracy.of(run.gold_score for run in self.where(project_id=project_id)
                                if run.gold_score is not None and counts.by(run, volunteer))

    def accuracy_by_volunteer(self, project_id: int, limit: int,
                              offset: int = 0) -> list[gold.VolunteerAccuracy]:
        return counts.accuracy_rows(self.where(project_id=project_id))[offset:offset + limit]

    def check_unique(self) -> None:
        """The partial unique indexes: one run per task and user, external uid, anonymous IP."""
        seen = set()
        for run in self.rows.values():
            for key in counts.run_keys(run):
                if key in seen:
                    raise errors.DuplicateValue(f"duplicate task run: {key}", run.KIND)
                seen.add(key)


class FakeResultRepository(FakeRepository, ports.ResultRepository):
    def for_task(self, task_id: int) -> Any:
        return next(iter(self.where(task_id=task_id, last_version=True)), None)

    def current_for_project(self, project_id: int, after_id: int, limit: int) -> list[Any]:
        mine = self.where(project_id=project_id, last_version=True)
        return sorted((r for r in mine if r.id > after_id), key=lambda r: r.id)[:limit]


class FakeHelpingMaterialRepository(FakeRepository, ports.HelpingMaterialRepository):
    """Nothing beyond the common operations."""
