"""What the database itself guarantees the volunteer loop: one answer per task and volunteer,
and a task row locked against a second writer until commit."""

import sqlite3

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import OperationalError

from adapters.sql import tables
from pybossa_core import errors

from .builders import a_project, a_task, a_task_run, a_user

IP = "anon-0123456789abcdef"
PG_LOCK_NOT_AVAILABLE = "55P03"
ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def task(uow):
    return a_task(uow, a_project(uow, a_user(uow)))


def test_a_second_answer_by_the_same_user_is_refused(uow, task):
    user = a_user(uow)
    a_task_run(uow, task, user)
    with pytest.raises(errors.DuplicateValue) as raised:
        a_task_run(uow, task, user)
    assert raised.value.target == "taskrun"
    assert raised.value.message == "A taskrun with this task_id and user_id already exists"


def test_a_second_answer_by_the_same_external_uid_is_refused(uow, task):
    a_task_run(uow, task, external_uid="ext-1", user_ip=None)
    with pytest.raises(errors.DuplicateValue):
        a_task_run(uow, task, external_uid="ext-1", user_ip="10.0.0.9")


def test_a_second_anonymous_answer_from_the_same_ip_is_refused(uow, task):
    a_task_run(uow, task, user_ip=IP)
    with pytest.raises(errors.DuplicateValue) as raised:
        a_task_run(uow, task, user_ip=IP)
    assert raised.value.message == "A taskrun with this task_id and user_ip already exists"


def test_different_volunteers_behind_one_ip_may_each_answer(uow, task):
    for user in (a_user(uow), a_user(uow)):
        a_task_run(uow, task, user, user_ip=IP)
    a_task_run(uow, task, external_uid="ext-1", user_ip=IP)
    a_task_run(uow, task, external_uid="ext-2", user_ip=IP)
    a_task_run(uow, task, user_ip=IP)
    with uow:
        assert len(uow.task_runs.for_task(task.id)) == 5


def test_the_same_volunteer_may_answer_other_tasks(uow, task):
    user, other = a_user(uow), a_task(uow, a_project(uow, a_user(uow)))
    for each in (task, other):
        a_task_run(uow, each, user)
        a_task_run(uow, each, user_ip=IP)
    with uow:
        assert len(uow.task_runs.for_task(other.id)) == 2


def test_get_for_update_returns_the_task_or_none(uow, task):
    with uow:
        assert uow.tasks.get_for_update(task.id).id == task.id
        assert uow.tasks.get_for_update(task.id + 1000) is None
        assert uow.tasks.get_for_update(2**40) is None


@ON_POSTGRESQL
def test_on_postgresql_a_locked_task_refuses_a_second_locker(uow, engine, task):
    with uow:
        uow.tasks.get_for_update(task.id)
        with uow:
            uow.session.execute(text("SET LOCAL lock_timeout = '50ms'"))
            with pytest.raises(OperationalError) as raised:
                uow.tasks.get_for_update(task.id)
        assert raised.value.orig.pgcode == PG_LOCK_NOT_AVAILABLE
    with uow:
        assert uow.tasks.get_for_update(task.id).id == task.id


@ON_POSTGRESQL
def test_on_postgresql_the_lock_is_held_until_the_transaction_ends(uow, engine, task):
    statement = text("SELECT id FROM task WHERE id = :id FOR UPDATE NOWAIT")
    with uow:
        uow.tasks.get_for_update(task.id)
        with engine.connect() as other, pytest.raises(OperationalError) as raised:
            other.execute(statement, {"id": task.id})
        assert raised.value.orig.pgcode == PG_LOCK_NOT_AVAILABLE
        uow.commit()
    with engine.connect() as other:
        assert other.execute(statement, {"id": task.id}).scalar() == task.id


@ON_POSTGRESQL
def test_on_postgresql_locking_refreshes_a_task_the_session_already_holds(uow, engine, task):
    with uow:
        loaded = uow.tasks.get(task.id)
        with engine.begin() as other:
            other.execute(
                update(tables.task).where(tables.task.c.id == task.id).values(n_task_runs=4)
            )
        locked = uow.tasks.get_for_update(task.id)
        assert locked is loaded and locked.n_task_runs == 4


@ON_SQLITE
def test_on_sqlite_reading_for_update_keeps_out_every_other_writer(uow, engine, task):
    with uow:
        uow.tasks.get_for_update(task.id)
        other = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
