"""Webhooks: record a delivery when a task completes (in the same transaction: an outbox),
deliver it one attempt at a time, list the deliveries and send one again."""

from datetime import datetime

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork, WebhookSender
from pybossa_core.projects import Project
from pybossa_core.tasks import Result, Task
from pybossa_core.use_cases.common import load_project
from pybossa_core.users import Actor
from pybossa_core.webhooks import (
    DELIVERED,
    FAILED,
    PENDING,
    REFUSED,
    TASK_COMPLETED,
    Outcome,
    WebhookAttempt,
    WebhookDelivery,
    body_of,
    headers_for,
)

Listed = list[tuple[WebhookDelivery, list[WebhookAttempt]]]
NO_URL = "The project has no webhook URL any more"
MAX_RESENT = 100  # failed deliveries one "retry all" queues again


def record_task_completed(
    uow: AbstractUnitOfWork, project: Project, task: Task, result: Result, now: datetime
) -> WebhookDelivery | None:
    """Stage the `task_completed` delivery PYBOSSA sends; None when there is no webhook."""
    if not project.webhook:
        return None
    payload = {
        "fired_at": now.isoformat(),
        "project_short_name": project.short_name,
        "project_id": project.id,
        "task_id": task.id,
        "result_id": result.id,
        "event": TASK_COMPLETED,
    }
    delivery = WebhookDelivery(
        project_id=project.id,
        event=TASK_COMPLETED,
        payload=payload,
        created=now,
        updated=now,
        task_id=task.id,
        result_id=result.id,
    )
    uow.webhooks.add(delivery)
    uow.flush()
    delivery.queue()
    return delivery


def deliver_webhook(
    uow: AbstractUnitOfWork,
    *,
    sender: WebhookSender,
    now: datetime,
    max_attempts: int,
    webhook_id: int,
    since: int = 0,
) -> WebhookDelivery | None:
    """Make one attempt at a pending delivery and record it; None when there is nothing to
    send (the delivery or its project is gone, or it is no longer pending).

    A failure raises DeliveryFailed once recorded, so the queue tries again, while fewer than
    `max_attempts` attempts were made since the delivery was (re)sent (`since`: the attempts
    made before). The POST happens outside any transaction: a slow receiver holds no
    database connection.
    """
    request = _request(uow, webhook_id)
    if request is None:
        return None
    outcome = _attempt(sender, *request)
    with uow:
        delivery = uow.webhooks.get(webhook_id)
        if delivery is None:
            return None
        retrying = outcome.retryable and delivery.n_attempts + 1 - since < max_attempts
        uow.webhooks.add_attempt(delivery.record(outcome, now, retrying))
        uow.commit()
    if retrying:
        raise errors.DeliveryFailed(outcome.error or "The webhook failed", "webhook")
    return delivery


def list_deliveries(
    uow: AbstractUnitOfWork, project_key: int | str, actor: Actor, *, offset: int, limit: int
) -> Listed:
    """One page of the project's (by id or short name) deliveries, newest first, each with
    its attempts (oldest first); for the project's owners and admins."""
    with uow:
        project = _owned_project(uow, project_key, actor)
        deliveries = uow.webhooks.for_project(project.id, offset, limit)
        attempts = uow.webhooks.attempts([delivery.id for delivery in deliveries])
    return [(delivery, attempts.get(delivery.id, [])) for delivery in deliveries]


def project_deliveries(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, *, offset: int, limit: int
) -> tuple[Project, Listed]:
    """The project (its owners' and admins') with one page of its deliveries, as
    list_deliveries gives them: the web view of its webhooks."""
    with uow:
        project = _owned_project(uow, short_name, actor)
        deliveries = uow.webhooks.for_project(project.id, offset, limit)
        attempts = uow.webhooks.attempts([delivery.id for delivery in deliveries])
    return project, [(delivery, attempts.get(delivery.id, [])) for delivery in deliveries]


def resend(
    uow: AbstractUnitOfWork, project_key: int | str, webhook_id: int, actor: Actor, *, now: datetime
) -> tuple[WebhookDelivery, list[WebhookAttempt]]:
    """Queue a delivery of the project (by id or short name) again (pending, same id, its
    attempts kept), with a fresh allowance of attempts; returns it as it is once queued."""
    with uow:
        project = _owned_project(uow, project_key, actor)
        delivery = uow.webhooks.get(webhook_id)
        if delivery is None or delivery.project_id != project.id:
            raise errors.NotFound("webhook", webhook_id)
        delivery.resend(now)
        uow.commit()
        attempts = uow.webhooks.attempts([delivery.id]).get(delivery.id, [])
    return delivery, attempts


def resend_failed(
    uow: AbstractUnitOfWork, project_key: int | str, actor: Actor, *, now: datetime
) -> int:
    """Queue every failed delivery of the project again (the newest MAX_RESENT at a time);
    returns how many were queued."""
    with uow:
        project = _owned_project(uow, project_key, actor)
        failed = uow.webhooks.failed_for_project(project.id, MAX_RESENT)
        for delivery in failed:
            delivery.resend(now)
        uow.commit()
    return len(failed)


def _owned_project(uow: AbstractUnitOfWork, project_key: int | str, actor: Actor) -> Project:
    """Webhooks are the project's settings: its owners' and admins' business only."""
    project = load_project(uow, project_key)
    permissions.ensure(actor, permissions.UPDATE, "project", project)
    return project


def _request(
    uow: AbstractUnitOfWork, webhook_id: int
) -> tuple[str | None, bytes, dict[str, str]] | None:
    """The URL, body and signed headers of a pending delivery; None if there is none."""
    with uow:
        delivery = uow.webhooks.get(webhook_id)
        if delivery is None or delivery.status != PENDING:
            return None
        project = uow.projects.get(delivery.project_id)
        if project is None:
            return None
        body = body_of(delivery.payload)
        return project.webhook, body, headers_for(delivery, body, project.secret_key)


def _attempt(
    sender: WebhookSender, url: str | None, body: bytes, headers: dict[str, str]
) -> Outcome:
    """POST once; any 2xx is delivered, any other answer (or none) failed."""
    if not url:
        return Outcome(FAILED, error=NO_URL)
    try:
        response = sender.post(url, body, headers)
    except errors.DestinationRefused as refused:
        return Outcome(REFUSED, error=refused.message)
    except errors.DeliveryFailed as failed:
        return Outcome(FAILED, error=failed.message, retryable=True)
    if 200 <= response.status_code < 300:
        return Outcome(DELIVERED, response.status_code, response.body)
    return Outcome(
        FAILED,
        response.status_code,
        response.body,
        f"The receiver answered {response.status_code}",
        retryable=True,
    )
