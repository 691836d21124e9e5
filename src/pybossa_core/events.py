"""Events: facts the core announces once the transaction that made them true has committed."""
from dataclasses import dataclass


@dataclass(frozen=True)
class TaskRunSubmitted:
    project_id: int
    task_id: int
    task_run_id: int
    volunteer_key: str


@dataclass(frozen=True)
class TaskCompleted:
    project_id: int
    task_id: int
    result_id: int
    webhook_id: int | None = None  # the delivery recorded for the project's webhook, if any
