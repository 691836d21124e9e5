"""Spread candidates: a task whose answer is being recorded is served after the others."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from adapters.sql import database, scheduling
from adapters.sql.task_repositories import SqlTaskRepository
from pybossa_core import ports
from pybossa_core.volunteers import Volunteer

from .builders import a_project, a_task, a_user

ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
NEWCOMER = Volunteer(external_uid="newcomer")


@pytest.fixture
def project(uow):
    return a_project(uow, a_user(uow))


@pytest.fixture
def tasks(uow, project):
    return [a_task(uow, project) for _ in range(4)]


@contextmanager
def answering(engine, task_id):
    """A transaction recording an answer to the task, open until the block ends."""
    session = database.session_factory(engine)()
    try:
        session.execute(text("SET LOCAL lock_timeout = '2s'"))
        assert SqlTaskRepository(session).lock_for_answer(task_id).id == task_id
        yield session
    finally:
        session.rollback()
        session.close()


def spread_ids(reading_engine, project, limit, spread=True):
    """The candidates newtask reads, as it reads them (a reading session)."""
    with database.read_session_factory(reading_engine)() as session:
        found = SqlTaskRepository(session).candidates(
            project.id, NEWCOMER, ports.BY_PRIORITY, limit, spread=spread
        )
        return [task.id for task in found]


def test_with_no_answer_in_progress_spread_candidates_keep_the_order(
    reading_engine, project, tasks
):
    assert spread_ids(reading_engine, project, 3) == [t.id for t in tasks[:3]]
    assert spread_ids(reading_engine, project, 10) == [t.id for t in tasks]


@ON_POSTGRESQL
def test_a_task_being_answered_comes_after_the_others(engine, reading_engine, project, tasks):
    first, *rest = tasks
    with answering(engine, first.id):
        assert spread_ids(reading_engine, project, 1) == [rest[0].id]
        assert spread_ids(reading_engine, project, 4) == [t.id for t in rest] + [first.id]
        assert spread_ids(reading_engine, project, 1, spread=False) == [first.id]


@ON_POSTGRESQL
def test_two_answers_in_progress_send_the_next_volunteer_to_the_third_task(
    engine, reading_engine, project, tasks
):
    with answering(engine, tasks[0].id), answering(engine, tasks[1].id):
        assert spread_ids(reading_engine, project, 1) == [tasks[2].id]


@ON_POSTGRESQL
def test_the_task_being_answered_is_still_served_when_nothing_else_is_left(
    uow, engine, reading_engine, project
):
    only = a_task(uow, project)
    with answering(engine, only.id):
        assert spread_ids(reading_engine, project, 1) == [only.id]


@ON_POSTGRESQL
def test_once_the_answer_ends_its_task_comes_first_again(engine, reading_engine, project, tasks):
    with answering(engine, tasks[0].id):
        pass
    assert spread_ids(reading_engine, project, 1) == [tasks[0].id]


@ON_POSTGRESQL
def test_an_answer_never_waits_for_a_reader_of_its_task(engine, project, tasks):
    """A reader in a transaction keeps its look at the task until it ends; an answer
    (under a 2 s lock_timeout) goes ahead all the same."""
    with database.session_factory(engine)() as reader:
        found = SqlTaskRepository(reader).candidates(
            project.id, NEWCOMER, ports.BY_PRIORITY, 1, spread=True
        )
        assert [t.id for t in found] == [tasks[0].id]
        with answering(engine, tasks[0].id):
            pass


@ON_POSTGRESQL
def test_on_postgresql_the_spread_query_reads_a_bounded_window_through_the_index(engine):
    statement = scheduling.spread_candidate_statement(ports.BY_PRIORITY, "external_uid")
    compiled = statement.compile(engine)
    params = scheduling.candidate_params(1, NEWCOMER, 1, 0)
    with engine.connect() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = (
            connection.exec_driver_sql("EXPLAIN " + str(compiled), {**compiled.params, **params})
            .scalars()
            .all()
        )
    assert any(
        re.search("Index Scan using ix_task_candidates_by_priority on task", line) for line in plan
    ), plan
    assert sum("Limit" in line for line in plan) == 2, plan
