"""List queries: filters, info search, paging, ordering, scopes and draft visibility in SQL."""

import pytest

from pybossa_core import errors
from pybossa_core.queries import ListQuery

from .builders import a_project, a_task, a_task_run, a_user, ids


@pytest.fixture
def owner(uow):
    return a_user(uow)


@pytest.fixture
def project(uow, owner):
    return a_project(uow, owner, published=True)


def _tasks(uow, project, infos):
    return [a_task(uow, project, info=info) for info in infos]


def _list(uow, kind, **query):
    with uow:
        return uow.repository(kind).list(ListQuery(**query))


def test_field_filters_are_equalities_anded_together(uow, project):
    wanted = a_task(uow, project, n_answers=3, quorum=1)
    a_task(uow, project, n_answers=3)
    a_task(uow, project, quorum=1)
    assert ids(_list(uow, "task", filters={"n_answers": 3, "quorum": 1})) == [wanted.id]


def test_an_integer_filter_beyond_the_column_range_matches_nothing(uow, project):
    a_task(uow, project)
    assert _list(uow, "task", filters={"id": 2**40}) == []


def test_a_filter_outside_the_whitelist_is_refused(uow):
    with pytest.raises(errors.UnknownAttribute):
        _list(uow, "user", filters={"passwd_hash": "x"})


def test_info_pairs_match_the_text_of_each_key(uow, project):
    tasks = _tasks(
        uow, project, [{"a": "x", "n": 5, "ok": True}, {"a": "x", "n": 6}, {"a": "y", "n": 5}, {}]
    )
    assert ids(_list(uow, "task", info_pairs=(("a", "x"),))) == [tasks[0].id, tasks[1].id]
    assert ids(_list(uow, "task", info_pairs=(("a", "x"), ("n", "5")))) == [tasks[0].id]
    assert ids(_list(uow, "task", info_pairs=(("ok", "true"),))) == [tasks[0].id]


def test_info_keys_with_quotes_and_dots_are_matched_exactly(uow, project):
    tasks = _tasks(uow, project, [{'we"ird.key': "v"}, {"we": {"ird": "v"}}])
    assert ids(_list(uow, "task", info_pairs=(('we"ird.key', "v"),))) == [tasks[0].id]


def test_the_same_query_shape_with_new_values_is_not_served_from_a_stale_cache(uow, project):
    tasks = _tasks(uow, project, [{"a": "x"}, {"a": "y"}])
    assert ids(_list(uow, "task", info_pairs=(("a", "x"),))) == [tasks[0].id]
    assert ids(_list(uow, "task", info_pairs=(("a", "y"),))) == [tasks[1].id]
    assert ids(_list(uow, "task", info_contains={"a": "y"})) == [tasks[1].id]
    assert ids(_list(uow, "task", info_contains={"a": "x"})) == [tasks[0].id]


def test_info_json_containment_matches_every_given_key(uow, project):
    tasks = _tasks(
        uow,
        project,
        [
            {"a": "x", "n": 5, "ok": True, "tags": ["p", "q"], "none": None},
            {"a": "x", "n": 6, "ok": False},
            {"a": 5},
        ],
    )
    assert ids(_list(uow, "task", info_contains={"a": "x"})) == [tasks[0].id, tasks[1].id]
    assert ids(_list(uow, "task", info_contains={"a": "x", "n": 5})) == [tasks[0].id]
    assert ids(_list(uow, "task", info_contains={"ok": False})) == [tasks[1].id]
    assert ids(_list(uow, "task", info_contains={"a": 5})) == [tasks[2].id]
    assert ids(_list(uow, "task", info_contains={"tags": ["p", "q"]})) == [tasks[0].id]
    assert ids(_list(uow, "task", info_contains={"none": None})) == [tasks[0].id]
    assert ids(_list(uow, "task", info_contains={})) == [t.id for t in tasks]


def test_full_text_finds_rows_holding_every_word_with_headline_and_rank(uow, project):
    tasks = _tasks(
        uow,
        project,
        [
            {"text": "The quick brown fox"},
            {"text": "A lazy dog"},
            {"text": "fox and dog, fox again"},
            {"other": "fox"},
        ],
    )
    rows = _list(uow, "task", info_pairs=(("text", "fox"),), fulltext=True)
    assert sorted(ids(rows)) == [tasks[0].id, tasks[2].id]
    ranks = [row.extra["rank"] for row in rows]
    assert ranks == sorted(ranks, reverse=True) and all(r > 0 for r in ranks)
    assert all("<b>fox</b>" in row.extra["headline"] for row in rows)
    both = _list(uow, "task", info_pairs=(("text", "fox dog"),), fulltext=True)
    assert ids(both) == [tasks[2].id]


def test_full_text_orders_by_rank_before_id(uow, project):
    weak = a_task(uow, project, info={"text": "a bird sings, many words, then a song far away"})
    strong = a_task(uow, project, info={"text": "bird song, bird song"})
    rows = _list(uow, "task", info_pairs=(("text", "bird song"),), fulltext=True)
    assert ids(rows) == [strong.id, weak.id]


def test_full_text_ignores_case(uow, project):
    task = a_task(uow, project, info={"text": "Hello World"})
    assert ids(_list(uow, "task", info_pairs=(("text", "WORLD"),), fulltext=True)) == [task.id]


@pytest.mark.parametrize("words", ["!!&&||", "fox & | !", "((", "a:*", "\\", "%_"])
def test_full_text_with_operator_soup_answers_a_list_not_an_error(uow, project, words):
    _tasks(uow, project, [{"text": "The quick brown fox"}, {"text": "100% done_now"}])
    rows = _list(uow, "task", info_pairs=(("text", words),), fulltext=True)
    assert isinstance(rows, list)


def test_full_text_escapes_like_wildcards(uow, project):
    _tasks(uow, project, [{"text": "nothing special"}])
    assert _list(uow, "task", info_pairs=(("text", "%"),), fulltext=True) == []
    assert _list(uow, "task", info_pairs=(("text", "_"),), fulltext=True) == []


def test_limit_and_offset_cut_the_page(uow, project):
    tasks = _tasks(uow, project, [{}] * 5)
    assert ids(_list(uow, "task", limit=2, offset=1)) == [tasks[1].id, tasks[2].id]


def test_last_id_pages_by_id_ascending_and_ignores_offset(uow, project):
    tasks = _tasks(uow, project, [{}] * 5)
    page = _list(uow, "task", last_id=tasks[1].id, limit=2, offset=3)
    assert ids(page) == [tasks[2].id, tasks[3].id]


def test_last_id_pages_by_id_descending_when_desc(uow, project):
    tasks = _tasks(uow, project, [{}] * 5)
    page = _list(uow, "task", last_id=tasks[3].id, limit=2, desc=True)
    assert ids(page) == [tasks[2].id, tasks[1].id]


def test_orderby_sorts_by_the_column_then_id(uow, project):
    low = a_task(uow, project, priority_0=0.1)
    high = a_task(uow, project, priority_0=0.9)
    middle = a_task(uow, project, priority_0=0.5)
    assert ids(_list(uow, "task", orderby="priority_0")) == [low.id, middle.id, high.id]
    assert ids(_list(uow, "task", orderby="priority_0", desc=True)) == [high.id, middle.id, low.id]
    assert ids(_list(uow, "task", desc=True)) == [middle.id, high.id, low.id]


def test_ordering_by_created_is_allowed_on_every_kind(uow, owner):
    assert ids(_list(uow, "user", orderby="created")) == [owner.id]


def test_owner_scope_keeps_a_users_own_projects(uow, owner):
    mine = a_project(uow, owner, published=True)
    a_project(uow, a_user(uow), published=True)
    assert ids(_list(uow, "project", owner_scope=owner.id)) == [mine.id]


def test_owner_scope_keeps_tasks_of_the_users_projects(uow, owner, project):
    mine = a_task(uow, project)
    a_task(uow, a_project(uow, a_user(uow), published=True))
    assert ids(_list(uow, "task", owner_scope=owner.id)) == [mine.id]


def test_owner_scope_keeps_a_users_answers_and_answers_to_their_projects(uow, owner, project):
    stranger = a_user(uow)
    their_task = a_task(uow, a_project(uow, stranger, published=True))
    my_answer = a_task_run(uow, their_task, owner)
    a_task_run(uow, their_task, stranger)
    answer_to_me = a_task_run(uow, a_task(uow, project), stranger)
    scoped = _list(uow, "taskrun", owner_scope=owner.id)
    assert ids(scoped) == [my_answer.id, answer_to_me.id]


def test_categories_and_users_are_never_owner_scoped(uow, owner):
    assert len(_list(uow, "category", owner_scope=owner.id)) == 2
    assert ids(_list(uow, "user", owner_scope=owner.id + 1)) == [owner.id]


def test_drafts_are_hidden_before_the_page_is_cut(uow, owner):
    for _ in range(3):
        a_project(uow, owner)
    published = [a_project(uow, owner, published=True) for _ in range(2)]
    assert ids(_list(uow, "project", limit=2)) == [p.id for p in published]


def test_owners_see_their_drafts_and_admins_see_all(uow, owner):
    draft = a_project(uow, owner)
    other_draft = a_project(uow, a_user(uow))
    public = a_project(uow, owner, published=True)
    assert ids(_list(uow, "project", draft_viewer=owner.id)) == [draft.id, public.id]
    assert ids(_list(uow, "project", include_drafts=True)) == [draft.id, other_draft.id, public.id]
    assert ids(_list(uow, "project")) == [public.id]


def test_a_project_count_counts_what_the_list_shows_over_every_page(uow, owner, project):
    other = a_user(uow)
    mine, theirs = a_project(uow, owner), a_project(uow, other)
    scopes = {
        "drafts of the owner": dict(owner_scope=owner.id, draft_viewer=owner.id),
        "every draft": dict(include_drafts=True),
        "published only": dict(),
    }
    expected = {
        "drafts of the owner": [mine.id],
        "every draft": [mine.id, theirs.id],
        "published only": [],
    }
    for name, scope in scopes.items():
        query = ListQuery(filters={"published": False}, limit=1, **scope)
        with uow:
            assert uow.projects.count_listed(query) == len(expected[name]), name
        assert ids(_list(uow, "project", filters={"published": False}, **scope)) == expected[name]
