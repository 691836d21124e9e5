"""SqlExportReader on SQLite and PostgreSQL: rows stream in batches, connections come back,
a long export outlives the statement timeout, and `info`'s shape is read for CSV headers."""

import pytest
from sqlalchemy import text

from adapters.sql import database, tables
from adapters.sql.exports import SqlExportReader
from pybossa_core.ports.exports import EXPORT_FIELDS, InfoLayout

from .builders import LATER, NOW, a_project, a_task, a_task_run, a_user

N_RUNS = 2500
BATCH = 100
ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def _bulk_runs(engine, task, count: int, start: int = 0) -> None:
    """`count` anonymous answers to `task` (one per address), in one INSERT."""
    rows = [
        {
            "created": NOW,
            "finish_time": LATER,
            "project_id": task.project_id,
            "task_id": task.id,
            "user_ip": f"anon-{start + n}",
            "info": {"answer": n},
        }
        for n in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(tables.task_run.insert(), rows)


@pytest.fixture
def project_with_runs(uow, engine):
    owner = a_user(uow)
    project, elsewhere = a_project(uow, owner), a_project(uow, owner)
    task = a_task(uow, project, n_answers=N_RUNS + 10)
    _bulk_runs(engine, task, N_RUNS)
    _bulk_runs(engine, a_task(uow, elsewhere), 50, start=N_RUNS)
    return project, task


def _postgresql(engine) -> bool:
    return engine.dialect.name == "postgresql"


def test_a_stream_reads_every_row_of_the_project_in_id_order(engine, project_with_runs):
    project, _ = project_with_runs
    rows = list(SqlExportReader(engine, batch_rows=BATCH).rows("taskrun", project.id))
    assert len(rows) == N_RUNS
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    assert {row["project_id"] for row in rows} == {project.id}
    assert tuple(rows[0]) == EXPORT_FIELDS["taskrun"]
    assert rows[0]["created"] == NOW and rows[7]["info"] == {"answer": 7}
    assert engine.pool.checkedout() == 0


def test_closing_a_stream_part_way_gives_its_connection_back(engine, project_with_runs):
    project, _ = project_with_runs
    rows = SqlExportReader(engine, batch_rows=BATCH).rows("taskrun", project.id)
    assert engine.pool.checkedout() == 0  # nothing is read before the first row is asked
    read = [next(rows) for _ in range(BATCH * 2 + 50)]
    # PostgreSQL keeps its cursor's connection; SQLite holds one only during a batch.
    assert engine.pool.checkedout() == (1 if _postgresql(engine) else 0)
    rows.close()
    assert engine.pool.checkedout() == 0
    assert len({row["id"] for row in read}) == BATCH * 2 + 50


def test_a_half_read_export_does_not_hold_back_writers(engine, uow, project_with_runs):
    project, task = project_with_runs
    rows = SqlExportReader(engine, batch_rows=BATCH).rows("taskrun", project.id)
    next(rows)
    a_task_run(uow, task, user_ip="written-meanwhile")  # SQLite: no write lock is held
    assert sum(1 for _ in rows) >= N_RUNS - 1


@ON_POSTGRESQL
def test_postgresql_fetches_from_a_server_side_cursor(engine, project_with_runs):
    project, _ = project_with_runs
    rows = SqlExportReader(engine, batch_rows=BATCH).rows("taskrun", project.id)
    next(rows), next(rows)  # SQLAlchemy fetches one row first, then batches of yield_per
    with engine.connect() as observer:
        queries = observer.scalars(
            text(
                "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
        ).all()
    rows.close()
    assert any(q.startswith("FETCH FORWARD 100 FROM") for q in queries), queries


@ON_POSTGRESQL
def test_the_statement_timeout_bounds_each_fetch_not_the_whole_export(
    database_url, project_with_runs
):
    project, _ = project_with_runs
    engine = database.create_engine_for(database_url, statement_timeout_ms=200)
    try:
        rows = SqlExportReader(engine, batch_rows=BATCH).rows("taskrun", project.id)
        first = next(rows)
        # A statement of the same engine outlasting the timeout is cancelled: more than the
        # timeout has now passed since the export's cursor was declared...
        with pytest.raises(Exception, match="statement timeout"), engine.connect() as other:
            other.execute(text("SELECT pg_sleep(1)"))
        # ... and the export's later FETCHes still run, each well under it.
        assert 1 + sum(1 for _ in rows) == N_RUNS and first["id"]
    finally:
        engine.dispose()


def test_info_layout_lists_the_sorted_top_level_keys_and_other_values(engine, uow):
    owner = a_user(uow)
    mixed, objects_only = a_project(uow, owner), a_project(uow, owner)
    task = a_task(uow, mixed)
    for n, info in enumerate(({"b": 1, "a": {"x": 1}}, {"c": [1]}, "text", None, [1, 2])):
        a_task_run(uow, task, user_ip=f"ip-{n}", info=info)
    a_task(uow, objects_only, info={"z": 1})
    a_task(uow, objects_only, info={})
    reader = SqlExportReader(engine)
    assert reader.info_layout("taskrun", mixed.id) == InfoLayout(("a", "b", "c"), True)
    assert reader.info_layout("task", objects_only.id) == InfoLayout(("z",), False)
    assert reader.info_layout("result", mixed.id) == InfoLayout((), False)
    assert engine.pool.checkedout() == 0


@ON_POSTGRESQL
def test_the_cursor_plans_read_in_id_order_without_sorting(engine, project_with_runs):
    """A Sort would read the whole project before the first FETCH answers."""
    project, task = project_with_runs
    results = [
        {
            "created": LATER,
            "project_id": project.id,
            "task_id": task.id,
            "task_run_ids": [],
            "last_version": True,
        }
        for _ in range(N_RUNS)
    ]
    with engine.begin() as connection:
        connection.execute(tables.result.insert(), results)
    reader = SqlExportReader(engine)
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        for kind in ("task", "taskrun", "result"):
            statement = reader.statement(kind, project.id).compile(
                dialect=engine.dialect, compile_kwargs={"literal_binds": True}
            )
            plan = connection.scalars(text(f"EXPLAIN DECLARE c CURSOR FOR {statement}")).all()
            assert not any("Sort" in line for line in plan), plan
