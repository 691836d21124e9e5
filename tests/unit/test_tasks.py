"""Owners' changes to tasks and results, and who may remove a task run."""

import pytest

from pybossa_core import errors
from pybossa_core.entity import Changes
from pybossa_core.tasks import CreateTask
from pybossa_core.use_cases import tasks
from pybossa_core.users import ANONYMOUS, Actor

from .builders import (
    NOW,
    a_project,
    a_published_project,
    a_result,
    a_task,
    a_task_run,
    a_user,
    actor,
    everything_in,
)


def create(uow, caller, **fields):
    return tasks.create_task(uow, CreateTask(**fields), caller, NOW)


# -- tasks ------------------------------------------------------------------------------------


def test_the_owner_creates_a_task_in_their_project(uow, owner):
    project = a_project(uow, owner)
    task = create(uow, actor(owner), project_id=project.id, info={"q": "?"}, n_answers=3)
    stored = uow.tasks.get(task.id)
    assert (stored.project_id, stored.info, stored.n_answers) == (project.id, {"q": "?"}, 3)
    assert (stored.state, stored.created) == ("ongoing", NOW)


def test_an_admin_creates_a_task_in_anyones_project(uow, owner, admin):
    project = a_project(uow, owner)
    assert create(uow, actor(admin), project_id=project.id).project_id == project.id


def test_a_user_cannot_create_a_task_in_someone_elses_project(uow, owner, someone):
    project = a_published_project(uow, owner)
    with pytest.raises(errors.Forbidden):
        create(uow, actor(someone), project_id=project.id)
    assert everything_in(uow.tasks) == []


def test_an_anonymous_caller_cannot_create_a_task(uow, owner):
    project = a_published_project(uow, owner)
    with pytest.raises(errors.AuthenticationRequired):
        create(uow, ANONYMOUS, project_id=project.id)


@pytest.mark.parametrize("project_id", [None, 999, "1"])
def test_a_task_must_name_an_existing_project(uow, owner, project_id):
    a_project(uow, owner)
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, actor(owner), project_id=project_id)
    assert "project_id" in caught.value.errors


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"n_answers": 0}, "n_answers"),
        ({"priority_0": 1.5}, "priority_0"),
        ({"priority_0": -1}, "priority_0"),
    ],
)
def test_a_task_breaking_a_rule_is_not_created(uow, owner, fields, field):
    project = a_project(uow, owner)
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, actor(owner), project_id=project.id, **fields)
    assert field in caught.value.errors
    assert everything_in(uow.tasks) == []


def test_the_owner_updates_a_task(uow, owner):
    task = a_task(uow, a_project(uow, owner))
    tasks.update_task(uow, task.id, Changes({"n_answers": 2, "priority_0": 0.5}), actor(owner), NOW)
    stored = uow.tasks.get(task.id)
    assert (stored.n_answers, stored.priority_0) == (2, 0.5)


def test_a_task_update_cannot_break_a_rule(uow, owner):
    task = a_task(uow, a_project(uow, owner), n_answers=4)
    with pytest.raises(errors.InvalidInput):
        tasks.update_task(uow, task.id, Changes({"n_answers": 0}), actor(owner), NOW)
    assert uow.tasks.get(task.id).n_answers == 4


@pytest.mark.parametrize(
    "state, n_answers, expected",
    [
        ("ongoing", 2, "completed"),
        ("ongoing", 3, "ongoing"),
        ("completed", 3, "ongoing"),
        ("completed", 1, "completed"),
    ],
)
def test_a_new_n_answers_completes_or_reopens_a_task_by_its_answers(
    uow, owner, state, n_answers, expected
):
    task = a_task(
        uow, a_project(uow, owner), n_answers=2 if state == "completed" else 4, state=state
    )
    for _ in range(2):
        a_task_run(uow, task, a_user(uow))
    tasks.update_task(uow, task.id, Changes({"n_answers": n_answers}), actor(owner), NOW)
    assert uow.tasks.get(task.id).state == expected


def test_a_task_update_without_n_answers_leaves_its_state_alone(uow, owner):
    task = a_task(uow, a_project(uow, owner), state="completed")
    tasks.update_task(uow, task.id, Changes({"info": {"q": "?"}}), actor(owner), NOW)
    assert uow.tasks.get(task.id).state == "completed"


def test_a_task_cannot_move_to_another_project(uow, owner):
    project, other = a_project(uow, owner), a_project(uow, owner)
    task = a_task(uow, project)
    with pytest.raises(errors.InvalidInput) as caught:
        tasks.update_task(uow, task.id, Changes({"project_id": other.id}), actor(owner), NOW)
    assert "project_id" in caught.value.errors
    assert uow.tasks.get(task.id).project_id == project.id


def test_a_user_cannot_update_someone_elses_task(uow, owner, someone):
    task = a_task(uow, a_published_project(uow, owner), n_answers=4)
    with pytest.raises(errors.Forbidden):
        tasks.update_task(uow, task.id, Changes({"n_answers": 1}), actor(someone), NOW)
    assert uow.tasks.get(task.id).n_answers == 4


def test_updating_a_missing_task_is_not_found(uow, owner):
    with pytest.raises(errors.NotFound):
        tasks.update_task(uow, 404, Changes({"n_answers": 1}), actor(owner), NOW)


def test_the_owner_deletes_a_task_with_its_runs_and_result(uow, owner, someone):
    project = a_project(uow, owner)
    task, kept = a_task(uow, project), a_task(uow, project)
    a_task_run(uow, task, someone)
    a_result(uow, task)
    tasks.delete_task(uow, task.id, actor(owner))
    assert uow.tasks.get(task.id) is None
    assert everything_in(uow.task_runs) == [] and everything_in(uow.results) == []
    assert uow.tasks.get(kept.id) is kept


@pytest.mark.parametrize("who", ["someone", "anonymous"])
def test_only_the_owner_or_an_admin_deletes_a_task(uow, owner, someone, who):
    task = a_task(uow, a_published_project(uow, owner))
    caller, error = (
        (actor(someone), errors.Forbidden)
        if who == "someone"
        else (ANONYMOUS, errors.AuthenticationRequired)
    )
    with pytest.raises(error):
        tasks.delete_task(uow, task.id, caller)
    assert uow.tasks.get(task.id) is task


def test_an_admin_deletes_anyones_task(uow, owner, admin):
    task = a_task(uow, a_project(uow, owner))
    tasks.delete_task(uow, task.id, actor(admin))
    assert uow.tasks.get(task.id) is None


# -- results ----------------------------------------------------------------------------------


def test_the_owner_annotates_a_results_info(uow, owner):
    result = a_result(uow, a_task(uow, a_project(uow, owner)))
    tasks.update_result(uow, result.id, Changes({"info": {"verdict": "cat"}}), actor(owner))
    assert uow.results.get(result.id).info == {"verdict": "cat"}


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"task_id": 999}, errors.ReservedAttribute),
        ({"task_run_ids": [1, 2, 3]}, errors.ReservedAttribute),
        ({"last_version": False}, errors.ReservedAttribute),
        ({"wrongattr": 1}, errors.UnknownAttribute),
    ],
)
def test_a_result_changes_nothing_but_its_info(uow, owner, changes, error):
    task = a_task(uow, a_project(uow, owner))
    result = a_result(uow, task, info={"kept": True})
    with pytest.raises(error):
        tasks.update_result(uow, result.id, Changes({"info": {"lost": 1}, **changes}), actor(owner))
    stored = uow.results.get(result.id)
    assert (stored.task_id, stored.info, stored.last_version) == (task.id, {"kept": True}, True)


def test_a_user_cannot_annotate_someone_elses_result(uow, owner, someone):
    result = a_result(uow, a_task(uow, a_published_project(uow, owner)))
    with pytest.raises(errors.Forbidden):
        tasks.update_result(uow, result.id, Changes({"info": {"x": 1}}), actor(someone))
    assert uow.results.get(result.id).info is None


# -- task runs --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["author", "owner", "admin"])
def test_the_author_the_project_owner_or_an_admin_deletes_a_task_run(uow, owner, admin, who):
    author = a_user(uow)
    run = a_task_run(uow, a_task(uow, a_published_project(uow, owner)), author)
    caller = {"author": author, "owner": owner, "admin": admin}[who]
    tasks.delete_task_run(uow, run.id, actor(caller))
    assert uow.task_runs.get(run.id) is None


def test_another_user_cannot_delete_a_task_run(uow, owner, someone):
    run = a_task_run(uow, a_task(uow, a_published_project(uow, owner)), a_user(uow))
    with pytest.raises(errors.Forbidden):
        tasks.delete_task_run(uow, run.id, actor(someone))
    assert uow.task_runs.get(run.id) is run


def test_an_anonymous_caller_cannot_delete_even_an_anonymous_task_run(uow, owner):
    run = a_task_run(uow, a_task(uow, a_published_project(uow, owner)), None, user_ip="1.2.3.4")
    with pytest.raises(errors.AuthenticationRequired):
        tasks.delete_task_run(uow, run.id, Actor(ip="1.2.3.4"))
    assert uow.task_runs.get(run.id) is run


def test_deleting_a_missing_task_run_is_not_found(uow, owner):
    with pytest.raises(errors.NotFound):
        tasks.delete_task_run(uow, 404, actor(owner))
