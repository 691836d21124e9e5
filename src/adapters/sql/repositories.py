"""SQL repositories: the common ground and users, categories, projects, helping materials
(tasks, task runs and results: task_repositories.py); they flush, never commit."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, Table, exists, func, inspect, or_, select
from sqlalchemy.orm import Session

from adapters.project_cache import ProjectCache
from adapters.sql import contributors, integrity, listing, orm, showcase, tables, tracking
from pybossa_core import ports
from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.users import User

T = TypeVar("T")

MAX_ID = 2**31 - 1
COOWNER_IDS = "coowner_ids"  # a cached project row's extra key: its co-owners' ids


def possible_id(object_id: object) -> bool:
    """True for an int a row id can hold (a bool or an out-of-range number cannot)."""
    return (
        isinstance(object_id, int) and not isinstance(object_id, bool) and 0 < object_id <= MAX_ID
    )


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
        tracking.track(self.session, obj)

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

    def by_ids(self, user_ids: list[int]) -> dict[int, User]:
        wanted = sorted({i for i in user_ids if possible_id(i)})
        if not wanted:
            return {}
        return {u.id: u for u in self._all(select(User).where(self.table.c.id.in_(wanted)))}

    def get_by_api_key(self, api_key: str) -> User | None:
        return self._first(select(User).where(self.table.c.api_key == api_key))

    def get_by_name(self, name: str) -> User | None:
        return self._first(select(User).where(self.table.c.name == name))

    def get_by_name_ignoring_case(self, name: str) -> User | None:
        # lower(name) = lower(:name) is what the unique index ux_user_name_lower serves.
        folded = func.lower(self.table.c.name) == func.lower(name)
        return self._first(select(User).where(folded).order_by(self.table.c.id))

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

    def ranking_window(self, user_id: int, around: int) -> list[ports.Contributor]:
        if not possible_id(user_id):
            return []
        return self._contributors(contributors.around(user_id, around))

    def admins(self) -> list[User]:
        return self._all(select(User).where(self.table.c.admin.is_(True)).order_by(self.table.c.id))

    def search(self, text: str, limit: int, *, by_email: bool = True) -> list[User]:
        """A case-insensitive LIKE on the names (and the e-mail address, `by_email`); `%` and
        `_` in `text` match themselves."""
        columns = (self.table.c.name, self.table.c.fullname)
        columns += (self.table.c.email_addr,) if by_email else ()
        matches = or_(*(func.lower(c).contains(text.lower(), autoescape=True) for c in columns))
        return self._all(
            select(User).where(matches).order_by(self.table.c.name, self.table.c.id).limit(limit)
        )

    def _contributors(self, statement: Select) -> list[ports.Contributor]:
        """Run a statement of (User, score, rank) rows (see adapters.sql.contributors)."""
        with self._reading():
            rows = self.session.execute(statement).all()
        return [ports.Contributor(user=user, score=score, rank=rank) for user, score, rank in rows]


class SqlCategoryRepository(SqlRepository[Category], ports.CategoryRepository):
    entity_type = Category
    table = tables.category

    def get_by_short_name(self, short_name: str) -> Category | None:
        return self._first(select(Category).where(self.table.c.short_name == short_name))

    def first(self) -> Category | None:
        return self._first(select(Category).order_by(self.table.c.id))

    def count_projects(self, category_id: int) -> int:
        projects = tables.project
        statement = (
            select(func.count()).select_from(projects).where(projects.c.category_id == category_id)
        )
        with self._reading():
            return self.session.scalar(statement)

    def all(self) -> list[Category]:
        return self._all(select(Category).order_by(self.table.c.id))

    def project_counts(self) -> dict[int, int]:
        projects = tables.project
        statement = select(projects.c.category_id, func.count()).group_by(projects.c.category_id)
        with self._reading():
            return dict(self.session.execute(statement).all())


class SqlProjectRepository(SqlRepository[Project], ports.ProjectRepository):
    entity_type = Project
    table = tables.project
    child_key = "project_id"

    def __init__(self, session: Session, cache: ProjectCache) -> None:
        super().__init__(session)
        self.cache = cache

    def snapshot(self, project_id: int) -> Project | None:
        """From the process's cache when it holds the row (with the co-owners' ids), else
        two SELECTs without the ORM; the session does not track the project, so changes to
        it are never stored."""
        if not possible_id(project_id):
            return None
        row, generation = self.cache.lookup(project_id)
        if row is None:
            statement = select(self.table).where(self.table.c.id == project_id)
            with self._reading():
                found = self.session.connection().execute(statement).mappings().first()
                if found is None:
                    return None
                coowners = orm.coowners_of(self.session, [project_id]).get(project_id, [])
            row = {**found, COOWNER_IDS: tuple(coowners)}
            self.cache.store(project_id, row, generation)
        fields = {name: value for name, value in row.items() if name != COOWNER_IDS}
        return orm.project_from_row(fields, row[COOWNER_IDS])

    def get_by_short_name(self, short_name: str) -> Project | None:
        return self._first(select(Project).where(self.table.c.short_name == short_name))

    def get_by_name(self, name: str) -> Project | None:
        return self._first(select(Project).where(self.table.c.name == name))

    def owned_by(self, user_id: int) -> list[Project]:
        """Owned and co-owned, as PYBOSSA's "my projects" lists them."""
        return self._all(
            select(Project)
            .where(listing.owned_projects(self.table, user_id))
            .order_by(self.table.c.id)
        )

    def contributed_by(self, user_id: int) -> list[Project]:
        return self._all(
            select(Project).where(*self._contributed(user_id)).order_by(self.table.c.id)
        )

    def contributed_page(self, user_id: int, offset: int, limit: int) -> list[Project]:
        statement = select(Project).where(*self._contributed(user_id))
        return self._all(
            statement.order_by(self.table.c.name, self.table.c.id).offset(offset).limit(limit)
        )

    def count_contributed(self, user_id: int) -> int:
        return self._count(*self._contributed(user_id))

    def count_listed(self, query: ListQuery) -> int:
        where = listing.conditions(self.table, "project", Project.FILTERS, query)
        return self._count(*where)

    def _contributed(self, user_id: int) -> tuple:
        """Published and answered by the user; EXISTS keeps each project once."""
        runs = tables.task_run
        answered = exists().where(runs.c.project_id == self.table.c.id, runs.c.user_id == user_id)
        return self.table.c.published.is_(True), answered

    def published_by_category(self, per_category: int) -> list[Project]:
        return self._all(showcase.published_by_category(per_category))

    def featured(self, limit: int) -> list[Project]:
        return self._all(showcase.featured(limit))

    def most_active(self, limit: int) -> list[Project]:
        return self._all(showcase.most_active(limit))


class SqlHelpingMaterialRepository(SqlRepository[HelpingMaterial], ports.HelpingMaterialRepository):
    entity_type = HelpingMaterial
    table = tables.helping_material
