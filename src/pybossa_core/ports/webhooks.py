"""Webhook ports: where deliveries and their attempts are kept, and how one is sent."""

import abc
from dataclasses import dataclass

from pybossa_core.webhooks import WebhookAttempt, WebhookDelivery


class WebhookRepository(abc.ABC):
    """Deliveries (the outbox, written in the transaction of the event) and their attempts."""

    @abc.abstractmethod
    def add(self, delivery: WebhookDelivery) -> None:
        """Stage a new delivery; its id is set once the unit of work flushes or commits."""

    @abc.abstractmethod
    def get(self, webhook_id: int) -> WebhookDelivery | None:
        """Return the delivery with this id, or None."""

    @abc.abstractmethod
    def for_project(self, project_id: int, offset: int, limit: int) -> list[WebhookDelivery]:
        """Return one page of the project's deliveries, newest first."""

    @abc.abstractmethod
    def failed_for_project(self, project_id: int, limit: int) -> list[WebhookDelivery]:
        """Return up to `limit` of the project's failed deliveries, newest first."""

    @abc.abstractmethod
    def add_attempt(self, attempt: WebhookAttempt) -> None:
        """Stage the record of one delivery attempt."""

    @abc.abstractmethod
    def attempts(self, webhook_ids: list[int]) -> dict[int, list[WebhookAttempt]]:
        """Return each delivery's attempts, oldest first (deliveries without any are absent)."""


@dataclass(frozen=True)
class WebhookResponse:
    """What the receiver answered: its status code and the start of its body."""

    status_code: int
    body: str


class WebhookSender(abc.ABC):
    """Sends one webhook POST, following no redirect."""

    @abc.abstractmethod
    def post(self, url: str, body: bytes, headers: dict[str, str]) -> WebhookResponse:
        """POST the body and return the answer, whatever its status code; raises
        DestinationRefused for a destination the server may not reach (private, loopback,
        link-local ...) and DeliveryFailed when the receiver cannot be reached."""
