"""Reading accounts: profiles with ranks and projects, community pages, one's own projects."""

import pytest

from pybossa_core import errors
from pybossa_core.ports import ProjectStats
from pybossa_core.use_cases import profiles
from pybossa_core.users import ANONYMOUS

from .builders import a_project, a_published_project, a_task, a_task_run, a_user, actor


def answers(uow, user, project, n):
    """`n` answers by `user`, one per new task of the project."""
    for _ in range(n):
        a_task_run(uow, a_task(uow, project), user)


def progress(stats: ProjectStats) -> tuple[int, int, int]:
    """Tasks, completed tasks and volunteers: what the account pages show of a project."""
    return stats.n_tasks, stats.n_completed_tasks, stats.n_volunteers


@pytest.fixture
def project(uow, owner):
    return a_published_project(uow, owner)


# -- profile ----------------------------------------------------------------------------------


def test_a_profile_has_score_rank_and_the_number_of_users(uow, owner, project, someone):
    answers(uow, someone, project, 3)
    answers(uow, owner, project, 1)
    found = profiles.profile(uow, someone.name, ANONYMOUS)
    assert found.contributor.user is someone
    assert (found.contributor.score, found.contributor.rank, found.total_users) == (3, 1, 2)
    assert profiles.profile(uow, owner.name, ANONYMOUS).contributor.rank == 2


def test_others_see_only_published_projects_created(uow, owner, someone, project):
    a_project(uow, owner, name="Draft")
    for viewer in (ANONYMOUS, actor(someone)):
        assert profiles.profile(uow, owner.name, viewer).projects_created == [project]


def test_the_user_and_admins_see_drafts_created_too(uow, owner, admin, project):
    draft = a_project(uow, owner)
    for viewer in (actor(owner), actor(admin)):
        assert profiles.profile(uow, owner.name, viewer).projects_created == [project, draft]


def test_projects_contributed_are_the_published_ones_answered(uow, owner, someone, project):
    other = a_published_project(uow, owner)
    draft = a_project(uow, owner)
    answers(uow, someone, other, 2)
    answers(uow, someone, draft, 1)
    assert profiles.profile(uow, someone.name, ANONYMOUS).projects_contributed == [other]


def test_a_profile_has_the_progress_of_its_projects(uow, owner, someone, project):
    answers(uow, someone, project, 2)
    empty = a_published_project(uow, owner)
    stats = profiles.profile(uow, owner.name, ANONYMOUS).stats
    assert {k: progress(v) for k, v in stats.items()} == {project.id: (2, 0, 1)}
    assert empty.id not in stats


def test_an_unknown_name_has_no_profile(uow):
    with pytest.raises(errors.NotFound):
        profiles.profile(uow, "nobody", ANONYMOUS)


# -- community pages --------------------------------------------------------------------------


def users_named(uow, *names):
    return [a_user(uow, name=name) for name in names]


def test_a_community_page_lists_users_by_name_with_score_and_rank(uow, owner):
    project = a_published_project(uow, owner, short_name="p", name="P")
    carol, alice, bob = users_named(uow, "carol", "alice", "bob")
    answers(uow, bob, project, 2)
    answers(uow, carol, project, 1)
    page = profiles.community_page(uow, 1, per_page=3)
    assert [(c.user.name, c.score, c.rank) for c in page.accounts] == [
        ("alice", 0, 4),
        ("bob", 2, 1),
        ("carol", 1, 2),
    ]
    assert page.total == 4


def test_top_users_are_ranked_by_answers_then_by_age(uow, owner, project):
    first, second, third = users_named(uow, "z1", "z2", "z3")
    answers(uow, third, project, 2)
    answers(uow, second, project, 1)
    answers(uow, first, project, 1)
    top = profiles.community_page(uow, 1, top=3).top_users
    assert [(c.user, c.score, c.rank) for c in top] == [
        (third, 2, 1),
        (first, 1, 2),
        (second, 1, 3),
    ]


def test_a_signed_in_user_outside_the_top_is_added_to_it(uow, owner, project):
    best, me = users_named(uow, "best", "me")
    answers(uow, best, project, 1)
    top = profiles.community_page(uow, 1, top=1, actor=actor(me)).top_users
    assert [(c.user, c.rank) for c in top] == [(best, 1), (me, 3)]
    again = profiles.community_page(uow, 1, top=1, actor=actor(best)).top_users
    assert [c.user for c in again] == [best]


def test_pages_know_their_neighbours(uow):
    users_named(uow, *(f"user{n:02}" for n in range(5)))
    first, last = (profiles.community_page(uow, n, per_page=2) for n in (1, 3))
    assert (first.has_prev, first.has_next, first.page, first.per_page) == (False, True, 1, 2)
    assert (last.has_prev, last.has_next) == (True, False)
    assert [c.user.name for c in last.accounts] == ["user04"]


def test_an_exactly_full_last_page_has_no_next(uow):
    users_named(uow, "aa1", "aa2", "aa3", "aa4")
    assert profiles.community_page(uow, 2, per_page=2).has_next is False


@pytest.mark.parametrize("page", [0, -1, 4])
def test_a_page_outside_the_list_is_not_found(uow, page):
    users_named(uow, *(f"u{n:03}" for n in range(5)))
    with pytest.raises(errors.NotFound):
        profiles.community_page(uow, page, per_page=2)


def test_the_first_page_of_an_empty_community_exists(uow):
    page = profiles.community_page(uow, 1)
    assert (page.accounts, page.top_users, page.total, page.has_next) == ([], [], 0, False)


# -- one's own projects -----------------------------------------------------------------------


def test_a_user_sees_their_drafts_and_published_projects(uow, owner, admin, project):
    draft = a_project(uow, owner)
    for viewer in (actor(owner), actor(admin)):
        found = profiles.my_projects(uow, viewer, owner.name)
        assert (found.drafts, found.published) == ([draft], [project])


def test_own_projects_come_with_their_progress(uow, owner, someone, project):
    a_task(uow, project)
    answers(uow, someone, project, 1)
    found = profiles.my_projects(uow, actor(owner), owner.name)
    assert {k: progress(v) for k, v in found.stats.items()} == {project.id: (2, 0, 1)}


def test_the_user_or_an_admin_may_manage_an_account(uow, owner, admin, someone):
    assert profiles.ensure_can_manage(uow, actor(owner), owner.name) is owner
    assert profiles.ensure_can_manage(uow, actor(admin), owner.name) is owner
    with pytest.raises(errors.Forbidden):
        profiles.ensure_can_manage(uow, actor(someone), owner.name)


def test_the_signed_in_callers_name(uow, someone):
    assert profiles.name_of(uow, actor(someone)) == someone.name
    with pytest.raises(errors.AuthenticationRequired):
        profiles.name_of(uow, ANONYMOUS)


def test_nobody_else_sees_a_users_project_lists(uow, owner, someone):
    with pytest.raises(errors.Forbidden):
        profiles.my_projects(uow, actor(someone), owner.name)
    with pytest.raises(errors.AuthenticationRequired):
        profiles.my_projects(uow, ANONYMOUS, owner.name)
