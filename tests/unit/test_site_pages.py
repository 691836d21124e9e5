"""The site pages' and the admin console's rules: the leaderboard window, the statistics of
the last day, the dashboard's week, featuring, and the listings' pages."""

from datetime import timedelta

import pytest

from pybossa_core import errors
from pybossa_core.use_cases import admin_console, project_listings, site_pages

from .builders import (
    NOW,
    a_category,
    a_published_project,
    a_task,
    a_task_run,
    a_user,
    actor,
    an_admin,
)


def _answers(uow, project, user, n: int, **kw) -> None:
    """`n` answers by `user` (anonymous: None), to as many new tasks."""
    for _ in range(n):
        a_task_run(uow, a_task(uow, project), user, **kw)


def test_the_window_is_bounded_and_merged_with_the_top_in_ranking_order(uow, owner):
    a_category(uow)
    project = a_published_project(uow, owner)
    tasks = [a_task(uow, project) for _ in range(30)]
    users = [a_user(uow) for _ in range(60)]
    for n, user in enumerate(users[:25]):
        for task in tasks[: 30 - n]:
            a_task_run(uow, task, user)
    ranking = users[:25] + [owner] + users[25:]  # no answers: by id
    me = users[-1]
    assert [who.user for who in site_pages.leaderboard(uow, actor(me))] == ranking[:20]
    windowed = site_pages.leaderboard(uow, actor(me), window=1000)
    bounded = ranking[-1 - site_pages.MAX_WINDOW :]
    assert [who.user for who in windowed] == ranking[:20] + bounded


def test_the_last_day_counts_answers_finished_within_24_hours(uow, owner):
    a_category(uow)
    project = a_published_project(uow, owner)
    volunteer = a_user(uow)
    _answers(uow, project, volunteer, 2)
    _answers(uow, project, volunteer, 3, finish_time=NOW - timedelta(hours=25))
    found = site_pages.site_stats(uow, NOW)
    assert [(p.short_name, p.n_answers) for p in found.top_projects] == [(project.short_name, 2)]
    assert [(u.user, u.n_answers) for u in found.top_users] == [(volunteer, 2)]


def test_the_dashboard_shows_seven_days_with_zeros_for_quiet_ones(uow, owner):
    a_category(uow)
    project = a_published_project(uow, owner)
    _answers(uow, project, owner, 1, finish_time=NOW - timedelta(days=2))
    _answers(uow, project, None, 2, finish_time=NOW - timedelta(days=9))  # too old
    board = admin_console.dashboard(uow, actor(an_admin(uow)), NOW)
    assert board.days[-1] == NOW.date() and len(board.days) == 7
    assert board.figures["task_runs"] == [0, 0, 0, 0, 1, 0, 0]
    assert board.figures["active_users"] == [0, 0, 0, 0, 1, 0, 0]
    assert board.figures["active_anonymous"] == [0] * 7


def test_only_admins_feature_and_twice_is_a_conflict(uow, owner):
    a_category(uow)
    project = a_published_project(uow, owner)
    admin = actor(an_admin(uow))
    with pytest.raises(errors.Forbidden):
        admin_console.set_featured(uow, actor(owner), project.id, True, NOW)
    assert admin_console.set_featured(uow, admin, project.id, True, NOW).featured is True
    with pytest.raises(errors.Conflict):
        admin_console.set_featured(uow, admin, project.id, True, NOW)


def test_a_listing_page_past_the_last_is_not_found_but_an_empty_first_page_is_shown(uow, owner):
    category = a_category(uow)
    empty = project_listings.project_listing(uow, category.short_name, 1, actor(owner))
    assert empty.projects == [] and empty.total == 0
    for page in (0, 2):
        with pytest.raises(errors.NotFound):
            project_listings.project_listing(uow, category.short_name, page, actor(owner))
