"""Events: facts entities record; once the transaction that made them true commits, the unit
of work hands them to the registry of handlers (EventHandlers) that bootstrap filled."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Handler = Callable[[Any], None]

_PENDING = "_pending_events"  # where an object keeps the events it recorded, until pulled


@dataclass(frozen=True)
class TaskRunSubmitted:
    """A volunteer's answer to a task was accepted."""

    project_id: int
    task_id: int
    volunteer_key: str


@dataclass(frozen=True)
class WebhookQueued:
    """A stored webhook delivery is to be sent (again, with `since` earlier attempts)."""

    webhook_id: int
    since: int | None = None


class RecordsEvents:
    """Mixin: an object that records what happened to it, for the unit of work to pull."""

    def record_event(self, event: object) -> None:
        # Kept in the instance's dict: objects the ORM loads are built without __init__.
        self.__dict__.setdefault(_PENDING, []).append(event)

    def pull_events(self) -> list[object]:
        """The events recorded since the last pull, oldest first; they are forgotten here."""
        return self.__dict__.pop(_PENDING, [])


def pull_all(objects: Iterable[object]) -> list[object]:
    """The events recorded by each of the objects (those that record any), in order."""
    return [
        event for obj in objects if isinstance(obj, RecordsEvents) for event in obj.pull_events()
    ]


class EventHandlers:
    """The registry: each event type's handlers, run in order once a transaction commits.

    An event of a type nobody registered is an error, not a silence: every fact an entity
    records must be handled somewhere.
    """

    def __init__(self, table: Mapping[type, Sequence[Handler]] | None = None) -> None:
        self._table: dict[type, list[Handler]] = {}
        for event_type, handlers in (table or {}).items():
            for handler in handlers:
                self.register(event_type, handler)

    def register(self, event_type: type, handler: Handler) -> None:
        self._table.setdefault(event_type, []).append(handler)

    def handle(self, happened: Iterable[object]) -> None:
        for event in happened:
            handlers = self._table.get(type(event))
            if not handlers:
                raise LookupError(f"No handler is registered for {type(event).__name__}")
            for handler in handlers:
                handler(event)
