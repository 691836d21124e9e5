"""Webhooks: the POSTs a project's `webhook` URL receives, and every attempt to deliver them."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core import events
from pybossa_core.events import RecordsEvents

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
REFUSED = "refused"  # the destination is in a range the server may not reach
TASK_COMPLETED = "task_completed"
TEXT_LIMIT = 1000  # characters kept of a receiver's answer or of an error


@dataclass(frozen=True)
class Outcome:
    """How one attempt ended: its status, the receiver's status code and body, or the error;
    `retryable` when another attempt may do better (an unreachable or failing receiver)."""

    status: str
    status_code: int | None = None
    response: str | None = None
    error: str | None = None
    retryable: bool = False


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


@dataclass(eq=False)
class WebhookDelivery(RecordsEvents):
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

    def record(self, outcome: Outcome, now: datetime, retrying: bool) -> WebhookAttempt:
        """Count one attempt and return its record; the delivery stays pending while another
        attempt is to come."""
        self.n_attempts += 1
        self.updated = now
        self.status = PENDING if retrying else outcome.status
        self.response_status_code = outcome.status_code
        self.response = clipped(outcome.response)
        return WebhookAttempt(
            webhook_id=self.id,
            created=now,
            status=outcome.status,
            response_status_code=outcome.status_code,
            error=clipped(outcome.error),
        )

    def queue(self) -> None:
        """Ask for the stored delivery (it has its id) to be sent once committed."""
        self.record_event(events.WebhookQueued(self.id))

    def resend(self, now: datetime) -> None:
        """Queue the delivery again, with a fresh allowance of attempts counted from the
        ones made so far."""
        self.status = PENDING
        self.updated = now
        self.record_event(events.WebhookQueued(self.id, since=self.n_attempts))


def body_of(payload: dict[str, Any]) -> bytes:
    """The bytes sent (and signed): compact JSON with sorted keys, the same on every attempt."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")


def signature(body: bytes, secret_key: str) -> str:
    """`sha256=` and the hex HMAC-SHA256 of the exact body under the project's secret key."""
    return "sha256=" + hmac.new(secret_key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def headers_for(delivery: WebhookDelivery, body: bytes, secret_key: str) -> dict[str, str]:
    """The headers of a delivery's POST, its signature included."""
    return {
        "Content-Type": "application/json",
        "X-Pybossa-Event": delivery.event,
        "X-Pybossa-Delivery": str(delivery.id),
        "X-Pybossa-Signature": signature(body, secret_key),
    }


def clipped(text: str | None) -> str | None:
    """At most TEXT_LIMIT characters of the text (a receiver may answer with a whole page)."""
    return None if text is None else text[:TEXT_LIMIT]
