"""What happens after a commit: each event goes to its small handlers."""
from collections.abc import Iterable

from pybossa_core import events
from pybossa_core.ports import TaskLocks, TaskStamps


def dispatch(happened: Iterable[object], *, stamps: TaskStamps, locks: TaskLocks) -> None:
    """Run the handlers of each event, in order; called only once the change is durable."""
    for event in happened:
        if isinstance(event, events.TaskRunSubmitted):
            _forget_the_serving(event, stamps, locks)


def _forget_the_serving(event: events.TaskRunSubmitted, stamps: TaskStamps,
                        locks: TaskLocks) -> None:
    """An answered task is no longer pending for its volunteer: drop its stamp and its hold."""
    stamps.clear(event.volunteer_key, event.task_id)
    locks.release(event.project_id, event.task_id, event.volunteer_key)
