"""Reading one object or a page of them, as the caller may see them; site-wide statistics."""

import pytest

from pybossa_core import errors
from pybossa_core.queries import ListQuery
from pybossa_core.use_cases import reading, stats
from pybossa_core.users import ANONYMOUS

from .builders import (
    a_category,
    a_project,
    a_published_project,
    a_result,
    a_task,
    a_task_run,
    a_user,
    actor,
)


def ids(listed):
    return [row.item.id for row in listed]


# -- one object -------------------------------------------------------------------------------


def test_anyone_reads_a_published_project(uow, owner):
    project = a_published_project(uow, owner)
    listed = reading.get_object(uow, "project", project.id, ANONYMOUS)
    assert listed.item is project and listed.extra == {}


def test_an_anonymous_caller_must_sign_in_to_read_a_draft(uow, owner):
    project = a_project(uow, owner)
    with pytest.raises(errors.AuthenticationRequired):
        reading.get_object(uow, "project", project.id, ANONYMOUS)


def test_another_user_is_forbidden_to_read_a_draft(uow, owner, someone):
    project = a_project(uow, owner)
    with pytest.raises(errors.Forbidden):
        reading.get_object(uow, "project", project.id, actor(someone))


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_the_owner_and_admins_read_a_draft(uow, owner, admin, who):
    project = a_project(uow, owner)
    caller = owner if who == "owner" else admin
    assert reading.get_object(uow, "project", project.id, actor(caller)).item is project


def test_reading_a_missing_object_is_not_found(uow):
    with pytest.raises(errors.NotFound, match="task 404 not found"):
        reading.get_object(uow, "task", 404, ANONYMOUS)


def test_a_task_read_with_related_carries_its_runs_and_result(uow, owner, someone):
    task = a_task(uow, a_published_project(uow, owner))
    runs = [a_task_run(uow, task, owner), a_task_run(uow, task, someone)]
    result = a_result(uow, task)
    listed = reading.get_object(uow, "task", task.id, ANONYMOUS, related=True)
    assert listed.extra == {"task_runs": runs, "result": result}


def test_a_task_read_without_related_carries_nothing(uow, owner):
    task = a_task(uow, a_published_project(uow, owner))
    assert reading.get_object(uow, "task", task.id, ANONYMOUS).extra == {}


def test_related_is_ignored_for_objects_other_than_tasks(uow, owner):
    project = a_published_project(uow, owner)
    assert reading.get_object(uow, "project", project.id, ANONYMOUS, related=True).extra == {}


# -- lists ------------------------------------------------------------------------------------


def test_an_anonymous_caller_lists_every_published_project_and_no_draft(uow, owner, someone):
    mine, theirs = a_published_project(uow, owner), a_published_project(uow, someone)
    a_project(uow, owner)
    assert ids(reading.list_objects(uow, "project", ListQuery(), ANONYMOUS)) == [mine.id, theirs.id]


def test_a_signed_in_caller_lists_their_own_projects_drafts_included(uow, owner, someone):
    public, draft = a_published_project(uow, owner), a_project(uow, owner)
    a_published_project(uow, someone)
    listed = reading.list_objects(uow, "project", ListQuery(), actor(owner))
    assert ids(listed) == [public.id, draft.id]


def test_all_lists_every_published_project_and_the_callers_drafts(uow, owner, someone):
    mine, theirs = a_project(uow, owner), a_published_project(uow, someone)
    a_project(uow, someone)
    listed = reading.list_objects(uow, "project", ListQuery(all=True), actor(owner))
    assert ids(listed) == [mine.id, theirs.id]


def test_an_admin_listing_all_sees_every_draft(uow, owner, someone, admin):
    drafts = [a_project(uow, owner), a_project(uow, someone)]
    listed = reading.list_objects(uow, "project", ListQuery(all=True), actor(admin))
    assert ids(listed) == [p.id for p in drafts]


def test_a_signed_in_caller_lists_the_tasks_of_their_projects(uow, owner, someone):
    mine = a_task(uow, a_published_project(uow, owner))
    theirs = a_task(uow, a_published_project(uow, someone))
    assert ids(reading.list_objects(uow, "task", ListQuery(), actor(owner))) == [mine.id]
    everything = reading.list_objects(uow, "task", ListQuery(all=True), actor(owner))
    assert ids(everything) == [mine.id, theirs.id]


def test_a_signed_in_caller_lists_the_task_runs_they_gave(uow, owner, someone):
    task = a_task(uow, a_published_project(uow, owner))
    given = a_task_run(uow, task, someone)
    a_task_run(uow, task, a_user(uow))
    assert ids(reading.list_objects(uow, "taskrun", ListQuery(), actor(someone))) == [given.id]


def test_categories_and_users_are_never_scoped_to_the_caller(uow, owner):
    a_category(uow)
    assert len(reading.list_objects(uow, "category", ListQuery(), actor(owner))) == 1
    a_user(uow)
    assert len(reading.list_objects(uow, "user", ListQuery(), actor(owner))) == 2


@pytest.mark.parametrize("private", ["email_addr", "admin"])
def test_only_admins_filter_users_by_private_fields(uow, someone, admin, private):
    query = ListQuery(filters={private: someone.email_addr if private == "email_addr" else False})
    with pytest.raises(errors.Forbidden):
        reading.list_objects(uow, "user", query, actor(someone))
    with pytest.raises(errors.Forbidden):
        reading.list_objects(uow, "user", query, ANONYMOUS)
    assert someone.id in ids(reading.list_objects(uow, "user", query, actor(admin)))


def test_anyone_filters_users_by_public_fields(uow, someone):
    query = ListQuery(filters={"name": someone.name})
    assert ids(reading.list_objects(uow, "user", query, ANONYMOUS)) == [someone.id]


def test_listed_tasks_carry_their_runs_and_result_when_related(uow, owner):
    project = a_published_project(uow, owner)
    answered, fresh = a_task(uow, project), a_task(uow, project)
    run = a_task_run(uow, answered, owner)
    result = a_result(uow, answered)
    listed = reading.list_objects(uow, "task", ListQuery(related=True), ANONYMOUS)
    assert [row.extra for row in listed] == [
        {"task_runs": [run], "result": result},
        {"task_runs": [], "result": None},
    ]
    assert ids(listed) == [answered.id, fresh.id]


def test_a_list_query_is_scoped_without_losing_the_clients_request():
    query = ListQuery(filters={"name": "x"}, limit=5, all=False)
    scoped = reading.scope("project", query, ANONYMOUS)
    assert (scoped.filters, scoped.limit) == ({"name": "x"}, 5)
    assert (scoped.owner_scope, scoped.draft_viewer, scoped.include_drafts) == (None, None, False)


# -- statistics -------------------------------------------------------------------------------


def test_global_stats_count_what_the_site_holds(uow, owner):
    category = a_category(uow, short_name="art")
    project = a_published_project(uow, owner, category_id=category.id)
    a_task_run(uow, a_task(uow, project), owner)
    counts = stats.global_stats(uow)
    assert (counts.n_projects, counts.n_users, counts.n_tasks, counts.n_task_runs) == (1, 1, 1, 1)
    assert counts.published_per_category == {"art": 1}
