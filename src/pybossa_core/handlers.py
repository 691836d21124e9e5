"""The handlers of each event, with the ports they need as keyword arguments (bootstrap
binds them and registers them in one events.EventHandlers)."""

import functools

from pybossa_core import events
from pybossa_core.ports import JobQueue, ServingRecords

DELIVER_WEBHOOK = "deliver_webhook"


def forget_the_serving(event: events.TaskRunSubmitted, *, serving: ServingRecords) -> None:
    """An answered task is no longer pending for its volunteer: drop its stamp and its hold."""
    serving.forget(event.project_id, event.task_id, event.volunteer_key)


def send_webhook(event: events.WebhookQueued, *, jobs: JobQueue) -> None:
    """Send the delivery in the background (its row is already committed: an outbox)."""
    if event.since is None:
        jobs.enqueue(DELIVER_WEBHOOK, webhook_id=event.webhook_id)
    else:
        jobs.enqueue(DELIVER_WEBHOOK, webhook_id=event.webhook_id, since=event.since)


def register(
    event_handlers: events.EventHandlers, *, serving: ServingRecords, jobs: JobQueue
) -> events.EventHandlers:
    """Register every event type's handlers, their ports bound; returns the registry."""
    event_handlers.register(
        events.TaskRunSubmitted, functools.partial(forget_the_serving, serving=serving)
    )
    event_handlers.register(events.WebhookQueued, functools.partial(send_webhook, jobs=jobs))
    return event_handlers
