"""SqlStatsReader counts what /api/globalstats, /stats/ and the admins' dashboard report."""

from datetime import timedelta

from pybossa_core.tasks import COMPLETED

from .builders import NOW, a_category, a_project, a_result, a_task, a_task_run, a_user


def test_global_stats_count_every_kind_of_object(uow):
    owner, volunteer = a_user(uow), a_user(uow)
    birds = a_category(uow, short_name="birds")
    published = a_project(uow, owner, published=True, featured=True)
    a_project(uow, owner, published=True, category_id=birds.id)
    a_project(uow, owner)
    done = a_task(uow, published, state=COMPLETED, n_answers=1)
    a_task(uow, published)
    run = a_task_run(uow, done, volunteer)
    a_task_run(uow, done, None)
    a_result(uow, done, [run])
    with uow:
        stats = uow.stats.global_stats()
    assert (stats.n_projects, stats.n_users, stats.n_tasks, stats.n_task_runs) == (3, 2, 2, 2)
    assert (stats.n_pending_tasks, stats.n_results) == (1, 1)
    assert (stats.n_featured, stats.n_drafts) == (1, 1)
    assert stats.published_per_category == {"thinking": 1, "sensing": 0, "birds": 1}


def test_global_stats_of_an_empty_site_are_zero(uow):
    with uow:
        stats = uow.stats.global_stats()
    assert (
        stats.n_projects,
        stats.n_users,
        stats.n_tasks,
        stats.n_task_runs,
        stats.n_pending_tasks,
        stats.n_results,
    ) == (0, 0, 0, 0, 0, 0)
    assert stats.published_per_category == {"thinking": 0, "sensing": 0}


def test_the_last_days_busiest_are_counted_from_the_given_time_on(uow):
    owner, busy, quiet = a_user(uow), a_user(uow), a_user(uow)
    published = a_project(uow, owner, published=True)
    draft = a_project(uow, owner)
    for project in (published, draft):
        for volunteer in (busy, quiet, None):
            a_task_run(uow, a_task(uow, project), volunteer, finish_time=NOW)
    a_task_run(uow, a_task(uow, published), busy, finish_time=NOW)
    a_task_run(uow, a_task(uow, published), quiet, finish_time=NOW - timedelta(days=2))
    with uow:
        projects = uow.stats.top_projects_since(NOW - timedelta(hours=1), 5)
        users = uow.stats.top_users_since(NOW - timedelta(hours=1), 5)
        n_anonymous = uow.stats.n_anonymous_volunteers()
    assert [(p.project_id, p.n_answers) for p in projects] == [(published.id, 4)]  # no draft
    assert [(u.user.id, u.n_answers) for u in users] == [(busy.id, 3), (quiet.id, 2)]
    assert n_anonymous == 1  # one IP, twice


def test_daily_counts_group_each_figure_by_day(uow):
    owner = a_user(uow, created=NOW - timedelta(days=1))
    a_user(uow, created=NOW - timedelta(days=10))  # before the period
    project = a_project(uow, owner, published=True)
    task = a_task(uow, project)
    a_task_run(uow, task, owner, finish_time=NOW)
    a_task_run(uow, task, None, finish_time=NOW - timedelta(days=1))
    a_task_run(uow, task, None, user_ip="10.0.0.2", finish_time=NOW - timedelta(days=1))
    with uow:
        per_day = uow.stats.daily_counts(NOW - timedelta(days=7)).per_day
    today, yesterday = NOW.date(), (NOW - timedelta(days=1)).date()
    assert per_day["users"] == {yesterday: 1}
    assert per_day["projects"] == {today: 1} and per_day["tasks"] == {today: 1}
    assert per_day["task_runs"] == {today: 1, yesterday: 2}
    assert per_day["active_users"] == {today: 1, yesterday: 0}
    assert per_day["active_anonymous"] == {today: 0, yesterday: 2}
