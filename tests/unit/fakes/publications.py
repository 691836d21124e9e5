"""Fakes of the announcement, blog post, page and favourite repositories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pybossa_core import errors, permissions, ports
from pybossa_core.queries import ListQuery

from .repositories import FakeRepository

if TYPE_CHECKING:
    from .unit_of_work import FakeUnitOfWork


class FakePublicationRepository(FakeRepository):
    """Lists what permissions let a reader see, as the SQL listing does: objects of projects
    they see (SHOWN_WITH_PROJECT), unpublished ones to those UNPUBLISHED_SHOWN_TO names."""

    def _visible(self, obj: Any, query: ListQuery) -> bool:
        if query.include_drafts:
            return True
        kind, viewer = obj.KIND, query.draft_viewer
        if kind in permissions.SHOWN_WITH_PROJECT:
            project = self.uow.projects.rows.get(obj.project_id)
            if project is None or not (project.published or project.is_owned_by(viewer)):
                return False
        ways = permissions.UNPUBLISHED_SHOWN_TO.get(kind)
        if ways is None or obj.published:
            return True
        return viewer is not None and any(viewer in self._owners_through(w, obj) for w in ways)


class FakeAnnouncementRepository(FakePublicationRepository, ports.AnnouncementRepository):
    """Nothing beyond the common operations."""


class FakeBlogPostRepository(FakePublicationRepository, ports.BlogPostRepository):
    def count_published(self, project_ids: list[int]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for post in self.rows.values():
            if post.project_id in project_ids and post.published:
                counts[post.project_id] = counts.get(post.project_id, 0) + 1
        return counts

    def for_project(self, project_id: int, drafts: bool, limit: int) -> list[Any]:
        posts = [p for p in self.where(project_id=project_id) if drafts or p.published]
        return sorted(posts, key=lambda p: -p.id)[:limit]


class FakePageRepository(FakePublicationRepository, ports.PageRepository):
    """Nothing beyond the common operations."""


@dataclass
class FavoriteMark:
    """One row of the favourites: a user's mark on a task."""

    user_id: int
    task_id: int
    created: datetime


class FakeFavoriteRepository(ports.FavoriteRepository):
    """Marks keyed by (user id, task id), as the table's primary key."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow
        self.rows: dict[tuple[int, int], FavoriteMark] = {}

    def add(self, user_id: int, task_id: int, now: datetime) -> None:
        if (user_id, task_id) in self.rows:
            raise errors.DuplicateValue("A favorite with this task_id already exists", "favorite")
        if user_id not in self.uow.users.rows or task_id not in self.uow.tasks.rows:
            raise errors.Conflict("It refers to an object that does not exist", "favorite")
        self.rows[(user_id, task_id)] = FavoriteMark(user_id, task_id, now)

    def has(self, user_id: int, task_id: int) -> bool:
        return (user_id, task_id) in self.rows

    def remove(self, user_id: int, task_id: int) -> bool:
        return self.rows.pop((user_id, task_id), None) is not None

    def tasks_of(self, user_id: int, limit: int, offset: int) -> list[Any]:
        ids = sorted(task_id for uid, task_id in self.rows if uid == user_id)
        return [self.uow.tasks.rows[i] for i in ids[offset : offset + limit]]

    def forget(self, user_id: int | None = None, task_ids: set[int] | None = None) -> None:
        """Drop the marks of a deleted user or of deleted tasks (the foreign keys cascade)."""
        for key in list(self.rows):
            if key[0] == user_id or (task_ids and key[1] in task_ids):
                del self.rows[key]

    def check_unique(self) -> None:
        """The keys are the primary key: `add` refuses a second mark."""
