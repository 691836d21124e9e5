"""Correcting an answer: only its info changes, a gold answer is scored again."""

import pytest

from pybossa_core import errors
from pybossa_core.entity import Changes
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Task

from .builders import LATER, NOW


def _run(**kw) -> TaskRun:
    return TaskRun(project_id=1, task_id=1, created=NOW, finish_time=NOW, user_id=2, **kw)


def test_the_info_of_an_answer_changes_and_the_rest_stays():
    run = _run(info={"a": "no"})
    run.correct(Changes({"info": {"a": "yes"}}), Task(project_id=1, created=NOW, id=1))
    assert (run.info, run.user_id, run.created, run.finish_time) == ({"a": "yes"}, 2, NOW, NOW)


def test_fields_sent_back_unchanged_are_accepted():
    run = _run(info=1)
    echoed = {"project_id": 1, "task_id": 1, "created": NOW.isoformat(), "user_id": 2}
    run.correct(Changes({"info": 2}, echoed), Task(project_id=1, created=NOW, id=1))
    assert run.info == 2


@pytest.mark.parametrize(
    "name, value",
    [("project_id", 7), ("task_id", 7), ("user_id", 3), ("finish_time", LATER.isoformat())],
)
def test_any_other_field_changed_is_refused_and_nothing_changes(name, value):
    run = _run(info=1)
    with pytest.raises(errors.ReservedAttribute, match=name):
        run.correct(Changes({"info": 2, name: value}), Task(project_id=1, created=NOW, id=1))
    assert run.info == 1


def test_a_corrected_answer_to_a_gold_task_is_scored_again():
    gold_task = Task(project_id=1, created=NOW, calibration=1, gold_answers={"a": "yes"}, id=1)
    run = _run(info={"a": "no"}, gold_score=0.0, calibration=1)
    run.correct(Changes({"info": {"a": "yes"}}), gold_task)
    assert run.gold_score == 1.0
