"""Candidate queries, a volunteer's answers and runs, on SQLite and PostgreSQL."""

import re

import pytest

from adapters.sql import scheduling
from pybossa_core import ports
from pybossa_core.tasks import COMPLETED
from pybossa_core.volunteers import Volunteer

from .builders import a_project, a_task, a_task_run, a_user

IP = "10.0.0.1"
ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def project(uow):
    return a_project(uow, a_user(uow))


def candidate_ids(uow, project, volunteer, order=ports.BY_PRIORITY, limit=10, offset=0):
    with uow:
        return [t.id for t in uow.tasks.candidates(project.id, volunteer, order, limit, offset)]


def test_by_priority_the_highest_priority_comes_first_then_the_lowest_id(uow, project):
    low = a_task(uow, project, priority_0=0.1)
    high = a_task(uow, project, priority_0=0.9)
    tie_first, tie_second = (a_task(uow, project, priority_0=0.5) for _ in range(2))
    assert candidate_ids(uow, project, Volunteer(user_id=1)) == [
        high.id,
        tie_first.id,
        tie_second.id,
        low.id,
    ]


def test_by_fewest_runs_the_least_answered_comes_first_then_priority_then_id(uow, project):
    busy = a_task(uow, project, n_task_runs=3, priority_0=1.0)
    idle_low = a_task(uow, project, n_task_runs=0, priority_0=0.2)
    idle_high = a_task(uow, project, n_task_runs=0, priority_0=0.8)
    idle_tie = a_task(uow, project, n_task_runs=0, priority_0=0.8)
    one = a_task(uow, project, n_task_runs=1)
    assert candidate_ids(uow, project, Volunteer(user_id=1), ports.BY_FEWEST_RUNS) == [
        idle_high.id,
        idle_tie.id,
        idle_low.id,
        one.id,
        busy.id,
    ]


def test_by_most_runs_the_most_answered_comes_first_then_priority_then_id(uow, project):
    idle = a_task(uow, project, n_task_runs=0, priority_0=1.0)
    busy_low = a_task(uow, project, n_task_runs=3, priority_0=0.1)
    busy_high = a_task(uow, project, n_task_runs=3, priority_0=0.9)
    busy_tie = a_task(uow, project, n_task_runs=3, priority_0=0.9)
    one = a_task(uow, project, n_task_runs=1)
    assert candidate_ids(uow, project, Volunteer(user_id=1), ports.BY_MOST_RUNS) == [
        busy_high.id,
        busy_tie.id,
        busy_low.id,
        one.id,
        idle.id,
    ]


def test_limit_and_offset_page_through_the_candidates(uow, project):
    tasks = [a_task(uow, project) for _ in range(5)]
    volunteer = Volunteer(user_id=1)
    assert candidate_ids(uow, project, volunteer, limit=2) == [t.id for t in tasks[:2]]
    assert candidate_ids(uow, project, volunteer, limit=2, offset=2) == [t.id for t in tasks[2:4]]
    assert candidate_ids(uow, project, volunteer, limit=10, offset=5) == []


def test_only_the_projects_ongoing_tasks_are_candidates(uow, project):
    other = a_project(uow, a_user(uow))
    ongoing = a_task(uow, project)
    a_task(uow, project, state=COMPLETED, priority_0=1.0)
    a_task(uow, other, priority_0=1.0)
    assert candidate_ids(uow, project, Volunteer(user_id=1)) == [ongoing.id]


def test_a_users_answered_tasks_are_not_candidates_for_them_but_are_for_others(uow, project):
    user, other = a_user(uow), a_user(uow)
    answered, fresh = a_task(uow, project, priority_0=1.0), a_task(uow, project)
    a_task_run(uow, answered, user)
    assert candidate_ids(uow, project, Volunteer(user_id=user.id)) == [fresh.id]
    assert candidate_ids(uow, project, Volunteer(user_id=other.id)) == [answered.id, fresh.id]


def test_an_external_uids_answered_tasks_are_not_candidates_for_it(uow, project):
    answered, fresh = a_task(uow, project, priority_0=1.0), a_task(uow, project)
    a_task_run(uow, answered, external_uid="ext-1", user_ip=IP)
    assert candidate_ids(uow, project, Volunteer(external_uid="ext-1")) == [fresh.id]
    assert candidate_ids(uow, project, Volunteer(external_uid="ext-2")) == [answered.id, fresh.id]


def test_an_anonymous_ip_is_matched_only_by_anonymous_runs(uow, project):
    by_user, by_external, by_visitor = (a_task(uow, project) for _ in range(3))
    a_task_run(uow, by_user, a_user(uow), user_ip=IP)
    a_task_run(uow, by_external, external_uid="ext-1", user_ip=IP)
    a_task_run(uow, by_visitor, user_ip=IP)
    assert candidate_ids(uow, project, Volunteer(user_ip=IP)) == [by_user.id, by_external.id]
    assert candidate_ids(uow, project, Volunteer(user_ip="10.0.0.2")) == [
        by_user.id,
        by_external.id,
        by_visitor.id,
    ]


def test_an_unknown_order_is_a_programming_error(uow, project):
    with uow, pytest.raises(ValueError, match="unknown candidate order"):
        uow.tasks.candidates(project.id, Volunteer(user_id=1), "random", 10)


def test_answered_tells_whether_the_volunteer_has_a_run_for_the_task(uow, project):
    user = a_user(uow)
    task, other_task = a_task(uow, project), a_task(uow, project)
    a_task_run(uow, task, user, user_ip=IP)
    a_task_run(uow, other_task, external_uid="ext-1", user_ip=IP)
    with uow:
        assert uow.task_runs.answered(task.id, Volunteer(user_id=user.id))
        assert not uow.task_runs.answered(other_task.id, Volunteer(user_id=user.id))
        assert uow.task_runs.answered(other_task.id, Volunteer(external_uid="ext-1"))
        assert not uow.task_runs.answered(task.id, Volunteer(user_ip=IP))
        assert not uow.task_runs.answered(other_task.id, Volunteer(user_ip=IP))


def test_count_by_counts_the_volunteers_runs_in_the_project_only(uow, project):
    user, other_project = a_user(uow), a_project(uow, a_user(uow))
    for task in (a_task(uow, project), a_task(uow, project), a_task(uow, other_project)):
        a_task_run(uow, task, user, user_ip=IP)
        a_task_run(uow, task, user_ip=IP)
    a_task_run(uow, a_task(uow, project), external_uid="ext-1", user_ip=IP)
    with uow:
        assert uow.task_runs.count_by(project.id, Volunteer(user_id=user.id)) == 2
        assert uow.task_runs.count_by(project.id, Volunteer(user_ip=IP)) == 2
        assert uow.task_runs.count_by(project.id, Volunteer(external_uid="ext-1")) == 1
        assert uow.task_runs.count_by(project.id, Volunteer(user_id=user.id + 1000)) == 0


@ON_POSTGRESQL
@pytest.mark.parametrize(
    ("order", "index"),
    [
        (ports.BY_PRIORITY, "ix_task_candidates_by_priority"),
        (ports.BY_FEWEST_RUNS, "ix_task_candidates_by_fewest_runs"),
        (ports.BY_MOST_RUNS, "ix_task_candidates_by_most_runs"),
        ("priority_0 asc", "ix_task_candidates_by_priority"),
        ("created asc", "ix_task_candidates_by_created"),
        ("created desc", "ix_task_candidates_by_created"),
    ],
)
def test_on_postgresql_an_index_hands_over_the_candidates_already_in_order(engine, order, index):
    statement = scheduling.candidates(1, Volunteer(user_id=1), order, 10)
    compiled = statement.compile(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_sort = off")
        plan = connection.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)
        lines = plan.scalars().all()
    assert any(
        re.search(f"Index Scan (Backward )?using {index} on task", line) for line in lines
    ), lines
    assert not any("Sort" in line for line in lines)
