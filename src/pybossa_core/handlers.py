"""What happens after a commit: each event goes to its small handlers."""
from collections.abc import Iterable

from pybossa_core import events
from pybossa_core.ports import JobQueue, ServingRecords

DELIVER_WEBHOOK = "deliver_webhook"


def dispatch(happened: Iterable[object], *, serving: ServingRecords | None = None,
             jobs: JobQueue | None = None) -> None:
    """Run the handlers of each event, in order; called only once the change is durable."""
    for event in happened:
        if isinstance(event, events.TaskRunSubmitted) and serving is not None:
            _forget_the_serving(event, serving)
        elif isinstance(event, events.TaskCompleted) and jobs is not None:
            _announce(event, jobs)


def _forget_the_serving(event: events.TaskRunSubmitted, serving: ServingRecords) -> None:
    """An answered task is no longer pending for its volunteer: drop its stamp and its hold."""
    serving.forget(event.project_id, event.task_id, event.volunteer_key)


def _announce(event: events.TaskCompleted, jobs: JobQueue) -> None:
    """Send the completion's webhook in the background (its delivery row is already saved)."""
    if event.webhook_id is not None:
        jobs.enqueue(DELIVER_WEBHOOK, webhook_id=event.webhook_id)
