"""The project views that read: who sees settings, how task pages are bounded, which task
belongs to which project, and who sees gold."""

import pytest

from pybossa_core import errors
from pybossa_core.use_cases import project_views
from pybossa_core.users import ANONYMOUS

from .builders import a_project, a_published_project, a_result, a_task, a_task_run, actor


def test_settings_are_for_the_owner_and_admins(uow, owner, someone, admin):
    a_published_project(uow, owner, short_name="birds")
    for reader in (owner, admin):
        assert project_views.project_settings(uow, "birds", actor(reader)).project.short_name
    with pytest.raises(errors.Forbidden):
        project_views.project_settings(uow, "birds", actor(someone))
    with pytest.raises(errors.AuthenticationRequired):
        project_views.project_settings(uow, "birds", ANONYMOUS)


def test_task_pages_split_the_tasks_by_id_and_a_page_past_the_end_is_not_found(uow, owner):
    project = a_published_project(uow, owner, short_name="birds")
    ids = [a_task(uow, project).id for _ in range(5)]
    first = project_views.browse_tasks(uow, "birds", ANONYMOUS, 1, 2)
    assert ([t.id for t in first.tasks], first.total, first.per_page) == (ids[:2], 5, 2)
    last = project_views.browse_tasks(uow, "birds", ANONYMOUS, 3, 2)
    assert [t.id for t in last.tasks] == ids[4:]
    for number in (0, 4):
        with pytest.raises(errors.NotFound):
            project_views.browse_tasks(uow, "birds", ANONYMOUS, number, 2)


def test_the_first_task_page_of_a_project_without_tasks_is_empty(uow, owner):
    a_published_project(uow, owner, short_name="empty")
    found = project_views.browse_tasks(uow, "empty", ANONYMOUS, 1, None)
    assert (found.tasks, found.total, found.per_page) == ([], 0, project_views.TASKS_PER_PAGE)


@pytest.mark.parametrize("per_page", [0, project_views.MAX_TASKS_PER_PAGE + 1])
def test_a_task_page_size_out_of_bounds_is_invalid(uow, owner, per_page):
    a_published_project(uow, owner, short_name="birds")
    with pytest.raises(errors.InvalidInput) as caught:
        project_views.browse_tasks(uow, "birds", ANONYMOUS, 1, per_page)
    assert "per_page" in caught.value.errors


def test_a_drafts_tasks_are_browsed_only_by_those_who_see_the_draft(uow, owner, someone):
    draft = a_project(uow, owner, short_name="draft")
    a_task(uow, draft)
    assert project_views.browse_tasks(uow, "draft", actor(owner), 1, None).total == 1
    with pytest.raises(errors.Forbidden):
        project_views.browse_tasks(uow, "draft", actor(someone), 1, None)


def test_the_owner_sees_gold_in_the_browser_and_others_do_not(uow, owner, someone):
    project = a_published_project(uow, owner, short_name="birds")
    a_task(uow, project, calibration=1, gold_answers={"a": 1})
    assert project_views.browse_tasks(uow, "birds", actor(owner), 1, None).sees_gold
    assert not project_views.browse_tasks(uow, "birds", actor(someone), 1, None).sees_gold


def test_a_task_of_another_project_is_not_found_on_this_ones_pages(uow, owner):
    a_published_project(uow, owner, short_name="birds")
    bees = a_published_project(uow, owner, short_name="bees")
    task = a_task(uow, bees)
    assert project_views.task_view(uow, "bees", task.id, ANONYMOUS).task.id == task.id
    with pytest.raises(errors.NotFound):
        project_views.task_view(uow, "birds", task.id, ANONYMOUS)
    with pytest.raises(errors.NotFound):
        project_views.task_answers(uow, "birds", task.id, ANONYMOUS)


def test_a_tasks_answers_are_its_runs_oldest_first(uow, owner, someone):
    project = a_published_project(uow, owner, short_name="birds")
    task, other = a_task(uow, project), a_task(uow, project)
    runs = [a_task_run(uow, task, someone).id, a_task_run(uow, task).id]
    a_task_run(uow, other)
    found = project_views.task_answers(uow, "birds", task.id, ANONYMOUS)
    assert [run.id for run in found.runs] == runs and not found.sees_gold


def test_the_results_page_counts_current_results_only(uow, owner):
    project = a_published_project(uow, owner, short_name="birds")
    a_result(uow, a_task(uow, project))
    a_result(uow, a_task(uow, project), last_version=False)
    _, n_results = project_views.project_results(uow, "birds", ANONYMOUS)
    assert n_results == 1
