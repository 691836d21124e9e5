"""Repository ports: one per aggregate, the unit of work, and the statistics reader."""

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from pybossa_core import gold
from pybossa_core.categories import Category
from pybossa_core.events import EventHandlers
from pybossa_core.helping import HelpingMaterial
from pybossa_core.ports.audit import AuditLogRepository
from pybossa_core.ports.imports import TaskImportWriter
from pybossa_core.ports.stats import StatsReader
from pybossa_core.ports.webhooks import WebhookRepository
from pybossa_core.projects import Project
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import NewRedundancy, Result, Task
from pybossa_core.users import User
from pybossa_core.volunteers import Volunteer

T = TypeVar("T")


class Repository(abc.ABC, Generic[T]):
    """Stores one kind of aggregate; never commits on its own."""

    @abc.abstractmethod
    def get(self, object_id: int) -> T | None:
        """Return the object with this id, or None."""

    @abc.abstractmethod
    def add(self, obj: T) -> None:
        """Stage a new object; its id is set once the unit of work flushes or commits."""

    @abc.abstractmethod
    def delete(self, obj: T) -> None:
        """Stage the removal of an object and of everything that belongs to it."""

    @abc.abstractmethod
    def list(self, query: ListQuery) -> list[Listed[T]]:
        """Return one page of objects matching the query, in its order."""


@dataclass(frozen=True)
class Contributor:
    """A user with their score (answers given) and rank (1 = most answers)."""

    user: User
    score: int
    rank: int


class UserRepository(Repository[User]):
    @abc.abstractmethod
    def by_ids(self, user_ids: list[int]) -> dict[int, User]:
        """Return the users with these ids (in one query), by id; unknown ids are absent."""

    @abc.abstractmethod
    def get_by_api_key(self, api_key: str) -> User | None:
        """Return the user owning this api key, or None."""

    @abc.abstractmethod
    def get_by_name(self, name: str) -> User | None:
        """Return the user with this (login) name, or None."""

    @abc.abstractmethod
    def get_by_name_ignoring_case(self, name: str) -> User | None:
        """Return the user whose name equals this one but for case, or None."""

    @abc.abstractmethod
    def get_by_email(self, email_addr: str) -> User | None:
        """Return the user with this e-mail address (case-insensitive), or None."""

    @abc.abstractmethod
    def count(self) -> int:
        """Return how many users there are."""

    @abc.abstractmethod
    def page(self, offset: int, limit: int) -> list[Contributor]:
        """Return users ordered by name with their score and rank."""

    @abc.abstractmethod
    def top_contributors(self, limit: int) -> list[Contributor]:
        """Return the users with the most answers, best first (ties by id)."""

    @abc.abstractmethod
    def contributor(self, user_id: int) -> Contributor | None:
        """Return the user with their score and rank, or None."""

    @abc.abstractmethod
    def ranking_window(self, user_id: int, around: int) -> list[Contributor]:
        """Return the user with up to `around` contributors before and after them in the
        best-first order of top_contributors (ties by id); empty for an unknown user."""

    @abc.abstractmethod
    def admins(self) -> list[User]:
        """Return the users with the admin right, by id."""

    @abc.abstractmethod
    def search(self, text: str, limit: int, *, by_email: bool = True) -> list[User]:
        """Return users whose name, full name or (with `by_email`) e-mail contains `text`
        (any case), by name."""


class CategoryRepository(Repository[Category]):
    @abc.abstractmethod
    def get_by_short_name(self, short_name: str) -> Category | None:
        """Return the category with this short name, or None."""

    @abc.abstractmethod
    def first(self) -> Category | None:
        """Return the category with the lowest id (the default for new projects), or None."""

    @abc.abstractmethod
    def count_projects(self, category_id: int) -> int:
        """Return how many projects are in the category."""

    @abc.abstractmethod
    def all(self) -> list[Category]:
        """Return every category, by id."""

    @abc.abstractmethod
    def project_counts(self) -> dict[int, int]:
        """Return category id -> number of projects (drafts included); empty ones are absent."""


class ProjectRepository(Repository[Project]):
    @abc.abstractmethod
    def snapshot(self, project_id: int) -> Project | None:
        """Return the project as last committed, or None, for reading only: it may come from
        a per-process cache that every committed change to the project clears, and changing
        it stores nothing (and would mislead other readers of the cache)."""

    @abc.abstractmethod
    def get_by_short_name(self, short_name: str) -> Project | None:
        """Return the project with this short name, or None."""

    @abc.abstractmethod
    def get_by_name(self, name: str) -> Project | None:
        """Return the project with this name, or None."""

    @abc.abstractmethod
    def owned_by(self, user_id: int) -> list[Project]:
        """Return the user's projects (drafts included), by id."""

    @abc.abstractmethod
    def contributed_by(self, user_id: int) -> list[Project]:
        """Return the published projects the user answered tasks of, by id."""

    @abc.abstractmethod
    def contributed_page(self, user_id: int, offset: int, limit: int) -> list[Project]:
        """Return one page of contributed_by's projects, by name then id."""

    @abc.abstractmethod
    def count_contributed(self, user_id: int) -> int:
        """Return how many projects contributed_by would return."""

    @abc.abstractmethod
    def count_listed(self, query: ListQuery) -> int:
        """Return how many projects `list(query)` finds over all its pages."""

    @abc.abstractmethod
    def published_by_category(self, per_category: int) -> list[Project]:
        """Return up to `per_category` published projects per category (by name, then id)."""

    @abc.abstractmethod
    def featured(self, limit: int) -> list[Project]:
        """Return published featured projects, by name and id."""

    @abc.abstractmethod
    def most_active(self, limit: int) -> list[Project]:
        """Return published projects with volunteers, most distinct volunteers first, by id."""


# Candidate orders a scheduler may ask for (see pybossa_core.scheduler).
BY_PRIORITY = "priority"  # priority_0 DESC, id ASC
BY_FEWEST_RUNS = "fewest_runs"  # n_task_runs ASC, priority_0 DESC, id ASC
BY_MOST_RUNS = "most_runs"  # n_task_runs DESC, priority_0 DESC, id ASC


class TaskRepository(Repository[Task]):
    @abc.abstractmethod
    def count_for_project(self, project_id: int) -> int:
        """Return how many tasks the project has."""

    @abc.abstractmethod
    def committed_runs(self, task_id: int) -> int:
        """Return the task's run counter as last committed (read afresh, not from a cache)."""

    @abc.abstractmethod
    def set_n_answers(self, project_id: int, change: NewRedundancy) -> dict[str, list[int]]:
        """Give every task of the project the change's n_answers and the state the change
        says its kind of task ends in. Return the ids (ascending) of the tasks whose state
        this changed, by their new state (states none moved to are left out)."""

    @abc.abstractmethod
    def set_priority(self, project_id: int, task_ids: Sequence[int], priority_0: float) -> int:
        """Give the tasks with these ids that belong to the project this priority, in one
        statement; return how many there were (ids of other projects' tasks change nothing)."""

    @abc.abstractmethod
    def delete_for_project(self, project_id: int) -> int:
        """Delete every task of the project with its task runs and results, in one statement;
        return how many tasks there were."""

    @abc.abstractmethod
    def get_for_update(self, task_id: int) -> Task | None:
        """Return the task locked against concurrent writers until commit, or None."""

    @abc.abstractmethod
    def lock_for_answer(self, task_id: int) -> Task | None:
        """Return the task with its row locked until commit, so that answers to it are
        counted one at a time, or None. It is a copy the unit of work does not track:
        `TaskRunRepository.record_answer` stores what an answer changes in it."""

    @abc.abstractmethod
    def candidates(
        self,
        project_id: int,
        volunteer: Volunteer,
        order: str,
        limit: int,
        offset: int = 0,
        gold: bool | None = None,
        spread: bool = False,
    ) -> list[Task]:
        """Ongoing tasks of the project the volunteer has not answered, in `order`; `gold`
        True keeps only gold tasks (calibration 1 with gold answers), False none, None any.

        `spread`: a task whose answer another volunteer is recording at this moment comes
        after the others that follow it closely in `order`, so that concurrent volunteers
        answer different tasks instead of waiting on one; an adapter that cannot tell
        ignores it. Paging with `offset` wants the plain order."""


class TaskRunRepository(Repository[TaskRun]):
    @abc.abstractmethod
    def for_task(self, task_id: int) -> list[TaskRun]:
        """Return the task's runs, oldest first."""

    @abc.abstractmethod
    def record_answer(self, run: TaskRun, task: Task) -> None:
        """Insert the run (its id is set) and store the task's n_task_runs and state, now;
        a second answer by the same volunteer to the task raises DuplicateValue."""

    @abc.abstractmethod
    def answered(self, task_id: int, volunteer: Volunteer) -> bool:
        """Return True when the volunteer already has a run for the task."""

    @abc.abstractmethod
    def count_by(self, project_id: int, volunteer: Volunteer) -> int:
        """Return how many runs the volunteer has in the project."""

    @abc.abstractmethod
    def by_user(self, user_id: int) -> list[TaskRun]:
        """Return every run of the user, oldest first (for the data export)."""

    @abc.abstractmethod
    def accuracy_of(self, project_id: int, volunteer: Volunteer) -> gold.Accuracy:
        """Return the volunteer's scored (gold) answers in the project, summed up."""

    @abc.abstractmethod
    def accuracy_by_volunteer(
        self, project_id: int, limit: int, offset: int = 0
    ) -> list[gold.VolunteerAccuracy]:
        """Return one page of the project's volunteers with scored answers, summed up: users
        by id, then external uids, then every anonymous volunteer together (last)."""


class ResultRepository(Repository[Result]):
    @abc.abstractmethod
    def for_task(self, task_id: int) -> Result | None:
        """Return the task's current result (last_version), or None."""

    @abc.abstractmethod
    def current_for_project(self, project_id: int, after_id: int, limit: int) -> list[Result]:
        """Return up to `limit` current results of the project with an id above `after_id`,
        by id."""

    @abc.abstractmethod
    def count_for_project(self, project_id: int) -> int:
        """Return how many current results (one per completed task) the project has."""


class HelpingMaterialRepository(Repository[HelpingMaterial]):
    """Helping materials need nothing beyond the common operations."""


class AnnouncementRepository(Repository[Announcement]):
    """Site announcements need nothing beyond the common operations."""


class BlogPostRepository(Repository[BlogPost]):
    @abc.abstractmethod
    def count_published(self, project_ids: list[int]) -> dict[int, int]:
        """Return each project's number of published blog posts (absent: none)."""

    @abc.abstractmethod
    def for_project(self, project_id: int, drafts: bool, limit: int) -> list[BlogPost]:
        """Return up to `limit` of the project's posts, newest first; drafts only if asked."""


class PageRepository(Repository[Page]):
    """Project pages need nothing beyond the common operations."""


class FavoriteRepository(abc.ABC):
    """Which tasks each user marked as favourite (one mark per user and task)."""

    @abc.abstractmethod
    def add(self, user_id: int, task_id: int, now: datetime) -> None:
        """Stage the user's mark on the task (DuplicateValue at flush if it is there)."""

    @abc.abstractmethod
    def has(self, user_id: int, task_id: int) -> bool:
        """True when the user marked the task."""

    @abc.abstractmethod
    def remove(self, user_id: int, task_id: int) -> bool:
        """Remove the user's mark on the task; False when there was none."""

    @abc.abstractmethod
    def tasks_of(self, user_id: int, limit: int, offset: int) -> list[Task]:
        """Return one page of the tasks the user marked, by task id."""


class AbstractUnitOfWork(abc.ABC):
    """One transaction over every repository: `with uow:` ... `uow.commit()`.

    The events recorded by the objects a commit wrote go to `event_handlers`, the registry
    bootstrap filled, once the `with uow:` block ends (its session closed).
    """

    event_handlers: EventHandlers

    users: UserRepository
    categories: CategoryRepository
    projects: ProjectRepository
    tasks: TaskRepository
    task_runs: TaskRunRepository
    results: ResultRepository
    helping_materials: HelpingMaterialRepository
    announcements: AnnouncementRepository
    blog_posts: BlogPostRepository
    pages: PageRepository
    favorites: FavoriteRepository
    stats: StatsReader
    webhooks: WebhookRepository
    task_imports: TaskImportWriter
    audit_log: AuditLogRepository

    def __enter__(self) -> "AbstractUnitOfWork":
        return self

    def __exit__(self, *exc_info) -> None:
        self.rollback()

    def repository(self, kind: str) -> Repository:
        """The repository for an entity kind ("project", "task", ...)."""
        return {
            "user": self.users,
            "category": self.categories,
            "project": self.projects,
            "task": self.tasks,
            "taskrun": self.task_runs,
            "result": self.results,
            "helpingmaterial": self.helping_materials,
            "announcement": self.announcements,
            "blogpost": self.blog_posts,
            "page": self.pages,
        }[kind]

    @abc.abstractmethod
    def commit(self) -> None:
        """Make every staged change durable and keep the events its objects recorded for the
        handlers; raises DuplicateValue on a unique clash (and keeps no event)."""

    @abc.abstractmethod
    def flush(self) -> None:
        """Write staged changes without committing, so new objects get their ids."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Drop every change not committed (a no-op after commit)."""
