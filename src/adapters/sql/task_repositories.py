"""SQL repositories of the volunteer loop's aggregates: tasks, task runs and results."""

from collections.abc import Sequence

from sqlalchemy import and_, bindparam, delete, insert, select, update

from adapters.sql import accuracy, orm, scheduling, tables, task_states, tracking
from adapters.sql.repositories import SqlRepository, possible_id
from pybossa_core import gold, ports
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import NewRedundancy, Result, Task
from pybossa_core.volunteers import Volunteer

# The answer's statements, built once: a task by id (on PostgreSQL locked, and announced as
# being answered: see scheduling.py), a run inserted, a task's count and state stored.
_TASK_BY_ID = select(tables.task).where(tables.task.c.id == bindparam("task_id"))
_TASK_BY_ID_LOCKED = _TASK_BY_ID.add_columns(
    scheduling.announcing_answer(tables.task.c.id).label("announced")
).with_for_update(of=tables.task)
_TASK_KEYS = tuple(column.key for column in tables.task.columns)
_INSERT_RUN = insert(tables.task_run)
_RUN_COLUMNS = tuple(column.name for column in tables.task_run.columns if column.name != "id")
_STORE_COUNT = (
    update(tables.task)
    .where(tables.task.c.id == bindparam("task_id"))
    .values(n_task_runs=bindparam("new_count"), state=bindparam("new_state"))
)


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

    def set_n_answers(self, project_id: int, change: NewRedundancy) -> dict[str, list[int]]:
        """One UPDATE per state the change ends tasks in (of the tasks not yet in it), one
        for the n_answers of the rest; the session forgets its stale copies."""
        c = self.table.c
        mine = c.project_id == project_id
        moved = {}
        for state, standings in change.standings_by_state().items():
            ending_in_it = task_states.of_standings(standings, change.n_answers)
            ids = self._update_ids(
                and_(mine, c.state != state, ending_in_it), state=state, n_answers=change.n_answers
            )
            if ids:
                moved[state] = ids
        with self._reading():
            self.session.execute(
                update(self.table)
                .where(mine, c.n_answers != change.n_answers)
                .values(n_answers=change.n_answers)
            )
        self.session.expire_all()
        return moved

    def set_priority(self, project_id: int, task_ids: Sequence[int], priority_0: float) -> int:
        c = self.table.c
        statement = (
            update(self.table)
            .where(c.project_id == project_id, c.id.in_(list(task_ids)))
            .values(priority_0=priority_0)
        )
        with self._reading():
            changed = self.session.execute(statement).rowcount
        self.session.expire_all()
        return changed

    def delete_for_project(self, project_id: int) -> int:
        """A DELETE by project id of its results, then of its task runs, then of its tasks
        (each walks its table's project_id index, rather than the foreign keys' cascade
        looking each task's runs up); the session forgets its copies of all three."""
        with self._reading():
            for dependent in (tables.result, tables.task_run):
                self.session.execute(delete(dependent).where(dependent.c.project_id == project_id))
            deleted = self.session.execute(
                delete(self.table).where(self.table.c.project_id == project_id)
            ).rowcount
        for instance in list(self.session.identity_map.values()):
            if isinstance(instance, Task | TaskRun | Result) and instance.project_id == project_id:
                self.session.expunge(instance)
        return deleted

    def _update_ids(self, where, **values) -> list[int]:
        statement = update(self.table).where(where).values(**values).returning(self.table.c.id)
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
        statement = (
            select(Task)
            .where(self.table.c.id == task_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self._first(statement)

    def lock_for_answer(self, task_id: int) -> Task | None:
        """One SELECT (FOR UPDATE on PostgreSQL; SQLite's writers are already serialised,
        see database.py) turned into a task without the ORM."""
        if not possible_id(task_id):
            return None
        connection = self.session.connection()
        locked = connection.dialect.name == "postgresql"
        with self._reading():
            row = (
                connection.execute(
                    _TASK_BY_ID_LOCKED if locked else _TASK_BY_ID, {"task_id": task_id}
                )
                .mappings()
                .first()
            )
        if row is None:
            return None
        return orm.from_row(Task, {key: row[key] for key in _TASK_KEYS})

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
        """Rows of one prepared statement turned into tasks without the ORM (newtask's
        hot path); the tasks are for reading, the session does not track them. Only
        PostgreSQL tells which tasks are being answered: SQLite ignores `spread`."""
        connection = self.session.connection()
        if spread and connection.dialect.name == "postgresql":
            statement = scheduling.spread_candidate_statement(order, volunteer.kind, gold)
        else:
            statement = scheduling.candidate_statement(order, volunteer.kind, gold)
        params = scheduling.candidate_params(project_id, volunteer, limit, offset)
        with self._reading():
            rows = connection.execute(statement, params).mappings()
            return [orm.from_row(Task, row) for row in rows]


class SqlTaskRunRepository(SqlRepository[TaskRun], ports.TaskRunRepository):
    entity_type = TaskRun
    table = tables.task_run

    def for_task(self, task_id: int) -> list[TaskRun]:
        return self._all(
            select(TaskRun).where(self.table.c.task_id == task_id).order_by(self.table.c.id)
        )

    def record_answer(self, run: TaskRun, task: Task) -> None:
        """An INSERT and an UPDATE, without the ORM's flush (the POST's hot path)."""
        values = {name: getattr(run, name) for name in _RUN_COLUMNS}
        with self._reading():
            connection = self.session.connection()
            run.id = connection.execute(_INSERT_RUN, values).inserted_primary_key[0]
            connection.execute(
                _STORE_COUNT,
                {"task_id": task.id, "new_count": task.n_task_runs, "new_state": task.state},
            )
        tracking.track(self.session, run)

    def answered(self, task_id: int, volunteer: Volunteer) -> bool:
        with self._reading():
            return bool(self.session.scalar(select(scheduling.answered_by(volunteer, task_id))))

    def count_by(self, project_id: int, volunteer: Volunteer) -> int:
        return self._count(
            self.table.c.project_id == project_id, scheduling.by_volunteer(volunteer)
        )

    def by_user(self, user_id: int) -> list[TaskRun]:
        return self._all(
            select(TaskRun).where(self.table.c.user_id == user_id).order_by(self.table.c.id)
        )

    def accuracy_of(self, project_id: int, volunteer: Volunteer) -> gold.Accuracy:
        with self._reading():
            row = self.session.execute(accuracy.of_volunteer(project_id, volunteer)).one()
        return accuracy.summary(*row)

    def accuracy_by_volunteer(
        self, project_id: int, limit: int, offset: int = 0
    ) -> list[gold.VolunteerAccuracy]:
        with self._reading():
            rows = self.session.execute(accuracy.by_volunteer(project_id, limit, offset)).all()
        return [
            gold.VolunteerAccuracy(user_id, external_uid, accuracy.summary(*sums))
            for user_id, external_uid, *sums in rows
        ]


class SqlResultRepository(SqlRepository[Result], ports.ResultRepository):
    entity_type = Result
    table = tables.result

    def for_task(self, task_id: int) -> Result | None:
        current = self.table.c.last_version.is_(True)
        return self._first(
            select(Result)
            .where(self.table.c.task_id == task_id, current)
            .order_by(self.table.c.id.desc())
        )

    def current_for_project(self, project_id: int, after_id: int, limit: int) -> list[Result]:
        c = self.table.c
        return self._all(
            select(Result)
            .where(c.project_id == project_id, c.id > after_id, c.last_version.is_(True))
            .order_by(c.id)
            .limit(limit)
        )

    def count_for_project(self, project_id: int) -> int:
        c = self.table.c
        return self._count(c.project_id == project_id, c.last_version.is_(True))
