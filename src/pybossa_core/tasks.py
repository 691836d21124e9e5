"""Tasks (what volunteers are asked) and Results (what their answers add up to)."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar

from pybossa_core import errors
from pybossa_core.entity import Changes, Entity, default_of, fields_of, refuse_project_move

ONGOING = "ongoing"
COMPLETED = "completed"


class Standing(enum.Enum):
    """What a task is as far as its state goes: the kinds of task the state rule tells apart."""

    GOLD = "gold"  # calibration=1 with gold answers, see pybossa_core.gold
    ANSWERED = "answered"  # not gold, with n_answers task runs or more
    SHORT_OF_ANSWERS = "short_of_answers"  # not gold, with fewer task runs than n_answers


# The state each kind of task is in. A gold task takes one answer from every volunteer, so it
# never completes, however many answers it has.
STATE_OF: Mapping[Standing, str] = MappingProxyType(
    {
        Standing.GOLD: ONGOING,
        Standing.ANSWERED: COMPLETED,
        Standing.SHORT_OF_ANSWERS: ONGOING,
    }
)


def standing(is_gold: bool, n_task_runs: int, n_answers: int) -> Standing:
    """The kind of task that one with these answers is, for the state it should be in."""
    if is_gold:
        return Standing.GOLD
    return Standing.ANSWERED if n_task_runs >= n_answers else Standing.SHORT_OF_ANSWERS


def standings_by_state(
    state_of: Mapping[Standing, str] = STATE_OF,
) -> dict[str, frozenset[Standing]]:
    """Each state tasks are in, with the kinds of task in it: what a repository needs to set
    many tasks' states in one statement per state."""
    return {
        state: frozenset(kind for kind, its_state in state_of.items() if its_state == state)
        for state in sorted(set(state_of.values()))
    }


PRIORITY_RANGE = "priority_0 must be between 0 and 1"


def priority_problems(priority: Any) -> list[str]:
    """What is wrong with a task priority: a number from 0 (last) to 1 (first), or nothing."""
    if isinstance(priority, int | float) and 0.0 <= priority <= 1.0:
        return []
    return [PRIORITY_RANGE]


@dataclass(frozen=True)
class NewRedundancy:
    """Every task of a project given one n_answers, each ending in the state its standing
    implies (as `Task.change` does for one task): what a repository stores in a few bulk
    statements, one per state, without deciding anything itself."""

    n_answers: int
    state_of: Mapping[Standing, str] = field(default_factory=lambda: STATE_OF)

    def standings_by_state(self) -> dict[str, frozenset[Standing]]:
        """Each state tasks end in, with the kinds of task that end in it."""
        return standings_by_state(self.state_of)

    def state_for(self, task: "Task") -> str:
        """The state this task ends in."""
        return self.state_of[standing(task.is_gold, task.n_task_runs, self.n_answers)]

    @staticmethod
    def completed(moved: Mapping[str, list[int]]) -> list[int]:
        """The ids of the tasks the change completed, of those it moved by their new state."""
        return list(moved.get(COMPLETED, []))

    @staticmethod
    def reopened(moved: Mapping[str, list[int]]) -> list[int]:
        """The ids of the tasks the change reopened: a task moved to ongoing was completed."""
        return list(moved.get(ONGOING, []))


@dataclass(eq=False)
class Task(Entity):
    """One unit of work; it is completed once it has `n_answers` task runs (a gold task,
    see pybossa_core.gold, never is)."""

    project_id: int
    created: datetime
    state: str = ONGOING
    quorum: int = 0
    calibration: int = 0
    priority_0: float = 0.0
    n_answers: int = 30
    info: dict[str, Any] = field(default_factory=dict)
    fav_user_ids: list[int] | None = None
    n_task_runs: int = 0
    gold_answers: dict[str, Any] | None = None
    dedupe_key: str | None = None
    id: int | None = None

    KIND: ClassVar[str] = "task"
    WRITABLE: ClassVar[frozenset[str]] = frozenset(
        {"project_id", "quorum", "calibration", "priority_0", "n_answers", "info", "gold_answers"}
    )
    # The count of its answers is the server's bookkeeping (the state shows what it means).
    SERVER_ONLY: ClassVar[frozenset[str]] = frozenset({"n_task_runs"})
    FILTERABLE: ClassVar[tuple[str, ...]] = (
        "id",
        "project_id",
        "state",
        "quorum",
        "calibration",
        "priority_0",
        "n_answers",
    )

    @property
    def is_gold(self) -> bool:
        """A gold (calibration) task: marked calibration=1 and carrying its gold answers."""
        return self.calibration == 1 and self.gold_answers is not None

    @classmethod
    def create(cls, command: "CreateTask", now: datetime) -> "Task":
        task = cls(created=now, **fields_of(command))
        task.check()
        return task

    def change(self, changes: Changes) -> None:
        """Apply an owner's changes; a task never moves to another project. A new n_answers
        (or a task ceasing to be gold) completes or reopens the task by the answers it already
        has; a gold task is always ongoing."""
        refuse_project_move(self, changes)
        was_gold = self.is_gold
        self.apply_changes(changes)
        self.check()
        if self.is_gold or was_gold or "n_answers" in changes.names():
            self._settle()

    def mark_favorite(self, user_id: int) -> None:
        """The user marks the task as a favourite (PYBOSSA's fav_user_ids lists who did)."""
        if user_id not in (self.fav_user_ids or []):
            self.fav_user_ids = [*(self.fav_user_ids or []), user_id]

    def unmark_favorite(self, user_id: int) -> None:
        """The user's mark goes; a task nobody marked has none (null), as a new task."""
        left = [uid for uid in self.fav_user_ids or [] if uid != user_id]
        self.fav_user_ids = left or None

    def accept_run(self) -> bool:
        """Count one more answer; True when it is the one that completes the task.

        A gold task takes one answer from every volunteer and never completes."""
        if self.is_gold:
            self.n_task_runs += 1
            return False
        if self.state == COMPLETED or self.n_task_runs >= self.n_answers:
            raise errors.Conflict("This task already has all the answers it needs", "taskrun")
        self.n_task_runs += 1
        self._settle()
        return self.state == COMPLETED

    def forget_run(self) -> None:
        """An answer was deleted: count it out, and reopen the task if it now lacks one."""
        self.n_task_runs = max(0, self.n_task_runs - 1)
        self._settle()

    def _settle(self) -> None:
        """Put the task in the state its answers imply (STATE_OF)."""
        self.state = STATE_OF[standing(self.is_gold, self.n_task_runs, self.n_answers)]

    def check(self) -> None:
        problems = {}
        if self.n_answers < 1:
            problems["n_answers"] = ["n_answers must be at least 1"]
        if priority_problems(self.priority_0):
            problems["priority_0"] = [PRIORITY_RANGE]
        if self.quorum < 0:
            problems["quorum"] = ["quorum must not be negative"]
        if self.gold_answers is not None and not (
            isinstance(self.gold_answers, dict) and self.gold_answers
        ):
            problems["gold_answers"] = [
                "gold_answers must be an object of at least one expected answer key, or null"
            ]
        if problems:
            raise errors.InvalidInput("Invalid task", self.KIND, problems)


@dataclass(eq=False)
class Result(Entity):
    """The answers of a completed task; owners may annotate its `info`."""

    project_id: int
    task_id: int
    created: datetime
    task_run_ids: list[int] = field(default_factory=list)
    last_version: bool = True
    info: dict[str, Any] | None = None
    id: int | None = None

    KIND: ClassVar[str] = "result"
    WRITABLE: ClassVar[frozenset[str]] = frozenset({"info"})
    FILTERABLE: ClassVar[tuple[str, ...]] = ("id", "project_id", "task_id", "last_version")

    def record(self, task_run_ids: list[int]) -> None:
        """The task (re)completed with these answers."""
        self.task_run_ids = list(task_run_ids)
        self.last_version = True


@dataclass(frozen=True)
class CreateTask:
    """The command to create a task: its project and what the owner sets of it."""

    project_id: int
    quorum: int = default_of(Task, "quorum")
    calibration: int = default_of(Task, "calibration")
    priority_0: float = default_of(Task, "priority_0")
    n_answers: int = default_of(Task, "n_answers")
    info: Any = field(default_factory=dict)
    gold_answers: dict[str, Any] | None = default_of(Task, "gold_answers")
