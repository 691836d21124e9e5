"""In-memory fakes of every port in pybossa_core.ports, for unit and HTTP tests.

The unit of work and the user, category and project repositories live here; the repositories
of a project's parts in fake_tasks.py (on fake_repository.py), the other ports' fakes in
fake_services.py, re-exported below so that every fake is imported from this module.
"""
from __future__ import annotations

import copy
import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

from pybossa_core import errors, ports
from pybossa_core.events import EventHandlers, pull_all
from pybossa_core.queries import ListQuery

from . import fake_counts as counts
from .fake_imports import FakeTaskImportWriter
from .fake_repository import FakeRepository
from .fake_services import (
    FakeFileStorage,
    FakeHealthCheck,
    FakeImageProcessor,
    FakeJobQueue,
    FakeMailer,
    FakePasswordHasher,
    FakeTaskLocks,
    FakeTaskStamps,
    FakeTokenSigner,
    Seconds,
)
from .fake_tasks import (
    FakeHelpingMaterialRepository,
    FakeResultRepository,
    FakeTaskRepository,
    FakeTaskRunRepository,
)
from .fake_webhooks import FakeWebhookRepository

__all__ = ["FakeFileStorage", "FakeHealthCheck", "FakeImageProcessor", "FakeJobQueue",
           "FakeMailer", "FakePasswordHasher", "FakeTaskLocks", "FakeTaskStamps", "FakeTokenSigner",
           "FakeUnitOfWork", "Seconds"]

class FakeUserRepository(FakeRepository, ports.UserRepository):
    UNIQUE = ("name", "email_addr", "api_key")

    def get_by_api_key(self, api_key: str) -> Any:
        return next(iter(self.where(api_key=api_key)), None)

    def get_by_name(self, name: str) -> Any:
        return next(iter(self.where(name=name)), None)

    def get_by_name_ignoring_case(self, name: str) -> Any:
        wanted = name.lower()
        return next((u for u in self.rows.values() if u.name.lower() == wanted), None)

    def check_unique(self) -> None:
        """Names are also unique regardless of case (the SQL index on lower(name))."""
        super().check_unique()
        folded = [u.name.lower() for u in self.rows.values()]
        if len(folded) != len(set(folded)):
            raise errors.DuplicateValue("duplicate name (ignoring case)", "user")

    def get_by_email(self, email_addr: str) -> Any:
        wanted = email_addr.lower()
        return next((u for u in self.rows.values() if u.email_addr.lower() == wanted), None)

    def count(self) -> int:
        return len(self.rows)

    def page(self, offset: int, limit: int) -> list[ports.Contributor]:
        by_name = sorted(counts.ranked(self.uow), key=lambda c: (c.user.name, c.user.id))
        return by_name[offset:offset + limit]

    def top_contributors(self, limit: int) -> list[ports.Contributor]:
        return counts.ranked(self.uow)[:limit]

    def contributor(self, user_id: int) -> ports.Contributor | None:
        return next((c for c in counts.ranked(self.uow) if c.user.id == user_id), None)

    def admins(self) -> list[Any]:
        return sorted(self.where(admin=True), key=lambda u: u.id)

    def search(self, text: str, limit: int) -> list[Any]:
        wanted = text.lower()
        found = [u for u in self.rows.values()
                 if any(wanted in v.lower() for v in (u.name, u.fullname, u.email_addr))]
        return sorted(found, key=lambda u: (u.name, u.id))[:limit]


class FakeCategoryRepository(FakeRepository, ports.CategoryRepository):
    UNIQUE = ("short_name", "name")

    def get_by_short_name(self, short_name: str) -> Any:
        return next(iter(self.where(short_name=short_name)), None)

    def first(self) -> Any:
        return self.rows[min(self.rows)] if self.rows else None

    def count_projects(self, category_id: int) -> int:
        return len(self.uow.projects.where(category_id=category_id))

    def all(self) -> list[Any]:
        return [self.rows[cid] for cid in sorted(self.rows)]

    def project_counts(self) -> dict[int, int]:
        return dict(Counter(p.category_id for p in self.uow.projects.rows.values()))


class FakeProjectRepository(FakeRepository, ports.ProjectRepository):
    UNIQUE = ("short_name", "name")

    def snapshot(self, project_id: int) -> Any:
        """A deep copy, so a use case that changed its snapshot would change nothing here
        either (as with the SQL cache's rows, which it must not change)."""
        return copy.deepcopy(self.get(project_id))

    def get_by_short_name(self, short_name: str) -> Any:
        return next(iter(self.where(short_name=short_name)), None)

    def get_by_name(self, name: str) -> Any:
        return next(iter(self.where(name=name)), None)

    def owned_by(self, user_id: int) -> list[Any]:
        return sorted(self.where(owner_id=user_id), key=lambda p: p.id)

    def contributed_by(self, user_id: int) -> list[Any]:
        answered = {run.project_id for run in self.uow.task_runs.where(user_id=user_id)}
        return [self.rows[pid] for pid in sorted(answered)
                if pid in self.rows and self.rows[pid].published]

    def published_by_category(self, per_category: int) -> list[Any]:
        shown = sorted(self.where(published=True), key=lambda p: (p.category_id, p.name, p.id))
        grouped = itertools.groupby(shown, key=lambda p: p.category_id)
        return [p for _, projects in grouped for p in list(projects)[:per_category]]

    def featured(self, limit: int) -> list[Any]:
        return sorted(self.where(published=True, featured=True),
                      key=lambda p: (p.name, p.id))[:limit]

    def most_active(self, limit: int) -> list[Any]:
        volunteers = self.uow.stats.project_stats(sorted(self.rows))
        active = [p for p in self.where(published=True)
                  if p.id in volunteers and volunteers[p.id].n_volunteers]
        return sorted(active, key=lambda p: (-volunteers[p.id].n_volunteers, p.id))[:limit]

    def _cascade(self, obj: Any) -> None:
        uow = self.uow
        for repo in (uow.tasks, uow.task_runs, uow.results, uow.helping_materials):
            for part in repo.where(project_id=obj.id):
                repo.rows.pop(part.id)

    def _visible(self, obj: Any, query: ListQuery) -> bool:
        return query.include_drafts or obj.published or obj.owner_id == query.draft_viewer


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
        self.stats = counts.FakeStatsReader(self)
        self.webhooks = FakeWebhookRepository()
        self.task_imports = FakeTaskImportWriter(self.tasks)
        self.committed = 0
        self._committed_events: list[object] = []
        self.concurrently: list[Callable[[], None]] = []
        self._snapshot = self._take()

    def commit(self) -> None:
        while self.concurrently:
            self.concurrently.pop(0)()
        for repo in self._repositories():
            repo.check_unique()
        self.committed += 1
        self._committed_events += pull_all(
            obj for repo in self._repositories() for obj in repo.rows.values())
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
        return (self.users, self.categories, self.projects, self.tasks, self.task_runs,
                self.results, self.helping_materials, self.webhooks,
                self.webhooks.attempt_rows)

    def _take(self) -> list[dict[int, tuple[Any, dict[str, Any]]]]:
        return [{oid: (obj, copy.deepcopy(vars(obj))) for oid, obj in repo.rows.items()}
                for repo in self._repositories()]


def _restored(obj: Any, state: dict[str, Any]) -> Any:
    if vars(obj) != state:
        vars(obj).clear()
        vars(obj).update(copy.deepcopy(state))
    return obj
