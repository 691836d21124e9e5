"""SQL repositories: one per aggregate over a shared session; they flush, never commit."""
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, Table, and_, exists, func, inspect, not_, or_, select, update
from sqlalchemy.orm import Session

from adapters.sql import accuracy, contributors, integrity, listing, scheduling, showcase, tables
from pybossa_core import gold, ports
from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import COMPLETED, ONGOING, Result, Task
from pybossa_core.users import User
from pybossa_core.volunteers import Volunteer

T = TypeVar("T")

MAX_ID = 2**31 - 1


def possible_id(object_id: object) -> bool:
    """True for an int a row id can hold (a bool or an out-of-range number cannot)."""
    return isinstance(object_id, int) and not isinstance(object_id, bool) \
        and 0 < object_id <= MAX_ID


class SqlRepository(ports.Repository[T], Generic[T]):
    """get/add/delete/list for one mapped entity stored in one table."""

    entity_type: ClassVar[type]
    table: ClassVar[Table]
    child_key: ClassVar[str | None] = None
    """The column by which other tables' rows belong to this one (cascaded on delete)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, object_id: int) -> T | None:
        if not possible_id(object_id):
            return None
        with self._reading():
            return self.session.get(self.entity_type, object_id)

    def add(self, obj: T) -> None:
        self.session.add(obj)

    def delete(self, obj: T) -> None:
        """Delete the row; the database cascades to its dependents, which the session forgets."""
        self.session.delete(obj)
        with integrity.translated(self.session, self.entity_type.KIND):
            self.session.flush()
        self._forget_dependents(obj.id)

    def _first(self, statement: Select) -> Any:
        with self._reading():
            return self.session.scalars(statement.limit(1)).first()

    def _all(self, statement: Select) -> list[Any]:
        with self._reading():
            return list(self.session.scalars(statement))

    def _count(self, *where) -> int:
        statement = select(func.count()).select_from(self.table).where(*where)
        with self._reading():
            return self.session.scalar(statement)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """A read may autoflush pending changes; their integrity errors become domain errors."""
        with integrity.translated(self.session, self.entity_type.KIND):
            yield

    def _forget_dependents(self, object_id: int) -> None:
        if self.child_key is None:
            return
        for instance in list(self.session.identity_map.values()):
            if inspect(instance).dict.get(self.child_key) == object_id:
                self.session.expunge(instance)

    def list(self, query: ListQuery) -> list[Listed[T]]:
        with self._reading():
            return listing.list_objects(self.session, self.entity_type, self.table, query)


class SqlUserRepository(SqlRepository[User], ports.UserRepository):
    entity_type = User
    table = tables.user

    def get_by_api_key(self, api_key: str) -> User | None:
        return self._first(select(User).where(self.table.c.api_key == api_key))

    def get_by_name(self, name: str) -> User | None:
        return self._first(select(User).where(self.table.c.name == name))

    def get_by_email(self, email_addr: str) -> User | None:
        lowered = func.lower(self.table.c.email_addr) == email_addr.lower()
        return self._first(select(User).where(lowered).order_by(self.table.c.id))

    def count(self) -> int:
        return self._count()

    def page(self, offset: int, limit: int) -> list[ports.Contributor]:
        return self._contributors(contributors.by_name(offset, limit))

    def top_contributors(self, limit: int) -> list[ports.Contributor]:
        return self._contributors(contributors.best_first(limit))

    def contributor(self, user_id: int) -> ports.Contributor | None:
        if not possible_id(user_id):
            return None
        found = self._contributors(contributors.one(user_id))
        return found[0] if found else None

    def admins(self) -> list[User]:
        return self._all(select(User).where(self.table.c.admin.is_(True))
                         .order_by(self.table.c.id))

    def search(self, text: str, limit: int) -> list[User]:
        """A case-insensitive LIKE on three columns; `%` and `_` in `text` match themselves."""
        columns = (self.table.c.name, self.table.c.fullname, self.table.c.email_addr)
        matches = or_(*(func.lower(c).contains(text.lower(), autoescape=True)
                        for c in columns))
        return self._all(select(User).where(matches)
                         .order_by(self.table.c.name, self.table.c.id).limit(limit))

    def _contributors(self, statement: Select) -> list[ports.Contributor]:
        """Run a statement of (User, score, rank) rows (see adapters.sql.contributors)."""
        with self._reading():
            rows = self.session.execute(statement).all()
        return [ports.Contributor(user=user, score=score, rank=rank)
                for user, score, rank in rows]


class SqlCategoryRepository(SqlRepository[Category], ports.CategoryRepository):
    entity_type = Category
    table = tables.category

    def get_by_short_name(self, short_name: str) -> Category | None:
        return self._first(select(Category).where(self.table.c.short_name == short_name))

    def first(self) -> Category | None:
        return self._first(select(Category).order_by(self.table.c.id))

    def count_projects(self, category_id: int) -> int:
        projects = tables.project
        statement = select(func.count()).select_from(projects) \
            .where(projects.c.category_id == category_id)
        with self._reading():
            return self.session.scalar(statement)

    def all(self) -> list[Category]:
        return self._all(select(Category).order_by(self.table.c.id))

    def project_counts(self) -> dict[int, int]:
        projects = tables.project
        statement = select(projects.c.category_id, func.count()) \
            .group_by(projects.c.category_id)
        with self._reading():
            return dict(self.session.execute(statement).all())


class SqlProjectRepository(SqlRepository[Project], ports.ProjectRepository):
    entity_type = Project
    table = tables.project
    child_key = "project_id"

    def get_by_short_name(self, short_name: str) -> Project | None:
        return self._first(select(Project).where(self.table.c.short_name == short_name))

    def get_by_name(self, name: str) -> Project | None:
        return self._first(select(Project).where(self.table.c.name == name))

    def owned_by(self, user_id: int) -> list[Project]:
        return self._all(select(Project).where(self.table.c.owner_id == user_id)
                         .order_by(self.table.c.id))

    def contributed_by(self, user_id: int) -> list[Project]:
        """Published projects with a run by the user; EXISTS keeps each project once."""
        runs = tables.task_run
        answered = exists().where(runs.c.project_id == self.table.c.id,
                                  runs.c.user_id == user_id)
        return self._all(select(Project).where(self.table.c.published.is_(True), answered)
                         .order_by(self.table.c.id))

    def published_by_category(self, per_category: int) -> list[Project]:
        return self._all(showcase.published_by_category(per_category))

    def featured(self, limit: int) -> list[Project]:
        return self._all(showcase.featured(limit))

    def most_active(self, limit: int) -> list[Project]:
        return self._all(showcase.most_active(limit))


class SqlTaskRepository(SqlRepository[Task], ports.TaskRepository):
    entity_type = Task
    table = tables.task
    child_key = "task_id"

    def count_for_project(self, project_id: int) -> int:
        return self._count(self.table.c.project_id == project_id)

    def committed_runs(self, task_id: int) -> int:
        """A fresh SELECT of n_task_runs: the session's copy of the task may be older."""
        statement = select(self.table.c.n_task_runs).where(self.table.c.id == task_id)
        return self.session.scalar(statement) or 0

    def set_n_answers(self, project_id: int, n_answers: int) -> tuple[list[int], list[int]]:
        """Three UPDATEs (complete, reopen, the rest); the session forgets its stale copies."""
        c = self.table.c
        mine = c.project_id == project_id
        completed = self._update_ids(
            and_(mine, c.state == ONGOING, c.n_task_runs >= n_answers,
                 not_(tables.IS_GOLD_TASK)),
            state=COMPLETED, n_answers=n_answers)
        reopened = self._update_ids(
            and_(mine, c.state == COMPLETED, c.n_task_runs < n_answers),
            state=ONGOING, n_answers=n_answers)
        with self._reading():
            self.session.execute(update(self.table).where(mine, c.n_answers != n_answers)
                                 .values(n_answers=n_answers))
        self.session.expire_all()
        return completed, reopened

    def _update_ids(self, where, **values) -> list[int]:
        statement = update(self.table).where(where).values(**values) \
            .returning(self.table.c.id)
        with self._reading():
            return sorted(self.session.scalars(statement))

    def get_for_update(self, task_id: int) -> Task | None:
        """SELECT ... FOR UPDATE on PostgreSQL, refreshing a task the session already holds.

        On SQLite every transaction begins IMMEDIATE (see database.py): writers are already
        serialised, so a plain get suffices.
        """
        if self.session.get_bind().dialect.name != "postgresql":
            return self.get(task_id)
        if not possible_id(task_id):
            return None
        statement = select(Task).where(self.table.c.id == task_id).with_for_update() \
            .execution_options(populate_existing=True)
        return self._first(statement)

    def candidates(self, project_id: int, volunteer: Volunteer, order: str, limit: int,
                   offset: int = 0, gold: bool | None = None) -> list[Task]:
        return self._all(scheduling.candidates(project_id, volunteer, order, limit, offset,
                                               gold))


class SqlTaskRunRepository(SqlRepository[TaskRun], ports.TaskRunRepository):
    entity_type = TaskRun
    table = tables.task_run

    def for_task(self, task_id: int) -> list[TaskRun]:
        return self._all(select(TaskRun).where(self.table.c.task_id == task_id)
                         .order_by(self.table.c.id))

    def answered(self, task_id: int, volunteer: Volunteer) -> bool:
        with self._reading():
            return bool(self.session.scalar(
                select(scheduling.answered_by(volunteer, task_id))))

    def count_by(self, project_id: int, volunteer: Volunteer) -> int:
        return self._count(self.table.c.project_id == project_id,
                           scheduling.by_volunteer(volunteer))

    def by_user(self, user_id: int) -> list[TaskRun]:
        return self._all(select(TaskRun).where(self.table.c.user_id == user_id)
                         .order_by(self.table.c.id))

    def accuracy_of(self, project_id: int, volunteer: Volunteer) -> gold.Accuracy:
        with self._reading():
            row = self.session.execute(accuracy.of_volunteer(project_id, volunteer)).one()
        return accuracy.summary(*row)

    def accuracy_by_volunteer(self, project_id: int, limit: int,
                              offset: int = 0) -> list[gold.VolunteerAccuracy]:
        with self._reading():
            rows = self.session.execute(accuracy.by_volunteer(project_id, limit, offset)).all()
        return [gold.VolunteerAccuracy(user_id, external_uid, accuracy.summary(*sums))
                for user_id, external_uid, *sums in rows]


class SqlResultRepository(SqlRepository[Result], ports.ResultRepository):
    entity_type = Result
    table = tables.result

    def for_task(self, task_id: int) -> Result | None:
        current = self.table.c.last_version.is_(True)
        return self._first(select(Result).where(self.table.c.task_id == task_id, current)
                           .order_by(self.table.c.id.desc()))

    def current_for_project(self, project_id: int, after_id: int, limit: int) -> list[Result]:
        c = self.table.c
        return self._all(select(Result).where(c.project_id == project_id, c.id > after_id,
                                              c.last_version.is_(True))
                         .order_by(c.id).limit(limit))


class SqlHelpingMaterialRepository(SqlRepository[HelpingMaterial],
                                   ports.HelpingMaterialRepository):
    entity_type = HelpingMaterial
    table = tables.helping_material
