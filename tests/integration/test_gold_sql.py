"""Gold tasks in SQL: the gold filter of the candidate query and the accuracy reads, on
SQLite and PostgreSQL."""

import pytest
from sqlalchemy import text

from adapters.sql import accuracy
from pybossa_core import ports
from pybossa_core.volunteers import Volunteer

from .builders import a_project, a_task, a_task_run, a_user

GOLD = {"animal": "cat"}
IP = "anon-0123"


@pytest.fixture
def project(uow):
    return a_project(uow, a_user(uow))


def candidate_ids(uow, project, volunteer, gold):
    with uow:
        return [
            t.id
            for t in uow.tasks.candidates(project.id, volunteer, ports.BY_PRIORITY, 10, gold=gold)
        ]


def test_the_gold_filter_keeps_gold_tasks_none_or_both(uow, project):
    gold = a_task(uow, project, calibration=1, gold_answers=GOLD, priority_0=1.0)
    marked_only = a_task(uow, project, calibration=1, priority_0=0.5)  # no gold answers
    ordinary = a_task(uow, project, gold_answers=GOLD)  # answers but calibration 0
    volunteer = Volunteer(user_id=1)
    assert candidate_ids(uow, project, volunteer, True) == [gold.id]
    assert candidate_ids(uow, project, volunteer, False) == [marked_only.id, ordinary.id]
    assert candidate_ids(uow, project, volunteer, None) == [gold.id, marked_only.id, ordinary.id]


def test_a_gold_task_the_volunteer_answered_is_no_candidate_for_them(uow, project):
    user = a_user(uow)
    answered = a_task(uow, project, calibration=1, gold_answers=GOLD, priority_0=1.0)
    fresh = a_task(uow, project, calibration=1, gold_answers=GOLD)
    a_task_run(uow, answered, user, gold_score=1.0, calibration=1)
    assert candidate_ids(uow, project, Volunteer(user_id=user.id), True) == [fresh.id]
    assert candidate_ids(uow, project, Volunteer(user_id=user.id + 1), True) == [
        answered.id,
        fresh.id,
    ]


def test_no_gold_answers_are_stored_as_sql_null(uow, engine, project):
    task = a_task(uow, project, calibration=1, gold_answers=None)
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT gold_answers IS NULL FROM task WHERE id = :id"), {"id": task.id}
        ).scalar()
    assert stored in (True, 1)


def scored(uow, project, *scores, **who):
    """Scored runs of one volunteer, one per new gold task (plus an ordinary, unscored run)."""
    for score in scores:
        task = a_task(uow, project, calibration=1, gold_answers=GOLD)
        a_task_run(uow, task, gold_score=score, calibration=1, **who)
    a_task_run(uow, a_task(uow, project), **who)


def test_a_volunteers_accuracy_sums_their_scored_runs_in_the_project(uow, project):
    user = a_user(uow)
    scored(uow, project, 1.0, 0.5, 0.0, user=user)
    scored(uow, project, 1.0, external_uid="app-1", user_ip=None)
    scored(uow, project, 0.5, user_ip=IP)
    scored(uow, a_project(uow, a_user(uow)), 1.0, 1.0, user=user)
    with uow:
        mine = uow.task_runs.accuracy_of(project.id, Volunteer(user_id=user.id))
        app = uow.task_runs.accuracy_of(project.id, Volunteer(external_uid="app-1"))
        visitor = uow.task_runs.accuracy_of(project.id, Volunteer(user_ip=IP))
        nobody = uow.task_runs.accuracy_of(project.id, Volunteer(user_id=user.id + 1000))
    assert mine.as_dict() == {"n_gold": 3, "n_correct": 1, "accuracy": 0.5}
    assert app.as_dict() == {"n_gold": 1, "n_correct": 1, "accuracy": 1.0}
    assert visitor.as_dict() == {"n_gold": 1, "n_correct": 0, "accuracy": 0.5}
    assert nobody.as_dict() == {"n_gold": 0, "n_correct": 0, "accuracy": None}


def test_the_report_lists_users_by_id_then_external_uids_then_anonymous_together(uow, project):
    first, second = a_user(uow), a_user(uow)
    scored(uow, project, 0.0, user_ip="anon-b")
    scored(uow, project, 1.0, external_uid="zed", user_ip=None)
    scored(uow, project, 1.0, 1.0, user=second)
    scored(uow, project, 0.25, external_uid="amy", user_ip=None)
    scored(uow, project, 1.0, user_ip="anon-a")
    scored(uow, project, 0.5, user=first)
    with uow:
        rows = [r.as_dict() for r in uow.task_runs.accuracy_by_volunteer(project.id, 10)]
        page = [r.as_dict() for r in uow.task_runs.accuracy_by_volunteer(project.id, 2, 2)]
    assert [
        (
            r["volunteer"],
            r["user_id"],
            r["external_uid"],
            r["n_gold"],
            r["n_correct"],
            r["accuracy"],
        )
        for r in rows
    ] == [
        ("user", first.id, None, 1, 0, 0.5),
        ("user", second.id, None, 2, 2, 1.0),
        ("external", None, "amy", 1, 0, 0.25),
        ("external", None, "zed", 1, 1, 1.0),
        ("anonymous", None, None, 2, 1, 0.5),
    ]
    assert page == rows[2:4]


def test_a_project_without_scored_runs_has_an_empty_report(uow, project):
    a_task_run(uow, a_task(uow, project), a_user(uow))
    with uow:
        assert uow.task_runs.accuracy_by_volunteer(project.id, 10) == []


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_on_postgresql_the_report_reads_the_partial_index_of_scored_runs(engine):
    statement = accuracy.by_volunteer(1, 20, 0)
    compiled = statement.compile(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = connection.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)
        lines = plan.scalars().all()
    assert any("ix_task_run_project_id_gold" in line for line in lines), lines
