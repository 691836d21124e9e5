"""The state a task's answers put it in, for one task and for a whole project's at once."""

import pytest

from pybossa_core.entity import Changes
from pybossa_core.tasks import (
    COMPLETED,
    ONGOING,
    NewRedundancy,
    Standing,
    Task,
    standing,
)

from .builders import NOW

GOLD = {"calibration": 1, "gold_answers": {"answer": "cat"}}


def a_task(n_answers: int = 3, n_task_runs: int = 0, state: str = ONGOING, **fields) -> Task:
    return Task(
        project_id=1,
        created=NOW,
        n_answers=n_answers,
        n_task_runs=n_task_runs,
        state=state,
        **fields,
    )


def test_a_task_with_exactly_n_answers_completes():
    task = a_task(n_answers=3, n_task_runs=2)
    task.change(Changes({"n_answers": 2}))
    assert task.state == COMPLETED


def test_a_task_with_more_answers_than_it_now_needs_completes():
    task = a_task(n_answers=5, n_task_runs=4)
    task.change(Changes({"n_answers": 1}))
    assert task.state == COMPLETED


def test_a_task_short_of_answers_stays_ongoing():
    task = a_task(n_answers=5, n_task_runs=2)
    task.change(Changes({"n_answers": 3}))
    assert task.state == ONGOING


def test_a_completed_task_that_now_needs_more_answers_reopens():
    task = a_task(n_answers=2, n_task_runs=2, state=COMPLETED)
    task.change(Changes({"n_answers": 3}))
    assert task.state == ONGOING


def test_a_gold_task_stays_ongoing_whatever_its_answers():
    task = a_task(n_answers=5, n_task_runs=4, **GOLD)
    task.change(Changes({"n_answers": 1}))
    assert task.state == ONGOING


def test_a_completed_task_made_gold_reopens_and_completes_again_when_it_stops_being_gold():
    task = a_task(n_answers=2, n_task_runs=2, state=COMPLETED)
    task.change(Changes({"gold_answers": {"answer": "cat"}, "calibration": 1}))
    assert task.state == ONGOING
    task.change(Changes({"gold_answers": None}))
    assert task.state == COMPLETED


@pytest.mark.parametrize(
    ("is_gold", "n_task_runs", "kind"),
    [
        (True, 0, Standing.GOLD),
        (True, 9, Standing.GOLD),
        (False, 3, Standing.ANSWERED),
        (False, 4, Standing.ANSWERED),
        (False, 2, Standing.SHORT_OF_ANSWERS),
        (False, 0, Standing.SHORT_OF_ANSWERS),
    ],
)
def test_a_task_is_gold_answered_or_short_of_answers(is_gold, n_task_runs, kind):
    assert standing(is_gold, n_task_runs, n_answers=3) is kind


def test_a_new_redundancy_completes_answered_tasks_and_leaves_the_others_ongoing():
    assert NewRedundancy(2).standings_by_state() == {
        COMPLETED: {Standing.ANSWERED},
        ONGOING: {Standing.GOLD, Standing.SHORT_OF_ANSWERS},
    }


@pytest.mark.parametrize("gold", [{}, GOLD])
@pytest.mark.parametrize("n_task_runs", [0, 1, 2, 3])
@pytest.mark.parametrize("state", [ONGOING, COMPLETED])
def test_a_new_redundancy_ends_each_task_as_changing_that_task_alone_would(
    gold, n_task_runs, state
):
    task = a_task(n_answers=3, n_task_runs=n_task_runs, state=state, **gold)
    ends_in = NewRedundancy(2).state_for(task)
    task.change(Changes({"n_answers": 2}))
    assert ends_in == task.state


def test_tasks_moved_to_completed_are_completed_and_those_moved_to_ongoing_reopened():
    change = NewRedundancy(2)
    moved = {COMPLETED: [4, 7], ONGOING: [5]}
    assert (change.completed(moved), change.reopened(moved)) == ([4, 7], [5])
    assert (change.completed({}), change.reopened({})) == ([], [])
