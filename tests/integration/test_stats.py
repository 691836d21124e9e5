"""SqlStatsReader counts what /api/globalstats reports."""

from pybossa_core.tasks import COMPLETED

from .builders import a_category, a_project, a_result, a_task, a_task_run, a_user


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
