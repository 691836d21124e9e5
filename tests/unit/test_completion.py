"""What follows a completion: results with consensus, webhook deliveries, re-evaluation when
n_answers changes (a task's or the whole project's) and when an answer is deleted."""

import pytest

from pybossa_core import errors
from pybossa_core.entity import Changes
from pybossa_core.tasks import COMPLETED, ONGOING
from pybossa_core.use_cases import completion, projects, tasks

from .builders import (
    NOW,
    a_published_project,
    a_result,
    a_task,
    a_task_run,
    a_user,
    actor,
    everything_in,
)
from .volunteering import newtask, serve_and_answer

MAJORITY = {"consensus": "majority", "consensus_field": "answer"}


def a_voted_task(uow, project, answers, n_answers=5):
    task = a_task(uow, project, n_answers=n_answers)
    for answer in answers:
        a_task_run(uow, task, a_user(uow), info={"answer": answer})
    return task


def test_a_completing_answer_writes_the_majority_into_the_result(uow, owner, loop):
    project = a_published_project(uow, owner, info=MAJORITY)
    task = a_task(uow, project, n_answers=3)
    for answer in ("cat", "dog", "cat"):
        serve_and_answer(uow, task, actor(a_user(uow)), loop, info={"answer": answer})
    [result] = everything_in(uow.results)
    assert result.info["consensus"]["answer"] == "cat"
    assert result.info["consensus"]["agreement"] == pytest.approx(0.6667)


def test_without_consensus_the_result_info_stays_empty(uow, owner, loop):
    task = a_task(uow, a_published_project(uow, owner), n_answers=1)
    serve_and_answer(uow, task, actor(a_user(uow)), loop, info={"answer": "x"})
    [result] = everything_in(uow.results)
    assert result.info is None


def test_a_completion_records_a_webhook_delivery_and_queues_it(uow, owner, loop, jobs):
    project = a_published_project(uow, owner, webhook="https://hooks.example.com/in")
    task = a_task(uow, project, n_answers=1)
    serve_and_answer(uow, task, actor(a_user(uow)), loop)
    [delivery] = uow.webhooks.for_project(project.id, 0, 10)
    [result] = everything_in(uow.results)
    assert delivery.payload == {
        "fired_at": NOW.isoformat(),
        "project_short_name": project.short_name,
        "project_id": project.id,
        "task_id": task.id,
        "result_id": result.id,
        "event": "task_completed",
    }
    assert jobs.arguments("deliver_webhook") == [{"webhook_id": delivery.id}]


def test_without_a_webhook_url_nothing_is_recorded_or_queued(uow, owner, loop, jobs):
    task = a_task(uow, a_published_project(uow, owner), n_answers=1)
    serve_and_answer(uow, task, actor(a_user(uow)), loop)
    assert uow.webhooks.for_project(task.project_id, 0, 10) == [] and jobs.enqueued == []


def test_lowering_a_tasks_n_answers_completes_it_with_its_result(uow, owner, jobs):
    project = a_published_project(uow, owner, info=MAJORITY, webhook="https://h.example.com")
    task = a_voted_task(uow, project, ["yes", "yes", "no"])
    tasks.update_task(uow, task.id, Changes({"n_answers": 3}), actor(owner), NOW)
    assert uow.tasks.get(task.id).state == COMPLETED
    result = uow.results.for_task(task.id)
    assert result.info["consensus"]["answer"] == "yes"
    assert len(result.task_run_ids) == 3
    assert len(jobs.arguments("deliver_webhook")) == 1


def test_raising_n_answers_reopens_a_completed_task_and_keeps_its_result(uow, owner, loop):
    project = a_published_project(uow, owner)
    task = a_task(uow, project, n_answers=1)
    serve_and_answer(uow, task, actor(a_user(uow)), loop)
    tasks.update_task(uow, task.id, Changes({"n_answers": 2}), actor(owner), NOW)
    assert uow.tasks.get(task.id).state == ONGOING
    serve_and_answer(uow, task, actor(a_user(uow)), loop)
    [result] = everything_in(uow.results)
    assert uow.tasks.get(task.id).state == COMPLETED and len(result.task_run_ids) == 2


def test_deleting_an_answer_recounts_the_consensus(uow, owner, loop):
    project = a_published_project(uow, owner, info=MAJORITY)
    task = a_task(uow, project, n_answers=3)
    runs = [
        serve_and_answer(uow, task, actor(a_user(uow)), loop, info={"answer": a})
        for a in ("no", "yes", "yes")
    ]
    tasks.delete_task_run(uow, runs[1].id, actor(owner))
    result = uow.results.for_task(task.id)
    assert result.info["consensus"]["tie"] is True
    assert result.info["consensus"]["answer"] == "no"


def test_an_owners_notes_in_the_result_survive_a_recount(uow, owner, loop):
    project = a_published_project(uow, owner, info=MAJORITY)
    task = a_task(uow, project, n_answers=2)
    runs = [
        serve_and_answer(uow, task, actor(a_user(uow)), loop, info={"answer": a})
        for a in ("a", "b")
    ]
    result = uow.results.for_task(task.id)
    tasks.update_result(
        uow, result.id, Changes({"info": {**result.info, "note": "checked"}}), actor(owner)
    )
    tasks.delete_task_run(uow, runs[0].id, actor(owner))
    info = uow.results.for_task(task.id).info
    assert info["note"] == "checked" and info["consensus"]["answer"] == "b"


def test_redundancy_completes_and_reopens_every_task_by_its_answers(uow, owner, jobs):
    project = a_published_project(uow, owner, info=MAJORITY, webhook="https://h.example.com")
    two = a_voted_task(uow, project, ["x", "x"])
    one = a_voted_task(uow, project, ["y"])
    done = a_voted_task(uow, project, ["z"], n_answers=1)
    done.state = COMPLETED
    report = tasks.set_redundancy(uow, project.short_name, 2, actor(owner), NOW)
    assert report == {"n_answers": 2, "n_tasks": 3, "completed": 1, "reopened": 1}
    states = {t.id: (t.state, t.n_answers) for t in everything_in(uow.tasks)}
    assert states == {two.id: (COMPLETED, 2), one.id: (ONGOING, 2), done.id: (ONGOING, 2)}
    assert uow.results.for_task(two.id).info["consensus"]["answer"] == "x"
    assert len(jobs.arguments("deliver_webhook")) == 1


def test_gold_tasks_never_complete_by_redundancy(uow, owner):
    project = a_published_project(uow, owner)
    gold = a_task(uow, project, n_answers=5, calibration=1, gold_answers={"answer": "x"})
    a_task_run(uow, gold, a_user(uow))
    tasks.set_redundancy(uow, project.short_name, 1, actor(owner), NOW)
    assert uow.tasks.get(gold.id).state == ONGOING and everything_in(uow.results) == []


@pytest.mark.parametrize("n_answers", [0, -1, 2**31, "3", 2.5, True, None])
def test_redundancy_must_be_a_whole_number_of_at_least_one(uow, owner, n_answers):
    project = a_published_project(uow, owner)
    with pytest.raises(errors.InvalidInput):
        tasks.set_redundancy(uow, project.short_name, n_answers, actor(owner), NOW)


def test_only_the_owner_or_an_admin_sets_redundancy(uow, owner, someone, admin):
    project = a_published_project(uow, owner)
    a_task(uow, project)
    with pytest.raises(errors.Forbidden):
        tasks.set_redundancy(uow, project.short_name, 2, actor(someone), NOW)
    assert tasks.set_redundancy(uow, project.short_name, 2, actor(admin), NOW)["n_tasks"] == 1
    with pytest.raises(errors.NotFound):
        tasks.set_redundancy(uow, "nope", 2, actor(owner), NOW)


def test_changing_gold_answers_rescores_the_answers_given(uow, owner):
    project = a_published_project(uow, owner)
    task = a_task(uow, project, n_answers=5, calibration=1, gold_answers={"answer": "cat"})
    run = a_task_run(uow, task, a_user(uow), info={"answer": "dog"}, gold_score=0.0)
    tasks.update_task(uow, task.id, Changes({"gold_answers": {"answer": "dog"}}), actor(owner), NOW)
    assert uow.task_runs.get(run.id).gold_score == 1.0
    tasks.update_task(uow, task.id, Changes({"calibration": 0}), actor(owner), NOW)
    assert uow.task_runs.get(run.id).gold_score is None


def test_an_incremental_gold_task_never_shows_the_last_answer(uow, owner, loop):
    project = a_published_project(uow, owner, info={"sched": "incremental"})
    task = a_task(uow, project, n_answers=5, calibration=1, gold_answers={"answer": "cat"})
    serve_and_answer(uow, task, actor(a_user(uow)), loop, info={"answer": "cat"})
    [served] = newtask(uow, project, actor(a_user(uow)), loop)
    assert served.id == task.id and "last_answer" not in served.info


def test_new_consensus_settings_queue_a_recount_of_the_projects_results(uow, owner, jobs):
    project = a_published_project(uow, owner)
    projects.update_project(
        uow, project.id, Changes({"info": {"sched": "default"}}), actor(owner), NOW, jobs
    )
    assert jobs.enqueued == []
    projects.update_project(uow, project.id, Changes({"info": MAJORITY}), actor(owner), NOW, jobs)
    assert jobs.arguments("recount_results") == [{"project_id": project.id}]


def test_a_recount_counts_every_current_result_again_in_batches(uow, owner):
    project = a_published_project(uow, owner)
    voted = [a_voted_task(uow, project, ["a", "b", "b"], n_answers=3) for _ in range(5)]
    for task in voted:
        a_result(uow, task)
    project.info = dict(MAJORITY)
    assert completion.recount_results(uow, project.id, batch=2) == 5
    assert {r.info["consensus"]["answer"] for r in everything_in(uow.results)} == {"b"}
    project.info = {}
    completion.recount_results(uow, project.id)
    assert all(r.info == {} for r in everything_in(uow.results))
