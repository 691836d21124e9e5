"""In-memory fakes of every port in pybossa_core.ports, for unit and HTTP tests.

The repositories and the unit of work live here; the other ports' fakes in fake_services.py,
re-exported below so that every fake is imported from this module.
"""
from __future__ import annotations

import copy
import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

from pybossa_core import errors, gold, ports
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.tasks import COMPLETED, ONGOING
from pybossa_core.volunteers import Volunteer

from . import fake_counts as counts
from . import fake_listing as listing
from .fake_imports import FakeTaskImportWriter
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
from .fake_webhooks import FakeWebhookRepository

__all__ = ["FakeFileStorage", "FakeHealthCheck", "FakeImageProcessor", "FakeJobQueue",
           "FakeMailer", "FakePasswordHasher", "FakeTaskLocks", "FakeTaskStamps", "FakeTokenSigner",
           "FakeUnitOfWork", "Seconds"]

_MISSING = object()


class FakeRepository(ports.Repository):
    """Objects by id in a dict; ids are given at `add`; `uow` serves cascades and scopes."""

    UNIQUE: tuple[str, ...] = ()

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow
        self.rows: dict[int, Any] = {}
        self._ids = itertools.count(1)

    def get(self, object_id: int) -> Any:
        try:
            return self.rows.get(object_id)
        except TypeError:  # an unhashable id names nothing
            return None

    def add(self, obj: Any) -> None:
        obj.id = next(self._ids)
        self.rows[obj.id] = obj

    def delete(self, obj: Any) -> None:
        self.rows.pop(obj.id, None)
        self._cascade(obj)

    def list(self, query: ListQuery) -> list[Listed]:
        listed = []
        for obj in self.rows.values():
            extra = self._match(obj, query)
            if extra is not None:
                listed.append(Listed(obj, extra))
        return listing.page(listed, query)

    def where(self, **values: Any) -> list[Any]:
        """Every stored object whose attributes equal `values`, by id."""
        return [o for o in self.rows.values()
                if all(getattr(o, k, _MISSING) == v for k, v in values.items())]

    def check_unique(self) -> None:
        """Raise DuplicateValue when two stored objects share a UNIQUE value (as the DB would)."""
        for name in self.UNIQUE:
            seen = set()
            for obj in self.rows.values():
                value = getattr(obj, name)
                if value is not None and value in seen:
                    raise errors.DuplicateValue(f"duplicate {name}: {value}", obj.KIND)
                seen.add(value)

    def _cascade(self, obj: Any) -> None:
        """Remove what belongs to `obj` (the SQL foreign keys cascade)."""

    def _owners(self, obj: Any) -> set[int | None] | None:
        """Users whose own objects include `obj`; None when lists of this kind are not scoped."""
        return None

    def _visible(self, obj: Any, query: ListQuery) -> bool:
        return True

    def _project_owner(self, project_id: int) -> int | None:
        project = self.uow.projects.rows.get(project_id)
        return project.owner_id if project is not None else None

    def _match(self, obj: Any, query: ListQuery) -> dict[str, Any] | None:
        """The extras of `obj` when the query selects it, else None."""
        if any(getattr(obj, k, _MISSING) != v for k, v in query.filters.items()):
            return None
        if not self._visible(obj, query):
            return None
        owners = self._owners(obj)
        if query.owner_scope is not None and owners is not None \
                and query.owner_scope not in owners:
            return None
        info = obj.info if isinstance(obj.info, dict) else {}
        if query.info_contains and any(info.get(k, _MISSING) != v
                                       for k, v in query.info_contains.items()):
            return None
        return listing.match_info_pairs(info, query)


class _ProjectPartRepository(FakeRepository):
    """Objects that belong to a project: scoped to the project's owner."""

    def _owners(self, obj: Any) -> set[int | None]:
        return {self._project_owner(obj.project_id)}


class FakeUserRepository(FakeRepository, ports.UserRepository):
    UNIQUE = ("name", "email_addr", "api_key")

    def get_by_api_key(self, api_key: str) -> Any:
        return next(iter(self.where(api_key=api_key)), None)

    def get_by_name(self, name: str) -> Any:
        return next(iter(self.where(name=name)), None)

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

    def _owners(self, obj: Any) -> set[int | None]:
        return {obj.owner_id}

    def _visible(self, obj: Any, query: ListQuery) -> bool:
        return query.include_drafts or obj.published or obj.owner_id == query.draft_viewer


# Sort keys of the candidate orders; every order ends on the id, so none is ambiguous.
_ORDERS = {
    ports.BY_PRIORITY: lambda t: (-t.priority_0, t.id),
    ports.BY_FEWEST_RUNS: lambda t: (t.n_task_runs, -t.priority_0, t.id),
    ports.BY_MOST_RUNS: lambda t: (-t.n_task_runs, -t.priority_0, t.id),
}


class FakeTaskRepository(_ProjectPartRepository, ports.TaskRepository):
    def count_for_project(self, project_id: int) -> int:
        return len(self.where(project_id=project_id))

    def set_n_answers(self, project_id: int, n_answers: int) -> tuple[list[int], list[int]]:
        completed, reopened = [], []
        for task in sorted(self.where(project_id=project_id), key=lambda t: t.id):
            before = task.state
            task.n_answers = n_answers
            gold = task.calibration == 1 and task.gold_answers is not None
            if before == ONGOING and task.n_task_runs >= n_answers and not gold:
                task.state = COMPLETED
                completed.append(task.id)
            elif before == COMPLETED and task.n_task_runs < n_answers:
                task.state = ONGOING
                reopened.append(task.id)
        return completed, reopened

    def get_for_update(self, task_id: int) -> Any:
        """One process, no concurrent writers: the row lock is a plain get."""
        return self.get(task_id)

    def committed_runs(self, task_id: int) -> int:
        task = self.get(task_id)
        return task.n_task_runs if task is not None else 0

    def candidates(self, project_id: int, volunteer: Volunteer, order: str, limit: int,
                   offset: int = 0, gold: bool | None = None) -> list[Any]:
        answered = self.uow.task_runs.answered
        found = [t for t in self.where(project_id=project_id, state=ONGOING)
                 if not answered(t.id, volunteer) and gold in (None, t.is_gold)]
        return sorted(found, key=_ORDERS[order])[offset:offset + limit]

    def _cascade(self, obj: Any) -> None:
        for repo in (self.uow.task_runs, self.uow.results):
            for part in repo.where(task_id=obj.id):
                repo.rows.pop(part.id)


class FakeTaskRunRepository(FakeRepository, ports.TaskRunRepository):
    def for_task(self, task_id: int) -> list[Any]:
        return sorted(self.where(task_id=task_id), key=lambda r: (r.created, r.id))

    def answered(self, task_id: int, volunteer: Volunteer) -> bool:
        return any(counts.by(run, volunteer) for run in self.where(task_id=task_id))

    def count_by(self, project_id: int, volunteer: Volunteer) -> int:
        return sum(counts.by(run, volunteer) for run in self.where(project_id=project_id))

    def by_user(self, user_id: int) -> list[Any]:
        return sorted(self.where(user_id=user_id), key=lambda r: (r.created, r.id))

    def accuracy_of(self, project_id: int, volunteer: Volunteer) -> gold.Accuracy:
        return gold.Accuracy.of(run.gold_score for run in self.where(project_id=project_id)
                                if run.gold_score is not None and counts.by(run, volunteer))

    def accuracy_by_volunteer(self, project_id: int, limit: int,
                              offset: int = 0) -> list[gold.VolunteerAccuracy]:
        return counts.accuracy_rows(self.where(project_id=project_id))[offset:offset + limit]

    def check_unique(self) -> None:
        """The partial unique indexes: one run per task and user, external uid, anonymous IP."""
        seen = set()
        for run in self.rows.values():
            for key in counts.run_keys(run):
                if key in seen:
                    raise errors.DuplicateValue(f"duplicate task run: {key}", run.KIND)
                seen.add(key)

    def _owners(self, obj: Any) -> set[int | None]:
        return {obj.user_id, self._project_owner(obj.project_id)}


class FakeResultRepository(_ProjectPartRepository, ports.ResultRepository):
    def for_task(self, task_id: int) -> Any:
        return next(iter(self.where(task_id=task_id, last_version=True)), None)

    def current_for_project(self, project_id: int, after_id: int, limit: int) -> list[Any]:
        mine = self.where(project_id=project_id, last_version=True)
        return sorted((r for r in mine if r.id > after_id), key=lambda r: r.id)[:limit]


class FakeHelpingMaterialRepository(_ProjectPartRepository, ports.HelpingMaterialRepository):
    """Nothing beyond the common operations."""


class FakeUnitOfWork(ports.AbstractUnitOfWork):
    """All fake repositories; commit checks uniques and keeps a snapshot, rollback restores it.

    Rollback restores objects in place (their identity survives, like a refreshed ORM object),
    drops objects added since the last commit and brings back the ones deleted since then.
    `concurrently` holds writes of another transaction that commits just before our next
    commit (after our reads): how a test stages a race the database settles.
    """

    def __init__(self) -> None:
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
        self.concurrently: list[Callable[[], None]] = []
        self._snapshot = self._take()

    def commit(self) -> None:
        while self.concurrently:
            self.concurrently.pop(0)()
        for repo in self._repositories():
            repo.check_unique()
        self.committed += 1
        self._snapshot = self._take()

    def flush(self) -> None:
        """Ids are given at `add`: nothing to write."""

    def rollback(self) -> None:
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
