"""In-memory fakes of the repositories in pybossa_core.ports.repositories.

Each keeps its objects by id in a dict (`rows`), lists them as the SQL listing does, and checks
the database's unique indexes at commit; `uow`, the FakeUnitOfWork holding them, serves
cascades, owner scopes and what is derived from other repositories (ranks, answered tasks).
"""

from __future__ import annotations

import copy
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pybossa_core import errors, gold, permissions, ports, scheduler
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.tasks import ONGOING, NewRedundancy
from pybossa_core.volunteers import Volunteer

if TYPE_CHECKING:
    from .unit_of_work import FakeUnitOfWork

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
        return _page(listed, query)

    def where(self, **values: Any) -> list[Any]:
        """Every stored object whose attributes equal `values`, by id."""
        return [
            o
            for o in self.rows.values()
            if all(getattr(o, k, _MISSING) == v for k, v in values.items())
        ]

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
        """Users whose own objects include `obj`, each way permissions.OWNED_THROUGH names
        (a project's owner and co-owners own it); None when lists of this kind are not
        scoped."""
        ways = permissions.OWNED_THROUGH.get(obj.KIND)
        if not ways:
            return None
        return {owner for way in ways for owner in self._owners_through(way, obj)}

    def _owners_through(self, way: str, obj: Any) -> list[int | None]:
        if way == permissions.OWNER:
            return obj.owners_ids
        if way == permissions.AUTHOR:
            return [obj.user_id]
        if way == permissions.PROJECT_OWNER:
            return self._project_owners(obj.project_id)
        raise KeyError(f"no fake for owning an object as its {way}")

    def _visible(self, obj: Any, query: ListQuery) -> bool:
        return True

    def _project_owners(self, project_id: int) -> list[int | None]:
        project = self.uow.projects.rows.get(project_id)
        return project.owners_ids if project is not None else []

    def _match(self, obj: Any, query: ListQuery) -> dict[str, Any] | None:
        """The extras of `obj` when the query selects it, else None."""
        if any(getattr(obj, k, _MISSING) != v for k, v in query.filters.items()):
            return None
        if not self._visible(obj, query):
            return None
        owners = self._owners(obj)
        if query.owner_scope is not None and owners is not None and query.owner_scope not in owners:
            return None
        info = obj.info if isinstance(obj.info, dict) else {}
        if query.info_contains and any(
            info.get(k, _MISSING) != v for k, v in query.info_contains.items()
        ):
            return None
        return _match_info_pairs(info, query)


class FakeUserRepository(FakeRepository, ports.UserRepository):
    def _cascade(self, obj: Any) -> None:
        """Their favourites go; their posts stay, authorless (the foreign keys say so)."""
        self.uow.favorites.forget(user_id=obj.id)
        for repo in (self.uow.announcements, self.uow.blog_posts):
            for post in repo.where(user_id=obj.id):
                post.user_id = None

    UNIQUE = ("name", "email_addr", "api_key")

    def by_ids(self, user_ids: list[int]) -> dict[int, Any]:
        return {i: self.rows[i] for i in user_ids if isinstance(i, int) and i in self.rows}

    def _cascade(self, obj: Any) -> None:
        """A deleted user co-owns nothing any more (project_coowner's foreign key)."""
        for project in self.uow.projects.rows.values():
            project.coowners = [c for c in project.coowners if c.user_id != obj.id]

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
        by_name = sorted(_ranked(self.uow), key=lambda c: (c.user.name, c.user.id))
        return by_name[offset : offset + limit]

    def top_contributors(self, limit: int) -> list[ports.Contributor]:
        return _ranked(self.uow)[:limit]

    def contributor(self, user_id: int) -> ports.Contributor | None:
        return next((c for c in _ranked(self.uow) if c.user.id == user_id), None)

    def ranking_window(self, user_id: int, around: int) -> list[ports.Contributor]:
        ranked = _ranked(self.uow)
        place = next((n for n, c in enumerate(ranked) if c.user.id == user_id), None)
        return [] if place is None else ranked[max(0, place - around) : place + around + 1]

    def admins(self) -> list[Any]:
        return sorted(self.where(admin=True), key=lambda u: u.id)

    def search(self, text: str, limit: int, *, by_email: bool = True) -> list[Any]:
        wanted = text.lower()
        found = [
            u
            for u in self.rows.values()
            if any(
                wanted in v.lower()
                for v in (u.name, u.fullname, *((u.email_addr,) if by_email else ()))
            )
        ]
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
        return sorted(
            (p for p in self.rows.values() if user_id in p.owners_ids), key=lambda p: p.id
        )

    def contributed_by(self, user_id: int) -> list[Any]:
        answered = {run.project_id for run in self.uow.task_runs.where(user_id=user_id)}
        return [
            self.rows[pid]
            for pid in sorted(answered)
            if pid in self.rows and self.rows[pid].published
        ]

    def contributed_page(self, user_id: int, offset: int, limit: int) -> list[Any]:
        by_name = sorted(self.contributed_by(user_id), key=lambda p: (p.name, p.id))
        return by_name[offset : offset + limit]

    def count_contributed(self, user_id: int) -> int:
        return len(self.contributed_by(user_id))

    def count_listed(self, query: ListQuery) -> int:
        return sum(self._match(p, query) is not None for p in self.rows.values())

    def published_by_category(self, per_category: int) -> list[Any]:
        shown = sorted(self.where(published=True), key=lambda p: (p.category_id, p.name, p.id))
        grouped = itertools.groupby(shown, key=lambda p: p.category_id)
        return [p for _, projects in grouped for p in list(projects)[:per_category]]

    def featured(self, limit: int) -> list[Any]:
        return sorted(self.where(published=True, featured=True), key=lambda p: (p.name, p.id))[
            :limit
        ]

    def most_active(self, limit: int) -> list[Any]:
        volunteers = self.uow.stats.project_stats(sorted(self.rows))
        active = [
            p
            for p in self.where(published=True)
            if p.id in volunteers and volunteers[p.id].n_volunteers
        ]
        return sorted(active, key=lambda p: (-volunteers[p.id].n_volunteers, p.id))[:limit]

    def _cascade(self, obj: Any) -> None:
        uow = self.uow
        tasks = {task.id for task in uow.tasks.where(project_id=obj.id)}
        parts = (uow.tasks, uow.task_runs, uow.results, uow.helping_materials, uow.audit_log)
        for repo in (*parts, uow.blog_posts, uow.pages):
            for part in repo.where(project_id=obj.id):
                repo.rows.pop(part.id)
        uow.favorites.forget(task_ids=tasks)

    def _visible(self, obj: Any, query: ListQuery) -> bool:
        return query.include_drafts or obj.published or query.draft_viewer in obj.owners_ids


def _in_order(tasks: list[Any], order: str) -> list[Any]:
    """The candidates in the order's (column, descending) keys, sorted last key first (sorts
    are stable); an unknown order is a KeyError, as the SQL adapter's is an error too."""
    for column, descending in reversed(scheduler.ORDER_KEYS[order]):
        tasks = sorted(tasks, key=lambda t, c=column: getattr(t, c), reverse=descending)
    return tasks


class FakeTaskRepository(FakeRepository, ports.TaskRepository):
    def count_for_project(self, project_id: int) -> int:
        return len(self.where(project_id=project_id))

    def set_n_answers(self, project_id: int, change: NewRedundancy) -> dict[str, list[int]]:
        moved: dict[str, list[int]] = {}
        for task in sorted(self.where(project_id=project_id), key=lambda t: t.id):
            state = change.state_for(task)
            task.n_answers = change.n_answers
            if state != task.state:
                task.state = state
                moved.setdefault(state, []).append(task.id)
        return moved

    def set_priority(self, project_id: int, task_ids: Sequence[int], priority_0: float) -> int:
        chosen = [t for t in self.where(project_id=project_id) if t.id in set(task_ids)]
        for task in chosen:
            task.priority_0 = priority_0
        return len(chosen)

    def delete_for_project(self, project_id: int) -> int:
        tasks = self.where(project_id=project_id)
        for task in tasks:
            self.delete(task)
        return len(tasks)

    def get_for_update(self, task_id: int) -> Any:
        """One process, no concurrent writers: the row lock is a plain get."""
        return self.get(task_id)

    def lock_for_answer(self, task_id: int) -> Any:
        """A copy, as the SQL adapter's is untracked: only record_answer stores changes."""
        return copy.deepcopy(self.get(task_id))

    def committed_runs(self, task_id: int) -> int:
        task = self.get(task_id)
        return task.n_task_runs if task is not None else 0

    def candidates(
        self,
        project_id: int,
        volunteer: Volunteer,
        order: str,
        limit: int,
        offset: int = 0,
        gold: bool | None = None,
        spread: bool = False,
    ) -> list[Any]:
        # `spread` changes nothing here: the fakes record an answer in one call, so no
        # answer is ever in progress while candidates are chosen.
        answered = self.uow.task_runs.answered
        found = [
            t
            for t in self.where(project_id=project_id, state=ONGOING)
            if not answered(t.id, volunteer) and gold in (None, t.is_gold)
        ]
        return _in_order(found, order)[offset : offset + limit]

    def _cascade(self, obj: Any) -> None:
        for repo in (self.uow.task_runs, self.uow.results):
            for part in repo.where(task_id=obj.id):
                repo.rows.pop(part.id)
        self.uow.favorites.forget(task_ids={obj.id})


class FakeTaskRunRepository(FakeRepository, ports.TaskRunRepository):
    def for_task(self, task_id: int) -> list[Any]:
        return sorted(self.where(task_id=task_id), key=lambda r: (r.created, r.id))

    def record_answer(self, run: Any, task: Any) -> None:
        self.add(run)
        stored = self.uow.tasks.get(task.id)
        stored.n_task_runs, stored.state = task.n_task_runs, task.state

    def answered(self, task_id: int, volunteer: Volunteer) -> bool:
        return any(_run_is_by(run, volunteer) for run in self.where(task_id=task_id))

    def count_by(self, project_id: int, volunteer: Volunteer) -> int:
        return sum(_run_is_by(run, volunteer) for run in self.where(project_id=project_id))

    def by_user(self, user_id: int) -> list[Any]:
        return sorted(self.where(user_id=user_id), key=lambda r: (r.created, r.id))

    def accuracy_of(self, project_id: int, volunteer: Volunteer) -> gold.Accuracy:
        return gold.Accuracy.of(
            run.gold_score
            for run in self.where(project_id=project_id)
            if run.gold_score is not None and _run_is_by(run, volunteer)
        )

    def accuracy_by_volunteer(
        self, project_id: int, limit: int, offset: int = 0
    ) -> list[gold.VolunteerAccuracy]:
        return _accuracy_rows(self.where(project_id=project_id))[offset : offset + limit]

    def check_unique(self) -> None:
        """The partial unique indexes: one run per task and user, external uid, anonymous IP."""
        seen = set()
        for run in self.rows.values():
            for key in _run_keys(run):
                if key in seen:
                    raise errors.DuplicateValue(f"duplicate task run: {key}", run.KIND)
                seen.add(key)


class FakeResultRepository(FakeRepository, ports.ResultRepository):
    def for_task(self, task_id: int) -> Any:
        return next(iter(self.where(task_id=task_id, last_version=True)), None)

    def current_for_project(self, project_id: int, after_id: int, limit: int) -> list[Any]:
        mine = self.where(project_id=project_id, last_version=True)
        return sorted((r for r in mine if r.id > after_id), key=lambda r: r.id)[:limit]

    def count_for_project(self, project_id: int) -> int:
        return len(self.where(project_id=project_id, last_version=True))


class FakeAuditLogRepository(FakeRepository, ports.AuditLogRepository):
    def for_project(self, project_id: int, offset: int, limit: int) -> list[Any]:
        mine = sorted(self.where(project_id=project_id), key=lambda e: e.id, reverse=True)
        return mine[offset : offset + limit]

    def count_for_project(self, project_id: int) -> int:
        return len(self.where(project_id=project_id))


class FakeHelpingMaterialRepository(FakeRepository, ports.HelpingMaterialRepository):
    """Nothing beyond the common operations."""


# -- how the fakes list and what they derive from stored rows ---------------------------------


def _match_info_pairs(info: dict[str, Any], query: ListQuery) -> dict[str, Any] | None:
    """The extras (headline, rank) when `info` matches every info pair, else None."""
    extra: dict[str, Any] = {}
    for key, value in query.info_pairs:
        if key not in info:
            return None
        if not query.fulltext:
            if _astext(info[key]) != value:
                return None
            continue
        text, words = str(info[key]), value.lower().split()
        if not words or not all(w in text.lower() for w in words):
            return None
        extra.setdefault("headline", text)
        extra["rank"] = extra.get("rank", 0.0) + sum(text.lower().count(w) for w in words)
    return extra


def _astext(value: Any) -> str:
    """What PostgreSQL's `info->>key` gives for a JSON value."""
    return value if isinstance(value, str) else json.dumps(value)


def _page(listed: list[Listed], query: ListQuery) -> list[Listed]:
    """One page in the query's order: keyset after last_id, else orderby with offset."""
    if query.last_id is not None:
        if query.desc:
            kept = [r for r in listed if r.item.id < query.last_id]
        else:
            kept = [r for r in listed if r.item.id > query.last_id]
        return sorted(kept, key=lambda r: r.item.id, reverse=query.desc)[: query.limit]

    def order(row: Listed) -> tuple:
        value = getattr(row.item, query.orderby, None)
        return (value is None, 0 if value is None else value, row.item.id)

    ordered = sorted(listed, key=order, reverse=query.desc)
    return ordered[query.offset : query.offset + query.limit]


def _run_is_by(run: Any, volunteer: Volunteer) -> bool:
    """True when the run is the volunteer's (an anonymous volunteer owns only anonymous runs)."""
    if volunteer.user_id is not None:
        return run.user_id == volunteer.user_id
    if volunteer.external_uid is not None:
        return run.external_uid == volunteer.external_uid
    return run.user_id is None and run.external_uid is None and run.user_ip == volunteer.user_ip


def _run_keys(run: Any) -> list[tuple]:
    """The run's entries in each partial unique index that covers it."""
    keys = []
    if run.user_id is not None:
        keys.append((run.task_id, "user_id", run.user_id))
    if run.external_uid is not None:
        keys.append((run.task_id, "external_uid", run.external_uid))
    if run.user_id is None and run.external_uid is None and run.user_ip is not None:
        keys.append((run.task_id, "user_ip", run.user_ip))
    return keys


def _accuracy_rows(runs: list[Any]) -> list[gold.VolunteerAccuracy]:
    """The scored runs summed per (user_id, external_uid): users by id, then external uids,
    then every anonymous run together, as the SQL groups them."""
    scores: dict[tuple, list[float]] = {}
    for run in runs:
        if run.gold_score is not None:
            scores.setdefault((run.user_id, run.external_uid), []).append(run.gold_score)
    order = sorted(scores, key=lambda k: (k[0] is None, k[0] or 0, k[1] is None, k[1] or ""))
    return [
        gold.VolunteerAccuracy(user_id, uid, gold.Accuracy.of(scores[(user_id, uid)]))
        for user_id, uid in order
    ]


def _ranked(uow: FakeUnitOfWork) -> list[ports.Contributor]:
    """Every user with their score (task runs given), best first, ties by id; rank 1 = best."""
    scores = Counter(run.user_id for run in uow.task_runs.rows.values())
    users = sorted(uow.users.rows.values(), key=lambda u: (-scores[u.id], u.id))
    return [
        ports.Contributor(user=u, score=scores[u.id], rank=n) for n, u in enumerate(users, start=1)
    ]
