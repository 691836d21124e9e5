"""Webhooks: the POSTs a project's `webhook` URL receives, and every attempt to deliver them."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
TASK_COMPLETED = "task_completed"


@dataclass(eq=False)
class WebhookDelivery:
    """One event to deliver to a project's webhook; `status` says how its attempts went."""

    project_id: int
    event: str
    payload: dict[str, Any]
    created: datetime
    updated: datetime
    task_id: int | None = None
    result_id: int | None = None
    status: str = PENDING
    n_attempts: int = 0
    response_status_code: int | None = None
    response: str | None = None
    id: int | None = None

    KIND: ClassVar[str] = "webhook"


@dataclass(eq=False)
class WebhookAttempt:
    """One try at delivering a webhook: when, how it ended, and the receiver's status code."""

    webhook_id: int
    created: datetime
    status: str
    response_status_code: int | None = None
    error: str | None = None
    id: int | None = None

    KIND: ClassVar[str] = "webhookattempt"
