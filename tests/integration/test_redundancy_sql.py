"""TaskRepository.set_n_answers on SQLite and PostgreSQL: one n_answers, states re-evaluated."""

import itertools

from pybossa_core.tasks import COMPLETED, ONGOING, NewRedundancy

from .builders import a_project, a_task, a_user


def test_tasks_complete_or_reopen_by_their_answers_and_gold_tasks_never_complete(uow):
    project = a_project(uow, a_user(uow))
    enough = a_task(uow, project, n_answers=5, n_task_runs=2)
    short = a_task(uow, project, n_answers=1, n_task_runs=1, state=COMPLETED)
    gold = a_task(
        uow, project, n_answers=5, n_task_runs=3, calibration=1, gold_answers={"answer": "x"}
    )
    calibration_only = a_task(uow, project, n_answers=5, n_task_runs=2, calibration=1)
    elsewhere = a_task(uow, a_project(uow, a_user(uow)), n_answers=9, n_task_runs=2)
    with uow:
        moved = uow.tasks.set_n_answers(project.id, NewRedundancy(2))
        uow.commit()
    assert moved == {COMPLETED: [enough.id, calibration_only.id], ONGOING: [short.id]}
    with uow:
        found = {
            t: (uow.tasks.get(t).state, uow.tasks.get(t).n_answers)
            for t in (enough.id, short.id, gold.id, calibration_only.id, elsewhere.id)
        }
    assert found == {
        enough.id: (COMPLETED, 2),
        short.id: (ONGOING, 2),
        gold.id: (ONGOING, 2),
        calibration_only.id: (COMPLETED, 2),
        elsewhere.id: (ONGOING, 9),
    }


def test_the_session_sees_the_new_values_of_tasks_it_had_loaded(uow):
    project = a_project(uow, a_user(uow))
    task = a_task(uow, project, n_answers=3, n_task_runs=1)
    with uow:
        loaded = uow.tasks.get(task.id)
        assert loaded.n_answers == 3
        uow.tasks.set_n_answers(project.id, NewRedundancy(1))
        assert (uow.tasks.get(task.id).n_answers, uow.tasks.get(task.id).state) == (1, COMPLETED)
        uow.rollback()
    with uow:
        assert uow.tasks.get(task.id).n_answers == 3


def test_every_kind_of_task_ends_in_the_state_the_core_gives_it(uow):
    project = a_project(uow, a_user(uow))
    gold = ({}, {"calibration": 1, "gold_answers": {"answer": "x"}})
    made = [
        a_task(uow, project, n_answers=3, n_task_runs=runs, state=state, **fields)
        for fields, runs, state in itertools.product(gold, range(4), (ONGOING, COMPLETED))
    ]
    change = NewRedundancy(2)
    before = {task.id: task.state for task in made}
    expected = {task.id: change.state_for(task) for task in made}
    with uow:
        moved = uow.tasks.set_n_answers(project.id, change)
        uow.commit()
    with uow:
        assert {task_id: uow.tasks.get(task_id).state for task_id in expected} == expected
    assert moved == {
        state: [
            task_id for task_id in sorted(expected) if before[task_id] != state == expected[task_id]
        ]
        for state in (COMPLETED, ONGOING)
    }
