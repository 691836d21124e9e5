"""SqlUnitOfWork: one operation's transactions, a session per `with uow:` block; SqlUnitsOfWork
starts one per operation."""

from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from adapters import outages
from adapters.project_cache import ProjectCache, uncached
from adapters.sql import (
    audit,
    imports,
    integrity,
    publications,
    repositories,
    stats,
    task_repositories,
    tracking,
    webhooks,
)
from pybossa_core import ports
from pybossa_core.audit import ensure_staged
from pybossa_core.events import EventHandlers, pull_all
from pybossa_core.projects import Project

CHANGED_PROJECTS = "changed_projects"  # session.info key: ids of projects flushed in it


@dataclass
class _Entry:
    """What one `with uow:` block works with: its session, repositories and stats reader."""

    session: Session
    users: repositories.SqlUserRepository
    categories: repositories.SqlCategoryRepository
    projects: repositories.SqlProjectRepository
    tasks: task_repositories.SqlTaskRepository
    task_runs: task_repositories.SqlTaskRunRepository
    results: task_repositories.SqlResultRepository
    helping_materials: repositories.SqlHelpingMaterialRepository
    announcements: publications.SqlAnnouncementRepository
    blog_posts: publications.SqlBlogPostRepository
    pages: publications.SqlPageRepository
    favorites: publications.SqlFavoriteRepository
    stats: stats.SqlStatsReader
    webhooks: webhooks.SqlWebhookRepository
    task_imports: imports.SqlTaskImportWriter
    audit_log: audit.SqlAuditLogRepository
    committed_events: list[object] = field(default_factory=list)

    @classmethod
    def open(cls, session: Session, project_cache: ProjectCache) -> "_Entry":
        return cls(
            session=session,
            users=repositories.SqlUserRepository(session),
            categories=repositories.SqlCategoryRepository(session),
            projects=repositories.SqlProjectRepository(session, project_cache),
            tasks=task_repositories.SqlTaskRepository(session),
            task_runs=task_repositories.SqlTaskRunRepository(session),
            results=task_repositories.SqlResultRepository(session),
            helping_materials=repositories.SqlHelpingMaterialRepository(session),
            announcements=publications.SqlAnnouncementRepository(session),
            blog_posts=publications.SqlBlogPostRepository(session),
            pages=publications.SqlPageRepository(session),
            favorites=publications.SqlFavoriteRepository(session),
            stats=stats.SqlStatsReader(session),
            webhooks=webhooks.SqlWebhookRepository(session),
            task_imports=imports.SqlTaskImportWriter(session),
            audit_log=audit.SqlAuditLogRepository(session),
        )


def _current(name: str) -> property:
    def read(self: "SqlUnitOfWork"):
        return getattr(self._entry(), name)

    return property(read, doc=f"The {name} of the current `with uow:` block.")


class SqlUnitsOfWork:
    """What the units of work of a process share (the session factories, the project cache,
    the event handlers); calling it starts the unit of work of one operation: a request, a
    job or a command. `reading=True` for one that only reads (a GET request).

    A reading unit of work runs in autocommit (see database.py): no BEGIN/ROLLBACK round
    trips, each statement sees the latest commits, and on SQLite it never waits behind a
    writer. One that wrote all the same would commit each statement at once: it must not.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        read_session_factory: sessionmaker[Session] | None = None,
        project_cache: ProjectCache | None = None,
        event_handlers: EventHandlers | None = None,
    ) -> None:
        self.event_handlers = event_handlers or EventHandlers()
        self.session_factory = session_factory
        self.read_session_factory = read_session_factory or session_factory
        self.project_cache = project_cache or uncached()
        for factory in {self.session_factory, self.read_session_factory}:
            if not event.contains(factory, "before_flush", _note_changed_projects):
                event.listen(factory, "before_flush", _note_changed_projects)

    def __call__(self, reading: bool = False) -> "SqlUnitOfWork":
        factory = self.read_session_factory if reading else self.session_factory
        return SqlUnitOfWork(factory, self.project_cache, self.event_handlers)


class SqlUnitOfWork(ports.AbstractUnitOfWork):
    """One operation's unit of work (made by SqlUnitsOfWork): `with uow:` opens a session,
    leaving the block rolls back what was not committed and closes it."""

    users = _current("users")
    categories = _current("categories")
    projects = _current("projects")
    tasks = _current("tasks")
    task_runs = _current("task_runs")
    results = _current("results")
    helping_materials = _current("helping_materials")
    announcements = _current("announcements")
    blog_posts = _current("blog_posts")
    pages = _current("pages")
    favorites = _current("favorites")
    stats = _current("stats")
    webhooks = _current("webhooks")
    task_imports = _current("task_imports")
    audit_log = _current("audit_log")
    session = _current("session")

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        project_cache: ProjectCache,
        event_handlers: EventHandlers,
    ) -> None:
        self.event_handlers = event_handlers
        self._session_factory = session_factory
        self._project_cache = project_cache
        self._blocks: list[_Entry] = []  # a block may open inside another (its own session)

    def __enter__(self) -> "SqlUnitOfWork":
        self._blocks.append(_Entry.open(self._session_factory(), self._project_cache))
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        """Roll back whatever was not committed and close the session.

        `Session.close` detaches the objects first, then rolls the transaction back, so the
        objects a use case returns keep their loaded values (a plain rollback would expire
        them and leave them unreadable once detached). Then the events of what the block
        committed go to the handlers (a handler may run a job that opens its own block).
        A database outage met in the block
        (refused or lost connection, timeout) leaves it as errors.Unavailable.
        """
        entry = self._blocks.pop()
        with outages.sql_calls():
            entry.session.close()
        self.event_handlers.handle(entry.committed_events)
        if exc is not None and outages.is_sql_outage(exc):
            raise outages.unavailable("database", exc) from exc

    def commit(self) -> None:
        """Commit; unique clashes raise DuplicateValue and broken references Conflict. The
        events of what it wrote go to the handlers when the block ends."""
        entry = self._entry()
        session = entry.session
        written = tracking.written(session)
        ensure_staged(written)
        with integrity.translated(session):
            session.commit()
        self._project_cache.changed(session.info.pop(CHANGED_PROJECTS, set()))
        entry.committed_events.extend(pull_all(written))

    def flush(self) -> None:
        session = self._entry().session
        with integrity.translated(session):
            session.flush()

    def rollback(self) -> None:
        """Roll back; what the dropped changes recorded is dropped with them."""
        session = self._entry().session
        pull_all(tracking.written(session))
        session.rollback()

    def _entry(self) -> _Entry:
        if not self._blocks:
            raise RuntimeError("The unit of work is used outside a `with uow:` block")
        return self._blocks[-1]


def _note_changed_projects(session: Session, flush_context, instances) -> None:
    """Remember which projects this flush changes or deletes: once committed, the project
    cache of every process must forget them."""
    changed = {
        obj.id
        for obj in (*session.dirty, *session.deleted)
        if isinstance(obj, Project) and obj.id is not None
    }
    if changed:
        session.info.setdefault(CHANGED_PROJECTS, set()).update(changed)
