"""The SQL unit of work: transactions, cascading deletes, integrity errors, threads."""

import threading
import uuid

import pytest
from sqlalchemy import func, select

from adapters.sql import database, tables
from adapters.sql.unit_of_work import SqlUnitOfWork, SqlUnitsOfWork
from pybossa_core import errors
from pybossa_core.categories import Category
from pybossa_core.events import EventHandlers, WebhookQueued
from pybossa_core.projects import Project
from pybossa_core.queries import ListQuery
from pybossa_core.users import User
from pybossa_core.webhooks import WebhookDelivery

from . import builders
from .builders import (
    NOW,
    THINKING,
    a_category,
    a_helping_material,
    a_project,
    a_result,
    a_task,
    a_task_run,
    a_user,
)


def _count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _user(name: str, email: str) -> User:
    return User(name=name, fullname=name, email_addr=email, api_key=str(uuid.uuid4()), created=NOW)


def _project(owner_id: int, name: str, short_name: str, category_id: int = THINKING) -> Project:
    return Project(
        name=name,
        short_name=short_name,
        description="d",
        owner_id=owner_id,
        category_id=category_id,
        secret_key=str(uuid.uuid4()),
        created=NOW,
        updated=NOW,
    )


def test_leaving_the_block_without_commit_writes_nothing(uow, engine):
    with uow:
        uow.categories.add(Category(name="Lost", short_name="lost", created=NOW))
    assert _count(engine, tables.category) == 2


def test_objects_returned_from_a_block_stay_readable(uow):
    owner = a_user(uow)
    with uow:
        found = uow.users.get(owner.id)
    assert found.name == owner.name and found.info == {}


def test_deleting_a_project_removes_its_tasks_runs_results_and_materials(uow, engine):
    owner = a_user(uow)
    project, kept = a_project(uow, owner), a_project(uow, owner)
    for target in (project, kept):
        task = a_task(uow, target)
        a_result(uow, task, [a_task_run(uow, task, owner)])
        a_helping_material(uow, target)
    with uow:
        loaded = uow.tasks.list(ListQuery(filters={"project_id": project.id}))
        assert len(loaded) == 1  # a loaded child must not get in the way of the cascade
        uow.projects.delete(uow.projects.get(project.id))
        uow.commit()
    for table in (tables.task, tables.task_run, tables.result, tables.helping_material):
        assert _count(engine, table) == 1, table.name
    with uow:
        assert uow.projects.get(project.id) is None and uow.projects.get(kept.id) is not None


def test_deleting_a_task_removes_its_runs_and_result(uow, engine):
    owner = a_user(uow)
    task = a_task(uow, a_project(uow, owner))
    a_result(uow, task, [a_task_run(uow, task, owner)])
    with uow:
        uow.tasks.delete(uow.tasks.get(task.id))
        uow.commit()
    assert _count(engine, tables.task_run) == 0 and _count(engine, tables.result) == 0


def test_a_duplicate_short_name_raises_duplicate_value_and_writes_nothing(uow, engine):
    owner = a_user(uow)
    a_project(uow, owner, short_name="birds")
    with uow:
        uow.categories.add(Category(name="New", short_name="new", created=NOW))
        uow.projects.add(_project(owner.id, "Other name", "birds"))
        with pytest.raises(errors.DuplicateValue) as raised:
            uow.commit()
    assert raised.value.message == "A project with this short_name already exists"
    assert raised.value.target == "project"
    assert _count(engine, tables.project) == 1 and _count(engine, tables.category) == 2


def test_a_duplicate_email_names_the_field_without_sql(uow):
    a_user(uow, name="ada", email_addr="ada@example.com")
    with uow:
        uow.users.add(_user("other", "ada@example.com"))
        with pytest.raises(errors.DuplicateValue) as raised:
            uow.commit()
    assert "email_addr" in raised.value.message
    assert "INSERT" not in raised.value.message and raised.value.target == "user"


def test_a_duplicate_found_while_reading_is_a_duplicate_value_too(uow):
    a_user(uow, name="ada")
    with uow:
        uow.users.add(_user("ada", "other@example.com"))
        with pytest.raises(errors.DuplicateValue):
            uow.users.get_by_email("someone@example.com")


def test_the_unit_of_work_is_usable_after_a_failed_commit(uow):
    a_category(uow, short_name="taken")
    with uow:
        uow.categories.add(Category(name="Again", short_name="taken", created=NOW))
        with pytest.raises(errors.DuplicateValue):
            uow.commit()
        uow.categories.add(Category(name="Free", short_name="free", created=NOW))
        uow.commit()
    with uow:
        assert uow.categories.get_by_short_name("free") is not None


def test_a_category_with_projects_cannot_be_deleted(uow, engine):
    a_project(uow, a_user(uow))
    with uow, pytest.raises(errors.Conflict):
        uow.categories.delete(uow.categories.get(THINKING))
        uow.commit()
    assert _count(engine, tables.category) == 2


def test_a_project_in_a_missing_category_is_a_conflict(uow, engine):
    owner = a_user(uow)
    with uow:
        uow.projects.add(_project(owner.id, "Lost", "lost", category_id=999))
        with pytest.raises(errors.Conflict) as raised:
            uow.commit()
    assert not isinstance(raised.value, errors.DuplicateValue)
    assert _count(engine, tables.project) == 0


def test_an_empty_category_can_be_deleted(uow, engine):
    category = a_category(uow)
    with uow:
        uow.categories.delete(uow.categories.get(category.id))
        uow.commit()
    assert _count(engine, tables.category) == 2


def test_using_the_repositories_outside_a_block_is_an_error(uow):
    with pytest.raises(RuntimeError):
        uow.projects.get(1)


def test_each_threads_operation_gets_its_own_unit_of_work_and_session(engine):
    units = SqlUnitsOfWork(database.session_factory(engine))
    barrier, failures, sessions = threading.Barrier(4), [], set()

    def work(n: int) -> None:
        try:
            with units() as uow:
                barrier.wait(timeout=10)
                sessions.add(id(uow.session))
                uow.categories.add(Category(name=f"T{n}", short_name=f"t{n}", created=NOW))
                uow.commit()
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == [] and len(sessions) == 4
    assert _count(engine, tables.category) == 6


def _a_delivery(uow, project_id: int) -> WebhookDelivery:
    delivery = WebhookDelivery(
        project_id=project_id, event="task_completed", payload={}, created=NOW, updated=NOW
    )
    uow.webhooks.add(delivery)
    uow.flush()
    delivery.queue()
    return delivery


def _recording(engine) -> tuple[SqlUnitOfWork, Project, list[object]]:
    """A unit of work whose WebhookQueued events land in the list, and a project."""
    handled: list[object] = []
    units = SqlUnitsOfWork(
        database.session_factory(engine),
        event_handlers=EventHandlers({WebhookQueued: [handled.append]}),
    )
    uow = units()
    return uow, builders.a_project(uow, builders.a_user(uow)), handled


def test_the_events_of_a_commit_are_handed_over_once_its_block_ends(engine):
    uow, project, handled = _recording(engine)
    with uow:
        delivery = _a_delivery(uow, project.id)
        uow.commit()
        assert handled == []  # the session is still open
    assert handled == [WebhookQueued(delivery.id)]


def test_a_rolled_back_change_hands_over_no_event(engine):
    uow, project, handled = _recording(engine)
    with uow:
        _a_delivery(uow, project.id)
    with uow:
        uow.commit()
    assert handled == []
