"""The project forms' use cases: who opens them, refusals as field problems, the thumbnail's
files, and the secret key."""

import pytest

from pybossa_core import errors
from pybossa_core.projects import CreateProject
from pybossa_core.use_cases import project_forms
from pybossa_core.use_cases.forms import Refused
from pybossa_core.users import ANONYMOUS

from .builders import LATER, NOW, a_category, a_project, a_task, actor, everything_in
from .fakes import FakeFileStorage, FakeImageProcessor, SequentialKeys

KEYS = SequentialKeys()  # one numbering for the module: every name part it makes differs
FIELDS = {"name": "Birds", "short_name": "birds", "description": "Count birds"}


def thumbnail(uow, storage, caller, short_name="birds", data=b"picture"):
    return project_forms.set_thumbnail(
        uow,
        short_name,
        data,
        None,
        caller,
        NOW,
        images=FakeImageProcessor(),
        storage=storage,
        keys=KEYS,
    )


def test_a_clash_with_another_project_is_the_clashing_fields_problem(uow, owner):
    a_category(uow)
    a_project(uow, owner, short_name="birds", name="Birds")
    for sent, field in (({"short_name": "birds"}, "short_name"), ({"name": "Birds"}, "name")):
        command = CreateProject(**{**FIELDS, "short_name": "other", "name": "Other", **sent})
        outcome = project_forms.create(uow, command, actor(owner), NOW, keys=SequentialKeys())
        assert isinstance(outcome, Refused) and list(outcome.problems) == [field]
    assert len(everything_in(uow.projects)) == 1


def test_a_blank_description_is_the_long_descriptions_start(uow, owner):
    a_category(uow)
    command = CreateProject(**{**FIELDS, "description": " ", "long_description": "y" * 300})
    project = project_forms.create(uow, command, actor(owner), NOW, keys=SequentialKeys())
    assert project.description == "y" * 255


def test_the_forms_of_a_project_are_its_owners_and_admins(uow, owner, someone, admin):
    project = a_project(uow, owner, short_name="birds")
    with pytest.raises(errors.AuthenticationRequired):
        project_forms.managed_page(uow, "no-such-project", ANONYMOUS)
    with pytest.raises(errors.Forbidden):
        project_forms.managed_page(uow, "birds", actor(someone))
    for caller in (owner, admin):
        assert project_forms.managed_page(uow, "birds", actor(caller)).project is project


def test_a_password_is_refused_and_nothing_changes(uow, owner):
    project = a_project(uow, owner, short_name="birds", description="before")
    for form in ({"password": "s3cret"}, {"protect": True}):
        outcome = project_forms.update(
            uow, "birds", {**form, "description": "after"}, actor(owner), LATER
        )
        assert isinstance(outcome, Refused) and list(outcome.problems) == ["password"]
    assert uow.projects.get(project.id).description == "before"
    changed = project_forms.update(
        uow,
        "birds",
        {"password": "", "protect": False, "description": "after"},
        actor(owner),
        LATER,
    )
    assert changed.description == "after"


def test_a_new_thumbnail_replaces_the_stored_one(uow, owner):
    project = a_project(uow, owner, short_name="birds")
    storage = FakeFileStorage()
    first = dict(thumbnail(uow, storage, actor(owner)).info)
    second = thumbnail(uow, storage, actor(owner), data=b"other").info
    container = f"project_{project.id}"
    assert storage.names(container) == [second["thumbnail"]]
    assert first["thumbnail"] != second["thumbnail"]
    assert storage.open(container, second["thumbnail"]) == b"PNG:other"


def test_a_thumbnail_name_that_is_not_the_servers_is_never_deleted(uow, owner):
    project = a_project(uow, owner, short_name="birds")
    storage = FakeFileStorage()
    container = f"project_{project.id}"
    storage.save(container, "tasks.csv", b"data")
    storage.save("user_1", "1234_thumbnail.png", b"avatar")
    for info in (
        {"container": container, "thumbnail": "tasks.csv"},
        {"container": "user_1", "thumbnail": "1234_thumbnail.png"},
    ):
        project.info = info
        thumbnail(uow, storage, actor(owner))
        assert storage.open(*info.values()) in (b"data", b"avatar")


def test_a_refused_thumbnail_stores_nothing(uow, owner, someone):
    project = a_project(uow, owner, short_name="birds")
    storage = FakeFileStorage()
    outcome = thumbnail(uow, storage, actor(owner), data=b"not-an-image")
    assert isinstance(outcome, Refused) and list(outcome.problems) == ["avatar"]
    with pytest.raises(errors.Forbidden):
        thumbnail(uow, storage, actor(someone))
    assert storage.names(f"project_{project.id}") == []
    assert "thumbnail" not in uow.projects.get(project.id).info


def test_publishing_again_is_no_change_and_a_draft_not_ready_is_refused(uow, owner):
    project = a_project(uow, owner, short_name="birds")
    refused = project_forms.publish(uow, "birds", actor(owner), NOW)
    assert isinstance(refused, Refused) and set(refused.problems) == {"task_presenter", "tasks"}
    project.info = {"task_presenter": "<p/>"}
    a_task(uow, project)
    assert project_forms.publish(uow, "birds", actor(owner), NOW).published is True
    assert project_forms.publish(uow, "birds", actor(owner), LATER).updated == NOW


def test_a_bad_redundancy_is_refused_only_to_those_who_may_set_it(uow, owner, someone):
    a_project(uow, owner, short_name="birds")
    with pytest.raises(errors.Forbidden):
        project_forms.set_redundancy(uow, "birds", 0, actor(someone), NOW)
    refused = project_forms.set_redundancy(uow, "birds", 0, actor(owner), NOW)
    assert isinstance(refused, Refused) and list(refused.problems) == ["n_answers"]


def test_a_new_secret_key_is_the_owners_or_an_admins_to_ask(uow, owner, someone, admin):
    project = a_project(uow, owner, short_name="birds")
    old = project.secret_key
    keys = SequentialKeys()
    with pytest.raises(errors.Forbidden):
        project_forms.reset_secret_key(uow, "birds", actor(someone), NOW, keys=keys)
    assert uow.projects.get(project.id).secret_key == old
    for caller in (owner, admin):
        before = uow.projects.get(project.id).secret_key
        renewed = project_forms.reset_secret_key(uow, "birds", actor(caller), LATER, keys=keys)
        assert renewed.secret_key not in (old, before) and renewed.updated == LATER


def test_a_thumbnail_whose_update_fails_unexpectedly_leaves_no_file(uow, owner):
    project = a_project(uow, owner, short_name="birds")
    storage = FakeFileStorage()

    def the_database_goes_away():
        raise ConnectionError("the database went away")

    uow.concurrently.append(the_database_goes_away)
    with pytest.raises(ConnectionError):
        thumbnail(uow, storage, actor(owner))
    assert storage.names(f"project_{project.id}") == []
    assert "thumbnail" not in uow.projects.get(project.id).info
