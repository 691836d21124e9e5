"""A project's task settings: scheduler, priorities, presenter, deleting every task."""

import pytest

from pybossa_core import errors
from pybossa_core.tasks import priority_problems
from pybossa_core.use_cases import task_settings
from pybossa_core.users import ANONYMOUS

from .builders import NOW, a_project, a_result, a_task, a_task_run, actor, everything_in


@pytest.mark.parametrize(
    ("text", "ids"),
    [("3,1, 2", [1, 2, 3]), ("7", [7]), ("4,4", [4]), (" 5 ,6 ", [5, 6])],
)
def test_task_ids_are_comma_separated_whole_numbers(text, ids):
    assert task_settings.parse_task_ids(text) == (ids, [])


@pytest.mark.parametrize(
    "text", ["", "  ", None, 5, "1,,2", "a", "1.5", "-1", "0", "2147483648", "١", "1;2"]
)
def test_anything_else_is_not_a_list_of_task_ids(text):
    ids, problems = task_settings.parse_task_ids(text)
    assert ids == [] and problems


def test_a_priority_change_names_a_bounded_number_of_tasks():
    allowed = ",".join(str(n) for n in range(1, task_settings.MAX_PRIORITY_IDS + 1))
    assert task_settings.parse_task_ids(allowed)[1] == []
    assert task_settings.parse_task_ids(allowed + ",5000")[1]


@pytest.mark.parametrize("priority", [0, 0.0, 0.25, 1, 1.0])
def test_a_priority_is_a_number_from_0_to_1(priority):
    assert priority_problems(priority) == []


@pytest.mark.parametrize("priority", [-0.01, 1.01, float("nan"), float("inf"), "0.5", None])
def test_other_priorities_are_refused(priority):
    assert priority_problems(priority) == ["priority_0 must be between 0 and 1"]


def test_set_priority_changes_only_the_projects_named_tasks(uow, owner):
    project, other = a_project(uow, owner), a_project(uow, owner)
    first, second = a_task(uow, project), a_task(uow, project)
    elsewhere = a_task(uow, other)
    ids = f"{first.id},{elsewhere.id}"
    outcome = task_settings.set_priority(uow, project.short_name, ids, "0.75", actor(owner))
    assert (outcome.problems, outcome.changed) == ({}, 1)
    assert outcome.page.project.id == project.id
    priorities = [uow.tasks.get(t.id).priority_0 for t in (first, second, elsewhere)]
    assert priorities == [0.75, 0.0, 0.0]


def test_a_refused_priority_writes_nothing(uow, owner):
    project = a_project(uow, owner)
    task = a_task(uow, project)
    outcome = task_settings.set_priority(uow, project.short_name, str(task.id), 2, actor(owner))
    assert set(outcome.problems) == {"priority_0"} and outcome.changed == 0
    assert uow.tasks.get(task.id).priority_0 == 0.0


def test_only_managers_change_task_settings(uow, owner, someone):
    project = a_project(uow, owner)
    task = a_task(uow, project)
    with pytest.raises(errors.AuthenticationRequired):
        task_settings.set_priority(uow, project.short_name, str(task.id), 1, ANONYMOUS)
    with pytest.raises(errors.Forbidden):
        task_settings.set_scheduler(uow, project.short_name, "nonsense", actor(someone), NOW)
    with pytest.raises(errors.Forbidden):
        task_settings.delete_all_tasks(uow, project.short_name, actor(someone))
    assert everything_in(uow.tasks) == [task]


def test_the_scheduler_is_one_the_server_has(uow, owner):
    project = a_project(uow, owner, info={"task_presenter": "<p/>"})
    refused = task_settings.set_scheduler(uow, project.short_name, "random", actor(owner), NOW)
    assert "sched" in refused.problems and "sched" not in uow.projects.get(project.id).info
    task_settings.set_scheduler(uow, project.short_name, "depth_first_all", actor(owner), NOW)
    info = uow.projects.get(project.id).info
    assert info == {"task_presenter": "<p/>", "sched": "depth_first_all"}


def test_the_presenter_is_saved_in_the_projects_info(uow, owner):
    project = a_project(uow, owner, info={"sched": "breadth_first"})
    empty = task_settings.save_task_presenter(uow, project.short_name, " ", actor(owner), NOW)
    assert "editor" in empty.problems
    task_settings.save_task_presenter(uow, project.short_name, "<b>?</b>", actor(owner), NOW)
    info = uow.projects.get(project.id).info
    assert info == {"sched": "breadth_first", "task_presenter": "<b>?</b>"}


def test_deleting_every_task_takes_their_runs_and_results_along(uow, owner):
    project, other = a_project(uow, owner), a_project(uow, owner)
    task = a_task(uow, project, n_answers=1)
    a_result(uow, task, task_run_ids=[a_task_run(uow, task).id])
    kept = a_task(uow, other)
    assert task_settings.delete_all_tasks(uow, project.short_name, actor(owner)) == 1
    assert everything_in(uow.tasks) == [kept]
    assert everything_in(uow.task_runs) == [] and everything_in(uow.results) == []
