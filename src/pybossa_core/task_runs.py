"""Task runs: one volunteer's answer to one task."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core.entity import Entity


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
    READ_ONLY: ClassVar[frozenset[str]] = frozenset({
        "id", "created", "finish_time", "user_id", "user_ip", "external_uid", "timeout",
        "calibration", "media_url", "gold_score",
    })
    FILTERS: ClassVar[dict[str, type]] = {
        "id": int, "project_id": int, "task_id": int, "user_id": int, "external_uid": str,

    }

    def is_by(self, user_id: int | None) -> bool:
        return user_id is not None and self.user_id == user_id
