"""Task runs: one volunteer's answer to one task."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core import errors, events, gold
from pybossa_core.entity import Changes, Entity, check_fields
from pybossa_core.tasks import Task
from pybossa_core.volunteers import Volunteer


@dataclass(eq=False)
class TaskRun(Entity):
    """An answer; `user_id`, `user_ip` and `external_uid` say who gave it."""

    project_id: int
    task_id: int
    created: datetime
    finish_time: datetime
    user_id: int | None = None
    user_ip: str | None = None
    external_uid: str | None = None
    timeout: int | None = None
    calibration: int | None = None
    media_url: str | None = None
    info: Any = None
    gold_score: float | None = None
    id: int | None = None

    KIND: ClassVar[str] = "taskrun"
    WRITABLE: ClassVar[frozenset[str]] = frozenset({"project_id", "task_id", "info"})
    FILTERABLE: ClassVar[tuple[str, ...]] = (
        "id",
        "project_id",
        "task_id",
        "user_id",
        "external_uid",
    )

    @classmethod
    def answer(cls, task: Task, volunteer: Volunteer, info: Any, now: datetime) -> "TaskRun":
        """The volunteer's answer to the task (an answer to a gold task is scored against
        its gold answers); records that it was submitted."""
        run = cls(
            project_id=task.project_id,
            task_id=task.id,
            created=now,
            finish_time=now,
            user_id=volunteer.user_id,
            external_uid=volunteer.external_uid,
            user_ip=volunteer.user_ip,
            info=info,
        )
        if task.is_gold:
            run.gold_score, run.calibration = gold.score(task.gold_answers, info), 1
        run.record_event(events.TaskRunSubmitted(task.project_id, task.id, volunteer.key))
        return run

    def correct(self, changes: Changes, task: Task) -> None:
        """Its author (or an admin) corrects the answer to `task`: only `info` changes (an
        answer to a gold task is scored again); where, by whom and when it was given stay,
        each may be sent back unchanged. ReservedAttribute for any other field changed."""
        check_fields(type(self), changes.names())
        for name in sorted(changes.names() - CORRECTABLE):
            if not _same_value(getattr(self, name, None), changes.get(name)):
                message = f"Only the info of an answer may change, not its {name}"
                raise errors.ReservedAttribute(message, self.KIND)
        if "info" in changes.names():
            self.info = changes.get("info")
            if task.is_gold:
                self.gold_score = gold.score(task.gold_answers, self.info)

    def is_by(self, user_id: int | None) -> bool:
        return user_id is not None and self.user_id == user_id


# What an answer's author may correct once it is given.
CORRECTABLE = frozenset({"info"})


def _same_value(current: Any, given: Any) -> bool:
    """A stored value and one a client sent back (timestamps come back as text)."""
    if hasattr(current, "isoformat") and isinstance(given, str):
        return current.isoformat() == given
    return current == given


@dataclass(frozen=True)
class SubmitAnswer:
    """The command to answer a task: the project and task answered, and the answer (`info`).
    Who answers is the caller, never the command."""

    project_id: int
    task_id: int
    info: Any = None
