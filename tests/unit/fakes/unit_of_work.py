"""FakeUnitOfWork: every fake repository in one transaction, as AbstractUnitOfWork promises."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pybossa_core import ports
from pybossa_core.audit import ensure_staged
from pybossa_core.events import EventHandlers, pull_all

from .imports import FakeTaskImportWriter
from .publications import (
    FakeAnnouncementRepository,
    FakeBlogPostRepository,
    FakeFavoriteRepository,
    FakePageRepository,
)
from .repositories import (
    FakeAuditLogRepository,
    FakeCategoryRepository,
    FakeHelpingMaterialRepository,
    FakeProjectRepository,
    FakeResultRepository,
    FakeTaskRepository,
    FakeTaskRunRepository,
    FakeUserRepository,
)
from .stats import FakeStatsReader
from .webhooks import FakeWebhookRepository


class RecordedEvents(EventHandlers):
    """A registry that handles nothing and keeps every event it is handed, in `handled`."""

    def __init__(self) -> None:
        super().__init__()
        self.handled: list[object] = []

    def handle(self, happened) -> None:
        self.handled.extend(happened)


class FakeUnitOfWork(ports.AbstractUnitOfWork):
    """All fake repositories; commit checks uniques and keeps a snapshot, rollback restores it.

    Rollback restores objects in place (their identity survives, like a refreshed ORM object),
    drops objects added since the last commit and brings back the ones deleted since then.
    `concurrently` holds writes of another transaction that commits just before our next
    commit (after our reads): how a test stages a race the database settles.
    """

    def __init__(self, event_handlers: EventHandlers | None = None) -> None:
        self.event_handlers = event_handlers or RecordedEvents()
        self.users = FakeUserRepository(self)
        self.categories = FakeCategoryRepository(self)
        self.projects = FakeProjectRepository(self)
        self.tasks = FakeTaskRepository(self)
        self.task_runs = FakeTaskRunRepository(self)
        self.results = FakeResultRepository(self)
        self.helping_materials = FakeHelpingMaterialRepository(self)
        self.announcements = FakeAnnouncementRepository(self)
        self.blog_posts = FakeBlogPostRepository(self)
        self.pages = FakePageRepository(self)
        self.favorites = FakeFavoriteRepository(self)
        self.stats = FakeStatsReader(self)
        self.webhooks = FakeWebhookRepository()
        self.task_imports = FakeTaskImportWriter(self.tasks)
        self.audit_log = FakeAuditLogRepository(self)
        self.committed = 0
        self._committed_events: list[object] = []
        self.concurrently: list[Callable[[], None]] = []
        self._snapshot = self._take()

    def commit(self) -> None:
        while self.concurrently:
            self.concurrently.pop(0)()
        for repo in self._repositories():
            repo.check_unique()
        ensure_staged(self.projects.rows.values())
        self.committed += 1
        self._committed_events += pull_all(
            obj for repo in self._repositories() for obj in repo.rows.values()
        )
        self._snapshot = self._take()  # after the pull: a rollback brings no event back

    def __exit__(self, *exc_info) -> None:
        """Roll back what was not committed; hand over the events of what was."""
        self.rollback()
        happened, self._committed_events = self._committed_events, []
        self.event_handlers.handle(happened)

    def flush(self) -> None:
        """Ids are given at `add`: nothing to write."""

    def rollback(self) -> None:
        """Restore the last commit's objects (with the events they had then: none)."""
        for repo, saved in zip(self._repositories(), self._snapshot, strict=True):
            repo.rows = {oid: _restored(obj, state) for oid, (obj, state) in saved.items()}

    def _repositories(self) -> tuple[Any, ...]:
        return (
            self.users,
            self.categories,
            self.projects,
            self.tasks,
            self.task_runs,
            self.results,
            self.helping_materials,
            self.announcements,
            self.blog_posts,
            self.pages,
            self.favorites,
            self.webhooks,
            self.webhooks.attempt_rows,
            self.audit_log,
        )

    def _take(self) -> list[dict[int, tuple[Any, dict[str, Any]]]]:
        return [
            {oid: (obj, copy.deepcopy(vars(obj))) for oid, obj in repo.rows.items()}
            for repo in self._repositories()
        ]


class FakeUnitsOfWork:
    """Tests' fake unit of work given to every operation: it is their database as well."""

    def __init__(self, uow: ports.AbstractUnitOfWork) -> None:
        self.uow = uow

    @property
    def event_handlers(self) -> EventHandlers:
        return self.uow.event_handlers

    @event_handlers.setter
    def event_handlers(self, registry: EventHandlers) -> None:
        self.uow.event_handlers = registry

    def __call__(self, reading: bool = False) -> ports.AbstractUnitOfWork:
        return self.uow


def _restored(obj: Any, state: dict[str, Any]) -> Any:
    if vars(obj) != state:
        vars(obj).clear()
        vars(obj).update(copy.deepcopy(state))
    return obj
