"""SQL repositories of announcements, blog posts, pages and users' favourite tasks."""

from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from adapters.sql import integrity, tables
from adapters.sql.repositories import SqlRepository
from pybossa_core import ports
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.tasks import Task


class SqlAnnouncementRepository(SqlRepository[Announcement], ports.AnnouncementRepository):
    entity_type = Announcement
    table = tables.announcement


class SqlBlogPostRepository(SqlRepository[BlogPost], ports.BlogPostRepository):
    entity_type = BlogPost
    table = tables.blogpost

    def count_published(self, project_ids: list[int]) -> dict[int, int]:
        if not project_ids:
            return {}
        c = self.table.c
        statement = (
            select(c.project_id, func.count())
            .where(c.project_id.in_(project_ids), c.published.is_(True))
            .group_by(c.project_id)
        )
        with self._reading():
            return dict(self.session.execute(statement).all())

    def for_project(self, project_id: int, drafts: bool, limit: int) -> list[BlogPost]:
        c = self.table.c
        statement = select(BlogPost).where(c.project_id == project_id)
        if not drafts:
            statement = statement.where(c.published.is_(True))
        return self._all(statement.order_by(c.id.desc()).limit(limit))


class SqlPageRepository(SqlRepository[Page], ports.PageRepository):
    entity_type = Page
    table = tables.page


class SqlFavoriteRepository(ports.FavoriteRepository):
    """Rows of `favorite`, written at once in the session's transaction."""

    table = tables.favorite

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user_id: int, task_id: int, now: datetime) -> None:
        with integrity.translated(self.session, "favorite"):
            self.session.execute(
                insert(self.table).values(user_id=user_id, task_id=task_id, created=now)
            )

    def has(self, user_id: int, task_id: int) -> bool:
        c = self.table.c
        found = select(c.task_id).where(c.user_id == user_id, c.task_id == task_id)
        return self.session.execute(found).first() is not None

    def remove(self, user_id: int, task_id: int) -> bool:
        c = self.table.c
        removed = self.session.execute(
            delete(self.table).where(c.user_id == user_id, c.task_id == task_id)
        )
        return removed.rowcount > 0

    def tasks_of(self, user_id: int, limit: int, offset: int) -> list[Task]:
        c, task = self.table.c, tables.task
        statement = (
            select(Task)
            .join(self.table, c.task_id == task.c.id)
            .where(c.user_id == user_id)
            .order_by(task.c.id)
            .limit(limit)
            .offset(offset)
        )
        return list(self.session.scalars(statement))
