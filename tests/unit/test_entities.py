"""Entity rules: writable and read-only fields, project membership, per-entity invariants."""

import dataclasses

import pytest

from pybossa_core import errors
from pybossa_core.categories import Category, CreateCategory
from pybossa_core.entity import Changes, check_fields
from pybossa_core.helping import CreateHelpingMaterial, HelpingMaterial
from pybossa_core.projects import CreateProject, Project
from pybossa_core.task_runs import SubmitAnswer, TaskRun
from pybossa_core.tasks import CreateTask, Result, Task
from pybossa_core.users import ANONYMOUS, Actor, User

from .builders import LATER, NOW


def a_project(**kw) -> Project:
    fields = dict(name="Birds", short_name="birds", description="Count birds")
    return Project.create(
        CreateProject(**{**fields, **kw}), owner_id=1, category_id=1, secret_key="secret", now=NOW
    )


def test_a_writable_field_takes_the_new_value():
    task = Task(project_id=1, created=NOW)
    task.apply_changes(Changes({"n_answers": 5, "info": {"q": 1}}))
    assert (task.n_answers, task.info) == (5, {"q": 1})


def test_a_read_only_field_may_repeat_its_value():
    task = Task(project_id=1, created=NOW, id=7)
    task.apply_changes(Changes(echoed={"id": 7, "state": "ongoing"}))
    assert (task.id, task.state) == (7, "ongoing")


def test_a_timestamp_echoed_as_text_counts_as_the_same_value():
    task = Task(project_id=1, created=NOW)
    task.apply_changes(Changes(echoed={"created": NOW.isoformat()}))
    assert task.created == NOW


def test_changing_a_read_only_field_is_a_reserved_attribute():
    task = Task(project_id=1, created=NOW, id=7)
    with pytest.raises(errors.ReservedAttribute) as caught:
        task.apply_changes(Changes(echoed={"id": 8}))
    assert caught.value.message == "Reserved keys in payload: id"
    assert caught.value.target == "task"
    assert task.id == 7


def test_changing_a_timestamp_is_a_reserved_attribute():
    task = Task(project_id=1, created=NOW)
    with pytest.raises(errors.ReservedAttribute):
        task.apply_changes(Changes(echoed={"created": LATER.isoformat()}))


def test_an_unknown_field_is_an_unknown_attribute_named_as_pybossa_does():
    with pytest.raises(errors.UnknownAttribute) as caught:
        check_fields(Task, ["info", "wrongattr"])
    assert caught.value.message == "'wrongattr' is an invalid keyword argument for Task"
    assert caught.value.target == "task"


def test_an_unknown_field_changes_nothing():
    task = Task(project_id=1, created=NOW)
    with pytest.raises(errors.UnknownAttribute):
        task.apply_changes(Changes({"n_answers": 3, "wrongattr": 1}))
    assert task.n_answers == 30


@pytest.mark.parametrize(
    "entity",
    [
        Task(project_id=1, created=NOW),
        HelpingMaterial(project_id=1, created=NOW),
    ],
)
def test_an_object_of_a_project_cannot_move_to_another_project(entity):
    with pytest.raises(errors.InvalidInput) as caught:
        entity.change(Changes({"project_id": 2}))
    assert "project_id" in caught.value.errors
    assert entity.project_id == 1


def test_naming_the_same_project_again_is_no_move():
    task = Task(project_id=1, created=NOW)
    task.change(Changes({"project_id": 1, "n_answers": 2}))
    assert (task.project_id, task.n_answers) == (1, 2)


def test_a_new_project_is_a_draft_owned_by_its_creator_with_the_secret_key_given():
    project = a_project()
    assert (project.owner_id, project.published, project.owners_ids) == (1, False, [1])
    assert project.secret_key == "secret"
    assert project.created == project.updated == NOW


@pytest.mark.parametrize("short_name", ["", "has space", "slash/es", "é", "x" * 256])
def test_a_project_short_name_uses_only_url_safe_characters(short_name):
    with pytest.raises(errors.InvalidInput) as caught:
        a_project(short_name=short_name)
    assert "short_name" in caught.value.errors


def test_a_project_needs_a_non_blank_name():
    with pytest.raises(errors.InvalidInput) as caught:
        a_project(name="   ", short_name="")
    assert set(caught.value.errors) == {"name", "short_name"}


def test_a_project_cannot_be_published_by_a_change():
    project = a_project()
    with pytest.raises(errors.Forbidden, match="You cannot publish a project via the API"):
        project.change(Changes(echoed={"published": True}), LATER)
    assert project.published is False


def test_a_project_change_may_repeat_published_false_and_moves_updated():
    project = a_project()
    project.change(Changes({"description": "new"}, echoed={"published": False}), LATER)
    assert (project.description, project.updated, project.created) == ("new", LATER, NOW)


def test_a_project_is_published_with_a_presenter_and_a_task():
    project = a_project(info={"task_presenter": "<p>hi</p>"})
    project.publish(n_tasks=1, now=LATER)
    assert (project.published, project.updated) == (True, LATER)


def test_a_project_without_presenter_or_tasks_is_not_published():
    project = a_project()
    with pytest.raises(errors.NotReady) as caught:
        project.publish(n_tasks=0, now=LATER)
    assert set(caught.value.errors) == {"task_presenter", "tasks"}
    assert (project.published, project.updated) == (False, NOW)


def test_project_ownership_needs_a_user_id():
    project = a_project()
    assert project.is_owned_by(1)
    assert not project.is_owned_by(2)
    assert not project.is_owned_by(None)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"n_answers": 0}, "n_answers"),
        ({"priority_0": -0.1}, "priority_0"),
        ({"priority_0": 1.1}, "priority_0"),
        ({"quorum": -1}, "quorum"),
    ],
)
def test_a_task_breaking_a_rule_is_invalid(fields, field):
    with pytest.raises(errors.InvalidInput) as caught:
        Task.create(CreateTask(project_id=1, **fields), NOW)
    assert list(caught.value.errors) == [field]


@pytest.mark.parametrize("priority", [0.0, 1.0])
def test_task_priorities_include_both_bounds(priority):
    assert Task.create(CreateTask(project_id=1, priority_0=priority), NOW).state == "ongoing"


def test_a_result_lets_only_its_info_change():
    result = Result(project_id=1, task_id=2, created=NOW, task_run_ids=[3])
    result.apply_changes(Changes({"info": {"answer": "yes"}, "task_run_ids": [3]}))
    assert result.info == {"answer": "yes"}
    with pytest.raises(errors.ReservedAttribute):
        result.apply_changes(Changes({"task_id": 9}))


def test_a_task_run_is_by_its_user_only():
    run = TaskRun(project_id=1, task_id=2, created=NOW, finish_time=NOW, user_id=5)
    anonymous_run = TaskRun(project_id=1, task_id=2, created=NOW, finish_time=NOW, user_ip="::1")
    assert run.is_by(5) and not run.is_by(6)
    assert not anonymous_run.is_by(None)


def test_a_registered_user_has_a_lower_case_email_and_the_api_key_given():
    user = User.register(
        name="ada",
        fullname="Ada",
        email_addr="Ada@Example.COM",
        passwd_hash="h",
        api_key="key-1",
        now=NOW,
    )
    assert user.email_addr == "ada@example.com"
    assert user.api_key == "key-1"
    assert (user.admin, user.created) == (False, NOW)


def test_oauth_tokens_are_those_stored_for_known_providers():
    user = User.register(
        name="ada", fullname="Ada", email_addr="a@x.org", passwd_hash=None, api_key="key-1", now=NOW
    )
    user.info = {"twitter_token": {"oauth_token": "t"}, "google_token": None, "other": 1}
    assert user.oauth_tokens() == {"twitter_token": {"oauth_token": "t"}}
    assert user.oauth_tokens("twitter") == {"twitter_token": {"oauth_token": "t"}}
    assert user.oauth_tokens("google") == {}


def test_an_actor_is_authenticated_when_it_has_a_user_id():
    user = User(
        name="a", fullname="A", email_addr="a@x.org", api_key="k", created=NOW, id=4, admin=True
    )
    assert Actor.for_user(user, "1.2.3.4") == Actor(user_id=4, admin=True, ip="1.2.3.4")
    assert Actor.for_user(user).authenticated
    assert not ANONYMOUS.authenticated and not Actor(ip="1.2.3.4").authenticated


@pytest.mark.parametrize(
    "command, entity",
    [
        (CreateProject, Project),
        (CreateCategory, Category),
        (CreateTask, Task),
        (CreateHelpingMaterial, HelpingMaterial),
        (SubmitAnswer, TaskRun),
    ],
)
def test_a_creation_command_offers_the_writable_fields_and_no_server_field(command, entity):
    assert {f.name for f in dataclasses.fields(command)} == entity.WRITABLE


def test_a_creation_command_defaults_to_what_the_entity_defaults_to():
    task = Task.create(CreateTask(project_id=1), NOW)
    assert (task.n_answers, task.quorum, task.calibration, task.info) == (30, 0, 0, {})
    project = a_project()
    assert (project.allow_anonymous_contributors, project.zip_download, project.info) == (
        True,
        True,
        {},
    )
