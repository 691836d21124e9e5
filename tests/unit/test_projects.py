"""Project use cases: create, update, publish and delete, with their rules and permissions."""

import pytest

from pybossa_core import errors
from pybossa_core.entity import Changes
from pybossa_core.projects import CreateProject
from pybossa_core.use_cases import projects
from pybossa_core.users import ANONYMOUS

from .builders import (
    LATER,
    NOW,
    a_category,
    a_helping_material,
    a_project,
    a_published_project,
    a_result,
    a_task,
    a_task_run,
    actor,
    everything_in,
)
from .fakes import FakeFileStorage, SequentialKeys

KEYS = SequentialKeys()  # one numbering for the module: every key it makes differs

FIELDS = {"name": "Birds", "short_name": "birds", "description": "Count birds"}


def create(uow, caller, **fields):
    return projects.create_project(
        uow, CreateProject(**{**FIELDS, **fields}), caller, NOW, keys=KEYS
    )


# -- create -----------------------------------------------------------------------------------


def test_an_anonymous_caller_cannot_create_a_project(uow):
    a_category(uow)
    with pytest.raises(errors.AuthenticationRequired):
        create(uow, ANONYMOUS)
    assert everything_in(uow.projects) == []


def test_a_new_project_is_a_draft_owned_by_the_caller_with_a_secret_key(uow, owner):
    a_category(uow)
    project = create(uow, actor(owner))
    stored = uow.projects.get(project.id)
    assert stored.owner_id == owner.id
    assert stored.published is False
    assert stored.secret_key
    assert (stored.name, stored.short_name, stored.created) == ("Birds", "birds", NOW)


def test_a_new_project_goes_to_the_category_with_the_lowest_id_by_default(uow, owner):
    first = a_category(uow)
    a_category(uow)
    assert create(uow, actor(owner)).category_id == first.id


def test_a_new_project_may_name_its_category(uow, owner):
    a_category(uow)
    chosen = a_category(uow)
    assert create(uow, actor(owner), category_id=chosen.id).category_id == chosen.id


def test_a_project_cannot_be_created_before_any_category_exists(uow, owner):
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, actor(owner))
    assert "category_id" in caught.value.errors
    assert everything_in(uow.projects) == []


def test_a_project_cannot_be_created_in_an_unknown_category(uow, owner):
    a_category(uow)
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, actor(owner), category_id=999)
    assert "category_id" in caught.value.errors


def test_a_bad_short_name_is_invalid_field_by_field(uow, owner):
    a_category(uow)
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, actor(owner), short_name="no spaces please")
    assert list(caught.value.errors) == ["short_name"]
    assert everything_in(uow.projects) == []


@pytest.mark.parametrize("field", ["short_name", "name"])
def test_a_taken_short_name_or_name_is_a_duplicate(uow, owner, someone, field):
    a_project(uow, someone, **{field: FIELDS[field]})
    with pytest.raises(errors.DuplicateValue, match=field):
        create(uow, actor(owner))
    assert len(everything_in(uow.projects)) == 1


# -- update -----------------------------------------------------------------------------------


def update(uow, project, caller, **changes):
    return projects.update_project(uow, project.id, Changes(changes), caller, LATER)


def test_the_owner_updates_a_project_and_updated_moves(uow, owner):
    project = a_project(uow, owner)
    update(uow, project, actor(owner), description="New words", info={"k": 1})
    stored = uow.projects.get(project.id)
    assert (stored.description, stored.info) == ("New words", {"k": 1})
    assert (stored.created, stored.updated) == (NOW, LATER)


def test_info_keys_set_those_keys_of_the_stored_info_and_keep_the_others(uow, owner):
    project = a_project(uow, owner)
    update(uow, project, actor(owner), info={"task_presenter": "<p/>", "sched": "default"})
    stale = uow.projects.get(project.id).info  # what a form read before another save
    update(uow, project, actor(owner), info={**stale, "tutorial": "<h1/>"})
    projects.update_project(
        uow, project.id, Changes(), actor(owner), LATER, info_keys={"sched": "breadth_first"}
    )
    assert uow.projects.get(project.id).info == {
        "task_presenter": "<p/>",
        "sched": "breadth_first",
        "tutorial": "<h1/>",
    }


def test_an_admin_updates_anyones_project(uow, owner, admin):
    project = a_project(uow, owner)
    update(uow, project, actor(admin), name="Renamed")
    assert uow.projects.get(project.id).name == "Renamed"


def test_another_user_cannot_update_a_project(uow, owner, someone):
    project = a_project(uow, owner, name="Mine")
    with pytest.raises(errors.Forbidden):
        update(uow, project, actor(someone), name="Theirs")
    assert uow.projects.get(project.id).name == "Mine"


def test_an_anonymous_caller_cannot_update_a_project(uow, owner):
    project = a_published_project(uow, owner)
    with pytest.raises(errors.AuthenticationRequired):
        update(uow, project, ANONYMOUS, name="Theirs")


def test_updating_a_missing_project_is_not_found(uow, owner):
    with pytest.raises(errors.NotFound):
        projects.update_project(uow, 404, Changes({"name": "x"}), actor(owner), LATER)


def test_an_echoed_read_only_field_with_the_same_value_is_accepted(uow, owner):
    project = a_project(uow, owner)
    update(
        uow,
        project,
        actor(owner),
        id=project.id,
        created=NOW.isoformat(),
        owner_id=owner.id,
        secret_key=project.secret_key,
        published=False,
        name="Same",
    )
    assert uow.projects.get(project.id).name == "Same"


@pytest.mark.parametrize(
    "field, value",
    [
        ("owner_id", 999),
        ("secret_key", "other"),
        ("created", LATER.isoformat()),
        ("id", 77),
    ],
)
def test_a_changed_read_only_field_is_reserved(uow, owner, field, value):
    project = a_project(uow, owner, name="Kept")
    with pytest.raises(errors.ReservedAttribute):
        update(uow, project, actor(owner), name="Lost", **{field: value})
    assert uow.projects.get(project.id).name == "Kept"


def test_an_unknown_field_in_an_update_is_an_unknown_attribute(uow, owner):
    project = a_project(uow, owner)
    with pytest.raises(errors.UnknownAttribute):
        update(uow, project, actor(owner), wrongattr="x")


def test_a_project_cannot_be_published_by_an_update(uow, owner):
    project = a_project(uow, owner, info={"task_presenter": "<p/>"})
    a_task(uow, project)
    with pytest.raises(errors.Forbidden, match="You cannot publish a project via the API"):
        update(uow, project, actor(owner), published=True)
    assert uow.projects.get(project.id).published is False


def test_an_update_cannot_break_the_short_name_rule(uow, owner):
    project = a_project(uow, owner, short_name="fine")
    with pytest.raises(errors.InvalidInput):
        update(uow, project, actor(owner), short_name="not fine")
    assert uow.projects.get(project.id).short_name == "fine"


def test_an_update_cannot_take_another_projects_short_name(uow, owner):
    a_project(uow, owner, short_name="taken")
    project = a_project(uow, owner, short_name="mine")
    with pytest.raises(errors.DuplicateValue):
        update(uow, project, actor(owner), short_name="taken")
    assert uow.projects.get(project.id).short_name == "mine"


def test_a_project_may_keep_its_own_name_in_an_update(uow, owner):
    project = a_project(uow, owner, name="Same", short_name="same")
    update(uow, project, actor(owner), name="Same", short_name="same")
    assert uow.projects.get(project.id).name == "Same"


def test_a_project_may_move_to_another_existing_category(uow, owner):
    project = a_project(uow, owner)
    other = a_category(uow)
    update(uow, project, actor(owner), category_id=other.id)
    assert uow.projects.get(project.id).category_id == other.id


@pytest.mark.parametrize("category_id", [999, None])
def test_a_project_cannot_move_to_an_unknown_or_no_category(uow, owner, category_id):
    project = a_project(uow, owner)
    with pytest.raises(errors.InvalidInput) as caught:
        update(uow, project, actor(owner), category_id=category_id)
    assert "category_id" in caught.value.errors
    assert uow.projects.get(project.id).category_id is not None


def test_an_admin_features_a_project(uow, owner, admin):
    project = a_project(uow, owner)
    update(uow, project, actor(admin), featured=True)
    assert uow.projects.get(project.id).featured is True


def test_the_owner_cannot_feature_their_project(uow, owner):
    project = a_project(uow, owner)
    with pytest.raises(errors.ReservedAttribute):
        update(uow, project, actor(owner), featured=True)
    assert uow.projects.get(project.id).featured is False


# -- publish ----------------------------------------------------------------------------------


def test_the_owner_publishes_a_project_with_a_presenter_and_a_task(uow, owner):
    project = a_project(uow, owner, short_name="ready", info={"task_presenter": "<p/>"})
    a_task(uow, project)
    projects.publish_project(uow, "ready", actor(owner), LATER)
    stored = uow.projects.get(project.id)
    assert (stored.published, stored.updated) == (True, LATER)


def test_a_project_without_tasks_is_not_published(uow, owner):
    project = a_project(uow, owner, short_name="empty", info={"task_presenter": "<p/>"})
    with pytest.raises(errors.NotReady) as caught:
        projects.publish_project(uow, "empty", actor(owner), LATER)
    assert list(caught.value.errors) == ["tasks"]
    assert uow.projects.get(project.id).published is False


def test_a_project_without_a_task_presenter_is_not_published(uow, owner):
    project = a_project(uow, owner, short_name="bare")
    a_task(uow, project)
    with pytest.raises(errors.NotReady) as caught:
        projects.publish_project(uow, "bare", actor(owner), LATER)
    assert list(caught.value.errors) == ["task_presenter"]


def test_only_the_owner_or_an_admin_publishes(uow, owner, someone, admin):
    project = a_project(uow, owner, short_name="p", info={"task_presenter": "<p/>"})
    a_task(uow, project)
    with pytest.raises(errors.Forbidden):
        projects.publish_project(uow, "p", actor(someone), LATER)
    assert projects.publish_project(uow, "p", actor(admin), LATER).published is True


def test_publishing_an_unknown_short_name_is_not_found(uow, owner):
    with pytest.raises(errors.NotFound):
        projects.publish_project(uow, "nowhere", actor(owner), LATER)


# -- delete -----------------------------------------------------------------------------------


def test_deleting_a_project_deletes_its_tasks_runs_results_and_helping_materials(uow, owner):
    project = a_project(uow, owner)
    task = a_task(uow, project)
    a_task_run(uow, task, owner)
    a_result(uow, task)
    a_helping_material(uow, project)
    projects.delete_project(uow, project.id, actor(owner), FakeFileStorage())
    assert uow.projects.get(project.id) is None
    for repo in (uow.tasks, uow.task_runs, uow.results, uow.helping_materials):
        assert everything_in(repo) == []


def test_deleting_a_project_removes_its_upload_folder_and_no_other(uow, owner):
    project, other = a_project(uow, owner), a_project(uow, owner, short_name="other")
    storage = FakeFileStorage()
    storage.save(f"project_{project.id}", "a.png", b"a")
    storage.save(f"project_{other.id}", "b.png", b"b")
    projects.delete_project(uow, project.id, actor(owner), storage)
    assert list(storage.files) == [(f"project_{other.id}", "b.png")]


def test_a_failed_project_delete_keeps_its_files(uow, owner):
    project = a_project(uow, owner)
    storage = FakeFileStorage()
    storage.save(f"project_{project.id}", "a.png", b"a")

    def database_went_away() -> None:
        raise RuntimeError("database went away")

    uow.concurrently.append(database_went_away)
    with pytest.raises(RuntimeError):
        projects.delete_project(uow, project.id, actor(owner), storage)
    assert list(storage.files) == [(f"project_{project.id}", "a.png")]


def test_an_admin_deletes_anyones_project(uow, owner, admin):
    project = a_project(uow, owner)
    projects.delete_project(uow, project.id, actor(admin), FakeFileStorage())
    assert uow.projects.get(project.id) is None


@pytest.mark.parametrize("who", ["someone", "anonymous"])
def test_only_the_owner_or_an_admin_deletes_a_project(uow, owner, someone, who):
    project = a_published_project(uow, owner)
    caller, error = (
        (actor(someone), errors.Forbidden)
        if who == "someone"
        else (ANONYMOUS, errors.AuthenticationRequired)
    )
    with pytest.raises(error):
        projects.delete_project(uow, project.id, caller, FakeFileStorage())
    assert uow.projects.get(project.id) is project
