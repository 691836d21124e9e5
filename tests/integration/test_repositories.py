"""Each SQL repository stores, finds and lists its aggregate on a real database."""

from adapters.sql import orm
from pybossa_core.categories import Category
from pybossa_core.entity import Changes
from pybossa_core.queries import ListQuery

from .builders import (
    LATER,
    NOW,
    THINKING,
    a_category,
    a_helping_material,
    a_project,
    a_result,
    a_task,
    a_task_run,
    a_user,
    ids,
)


def test_a_stored_user_reads_back_with_every_field(uow):
    user = a_user(uow, fullname="Ada Lovelace", info={"avatar": "a.png"}, admin=True)
    with uow:
        found = uow.users.get(user.id)
        assert (found.name, found.fullname, found.email_addr, found.api_key) == (
            user.name,
            "Ada Lovelace",
            user.email_addr,
            user.api_key,
        )
        assert found.admin is True and found.privacy_mode is True and found.locale == "en"
        assert found.info == {"avatar": "a.png"} and found.created == NOW


def test_users_are_found_by_api_key_name_and_email_ignoring_case(uow):
    user = a_user(uow, email_addr="ada@example.com")
    with uow:
        assert uow.users.get_by_api_key(user.api_key).id == user.id
        assert uow.users.get_by_name(user.name).id == user.id
        assert uow.users.get_by_email("ADA@Example.COM").id == user.id
        assert uow.users.get_by_api_key("no-such-key") is None
        assert uow.users.get_by_email("nobody@example.com") is None


def test_get_answers_none_for_ids_that_cannot_exist(uow):
    with uow:
        assert uow.projects.get(12345) is None
        assert uow.projects.get(0) is None
        assert uow.projects.get(2**40) is None


def test_categories_are_found_by_short_name_and_the_first_is_the_default(uow):
    category = a_category(uow, short_name="birds", description="Bird projects")
    with uow:
        assert uow.categories.get_by_short_name("birds").id == category.id
        assert uow.categories.first().short_name == "thinking"
        assert uow.categories.get(category.id).description == "Bird projects"


def test_a_category_counts_its_projects(uow):
    owner = a_user(uow)
    a_project(uow, owner)
    a_project(uow, owner)
    with uow:
        assert uow.categories.count_projects(THINKING) == 2
        assert uow.categories.count_projects(THINKING + 1) == 0


def test_projects_are_found_by_short_name_and_by_name(uow):
    owner = a_user(uow)
    project = a_project(
        uow, owner, name="Birds", short_name="birds", info={"task_presenter": "<p/>"}
    )
    with uow:
        assert uow.projects.get_by_short_name("birds").id == project.id
        assert uow.projects.get_by_name("Birds").id == project.id
        found = uow.projects.get(project.id)
        assert found.owners_ids == [owner.id] and found.info == {"task_presenter": "<p/>"}
        assert found.published is False and found.updated == NOW


def test_tasks_are_counted_per_project(uow):
    owner = a_user(uow)
    project, other = a_project(uow, owner), a_project(uow, owner)
    a_task(uow, project)
    a_task(uow, project, info={"url": "x"}, n_answers=3, priority_0=0.5)
    a_task(uow, other)
    with uow:
        assert uow.tasks.count_for_project(project.id) == 2
        stored = uow.tasks.list(ListQuery(filters={"project_id": project.id}))
        assert [(t.item.n_answers, t.item.priority_0) for t in stored] == [(30, 0.0), (3, 0.5)]
        assert stored[0].item.fav_user_ids is None


def test_task_runs_of_a_task_come_oldest_first(uow):
    owner = a_user(uow)
    task = a_task(uow, a_project(uow, owner))
    first = a_task_run(uow, task, owner)
    second = a_task_run(uow, task, None, info=["any", "json"])
    with uow:
        runs = uow.task_runs.for_task(task.id)
        assert [r.id for r in runs] == [first.id, second.id]
        assert runs[0].user_id == owner.id and runs[0].finish_time == LATER
        assert runs[1].user_id is None and runs[1].user_ip == "10.0.0.1"
        assert runs[1].info == ["any", "json"]


def test_the_result_of_a_task_is_its_last_version(uow):
    owner = a_user(uow)
    task = a_task(uow, a_project(uow, owner))
    run = a_task_run(uow, task, owner)
    a_result(uow, task, [run], last_version=False)
    current = a_result(uow, task, [run], info={"answer": "yes"})
    with uow:
        found = uow.results.for_task(task.id)
        assert found.id == current.id and found.task_run_ids == [run.id]
        assert found.info == {"answer": "yes"}
        assert uow.results.for_task(task.id + 1000) is None


def test_helping_materials_are_stored_and_listed_per_project(uow):
    owner = a_user(uow)
    project = a_project(uow, owner)
    material = a_helping_material(uow, project, media_url="/uploads/p/a.png", priority=0.5)
    a_helping_material(uow, a_project(uow, owner))
    with uow:
        found = uow.helping_materials.get(material.id)
        assert (found.media_url, found.priority) == ("/uploads/p/a.png", 0.5)
        listed = uow.helping_materials.list(ListQuery(filters={"project_id": project.id}))
        assert ids(listed) == [material.id]


def test_changes_to_a_loaded_object_are_saved_at_commit(uow):
    category = a_category(uow)
    with uow:
        uow.categories.get(category.id).apply_changes(
            Changes({"description": "changed", "info": {"k": "v"}})
        )
        uow.commit()
    with uow:
        found = uow.categories.get(category.id)
        assert (found.description, found.info) == ("changed", {"k": "v"})


def test_every_kind_lists_through_its_repository(uow):
    owner = a_user(uow)
    project = a_project(uow, owner, published=True)
    task = a_task(uow, project)
    run = a_task_run(uow, task, owner)
    result = a_result(uow, task, [run])
    material = a_helping_material(uow, project)
    expected = {
        "user": [owner.id],
        "category": [1, 2],
        "project": [project.id],
        "task": [task.id],
        "taskrun": [run.id],
        "result": [result.id],
        "helpingmaterial": [material.id],
    }
    with uow:
        for kind, wanted in expected.items():
            assert ids(uow.repository(kind).list(ListQuery())) == wanted, kind


def test_an_added_object_gets_its_id_at_commit(uow):
    category = Category(name="Fresh", short_name="fresh", created=NOW)
    with uow:
        uow.categories.add(category)
        assert category.id is None
        uow.commit()
    assert isinstance(category.id, int)
    with uow:
        assert uow.categories.get(category.id).name == "Fresh"


def test_starting_the_mappers_twice_is_harmless(uow):
    orm.start_mappers()
    orm.start_mappers()
    assert a_category(uow).id is not None
