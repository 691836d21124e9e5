"""What a ListQuery selects, in which order: the semantics every repository's `list` shares."""

from pybossa_core.queries import ListQuery

from .builders import a_category, a_project, a_published_project, a_task, a_task_run, a_user


def ids(listed):
    return [row.item.id for row in listed]


def test_filters_keep_only_equal_values(uow, owner):
    project = a_project(uow, owner)
    other = a_project(uow, owner)
    wanted = a_task(uow, project, n_answers=3)
    a_task(uow, project, n_answers=5)
    a_task(uow, other, n_answers=3)
    query = ListQuery(filters={"project_id": project.id, "n_answers": 3})
    assert ids(uow.tasks.list(query)) == [wanted.id]


def test_info_pairs_match_exact_text_values(uow, owner):
    project = a_project(uow, owner)
    wanted = a_task(uow, project, info={"city": "Paris", "n": 3})
    a_task(uow, project, info={"city": "Paris Texas", "n": 3})
    a_task(uow, project, info={"n": 3})
    assert ids(uow.tasks.list(ListQuery(info_pairs=(("city", "Paris"),)))) == [wanted.id]
    query = ListQuery(info_pairs=(("city", "Paris"), ("n", "3")))
    assert ids(uow.tasks.list(query)) == [wanted.id]


def test_fulltext_pairs_need_every_word_in_any_case_and_add_headline_and_rank(uow, owner):
    project = a_project(uow, owner)
    wanted = a_task(uow, project, info={"text": "The Big red Dog"})
    a_task(uow, project, info={"text": "a big cat"})
    query = ListQuery(info_pairs=(("text", "dog BIG"),), fulltext=True)
    [row] = uow.tasks.list(query)
    assert row.item is wanted
    assert row.extra["headline"] == "The Big red Dog"
    assert row.extra["rank"] > 0


def test_without_fulltext_lists_add_nothing_to_the_objects(uow, owner):
    a_task(uow, a_project(uow, owner), info={"text": "x"})
    [row] = uow.tasks.list(ListQuery(info_pairs=(("text", "x"),)))
    assert row.extra == {}


def test_info_contains_compares_top_level_keys(uow, owner):
    project = a_project(uow, owner)
    wanted = a_task(uow, project, info={"a": 1, "b": [1, 2], "c": "x"})
    a_task(uow, project, info={"a": 1, "b": [1]})
    query = ListQuery(info_contains={"a": 1, "b": [1, 2]})
    assert ids(uow.tasks.list(query)) == [wanted.id]


def test_owner_scope_keeps_a_users_projects_and_the_parts_of_them(uow, owner, someone):
    mine, theirs = a_project(uow, owner), a_project(uow, someone)
    my_task = a_task(uow, mine)
    a_task(uow, theirs)
    scoped = ListQuery(owner_scope=owner.id, draft_viewer=owner.id)
    assert ids(uow.projects.list(scoped)) == [mine.id]
    assert ids(uow.tasks.list(scoped)) == [my_task.id]


def test_owner_scope_keeps_task_runs_a_user_gave_or_received(uow, owner, someone):
    mine, theirs = a_project(uow, owner), a_project(uow, someone)
    received = a_task_run(uow, a_task(uow, mine), someone)
    given = a_task_run(uow, a_task(uow, theirs), owner)
    a_task_run(uow, a_task(uow, theirs), someone)
    assert ids(uow.task_runs.list(ListQuery(owner_scope=owner.id))) == [received.id, given.id]


def test_owner_scope_is_ignored_for_categories_and_users(uow, owner):
    a_category(uow)
    a_user(uow)
    query = ListQuery(owner_scope=owner.id)
    assert len(uow.categories.list(query)) == 1
    assert len(uow.users.list(query)) == 2


def test_drafts_are_listed_only_for_their_owner_or_when_included(uow, owner, someone):
    public = a_published_project(uow, someone)
    draft = a_project(uow, someone)
    assert ids(uow.projects.list(ListQuery())) == [public.id]
    assert ids(uow.projects.list(ListQuery(draft_viewer=owner.id))) == [public.id]
    assert ids(uow.projects.list(ListQuery(draft_viewer=someone.id))) == [public.id, draft.id]
    assert ids(uow.projects.list(ListQuery(include_drafts=True))) == [public.id, draft.id]


def test_lists_go_by_id_with_offset_and_limit(uow, owner):
    project = a_project(uow, owner)
    tasks = [a_task(uow, project) for _ in range(5)]
    page = uow.tasks.list(ListQuery(offset=1, limit=2))
    assert ids(page) == [tasks[1].id, tasks[2].id]
    assert ids(uow.tasks.list(ListQuery(desc=True, limit=2))) == [tasks[4].id, tasks[3].id]


def test_lists_order_by_a_field_then_by_id(uow, owner):
    project = a_project(uow, owner)
    high = a_task(uow, project, priority_0=0.9)
    low_a = a_task(uow, project, priority_0=0.1)
    low_b = a_task(uow, project, priority_0=0.1)
    assert ids(uow.tasks.list(ListQuery(orderby="priority_0"))) == [low_a.id, low_b.id, high.id]
    reverse = ListQuery(orderby="priority_0", desc=True)
    assert ids(uow.tasks.list(reverse)) == [high.id, low_b.id, low_a.id]


def test_missing_values_come_last_in_ascending_order(uow, owner):
    project = a_project(uow, owner)
    unset = a_task_run(uow, a_task(uow, project), None, external_uid=None)
    named = a_task_run(uow, a_task(uow, project), None, external_uid="abc")
    query = ListQuery(orderby="external_uid")
    assert ids(uow.task_runs.list(query)) == [named.id, unset.id]


def test_last_id_pages_after_the_id_and_ignores_offset(uow, owner):
    project = a_project(uow, owner)
    tasks = [a_task(uow, project) for _ in range(5)]
    page = uow.tasks.list(ListQuery(last_id=tasks[1].id, offset=3, limit=2))
    assert ids(page) == [tasks[2].id, tasks[3].id]


def test_last_id_in_descending_order_pages_below_the_id(uow, owner):
    project = a_project(uow, owner)
    tasks = [a_task(uow, project) for _ in range(5)]
    page = uow.tasks.list(ListQuery(last_id=tasks[3].id, desc=True, limit=2))
    assert ids(page) == [tasks[2].id, tasks[1].id]
