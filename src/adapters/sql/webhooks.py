"""SqlWebhookRepository: webhook deliveries and their attempts."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.sql import tables, tracking
from pybossa_core import ports
from pybossa_core.webhooks import FAILED, WebhookAttempt, WebhookDelivery


class SqlWebhookRepository(ports.WebhookRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, delivery: WebhookDelivery) -> None:
        self.session.add(delivery)
        tracking.track(self.session, delivery)

    def get(self, webhook_id: int) -> WebhookDelivery | None:
        if (
            not isinstance(webhook_id, int)
            or isinstance(webhook_id, bool)
            or not 0 < webhook_id < 2**31
        ):
            return None
        return self.session.get(WebhookDelivery, webhook_id)

    def for_project(self, project_id: int, offset: int, limit: int) -> list[WebhookDelivery]:
        statement = (
            select(WebhookDelivery)
            .where(tables.webhook.c.project_id == project_id)
            .order_by(tables.webhook.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(self.session.scalars(statement))

    def failed_for_project(self, project_id: int, limit: int) -> list[WebhookDelivery]:
        column = tables.webhook.c
        statement = (
            select(WebhookDelivery)
            .where(column.project_id == project_id, column.status == FAILED)
            .order_by(column.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(statement))

    def add_attempt(self, attempt: WebhookAttempt) -> None:
        self.session.add(attempt)

    def attempts(self, webhook_ids: list[int]) -> dict[int, list[WebhookAttempt]]:
        if not webhook_ids:
            return {}
        column = tables.webhook_attempt.c
        statement = (
            select(WebhookAttempt)
            .where(column.webhook_id.in_(webhook_ids))
            .order_by(column.webhook_id, column.id)
        )
        found: dict[int, list[WebhookAttempt]] = {}
        for attempt in self.session.scalars(statement):
            found.setdefault(attempt.webhook_id, []).append(attempt)
        return found
