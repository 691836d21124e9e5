"""Answers (POST /api/taskrun): served first, recorded once, completing the task at n_answers."""

import pytest

from adapters.memory_store import SeparateServingRecords
from pybossa_core import errors, events, handlers
from pybossa_core.entity import Changes
from pybossa_core.events import EventHandlers
from pybossa_core.task_runs import SubmitAnswer, TaskRun
from pybossa_core.tasks import COMPLETED, ONGOING
from pybossa_core.use_cases import contributions
from pybossa_core.use_cases import projects as project_use_cases
from pybossa_core.use_cases import tasks as task_use_cases

from .builders import NOW, a_project, a_published_project, a_task, a_user, actor, everything_in
from .fakes import FakeJobQueue, RecordedEvents
from .volunteering import a_token, anonymous, answer, external, ids, newtask, serve_and_answer

REQUEST_FIRST = "You must request a task first!"


@pytest.fixture
def project(uow, owner):
    return a_published_project(uow, owner)


@pytest.fixture
def task(uow, project):
    return a_task(uow, project, n_answers=2)


# -- the stamps rule --------------------------------------------------------------------------


def test_a_served_task_is_answered(uow, task, someone, loop):
    newtask(uow, uow.projects.get(task.project_id), actor(someone), loop)
    run = answer(uow, task, actor(someone), loop, info={"answer": "yes"})
    stored = uow.task_runs.get(run.id)
    assert (stored.task_id, stored.user_id, stored.info) == (task.id, someone.id, {"answer": "yes"})
    assert (stored.created, stored.finish_time) == (NOW, NOW)
    assert uow.tasks.get(task.id).n_task_runs == 1


def test_a_task_that_was_not_served_cannot_be_answered(uow, task, someone, loop):
    with pytest.raises(errors.Forbidden) as refused:
        answer(uow, task, actor(someone), loop)
    assert refused.value.message == REQUEST_FIRST
    assert everything_in(uow.task_runs) == []


def test_a_task_served_to_someone_else_cannot_be_answered(uow, project, task, someone, loop):
    newtask(uow, project, actor(a_user(uow)), loop)
    with pytest.raises(errors.Forbidden) as refused:
        answer(uow, task, actor(someone), loop)
    assert refused.value.message == REQUEST_FIRST


def test_a_stamp_expires(uow, project, task, someone, loop, clock):
    newtask(uow, project, actor(someone), loop)
    clock.advance(loop.stamp_seconds)
    with pytest.raises(errors.Forbidden) as refused:
        answer(uow, task, actor(someone), loop)
    assert refused.value.message == REQUEST_FIRST


def test_an_answer_uses_up_its_stamp_so_a_second_post_is_refused(uow, project, task, someone, loop):
    newtask(uow, project, actor(someone), loop)
    answer(uow, task, actor(someone), loop)
    assert not loop.stamps.is_stamped(f"user:{someone.id}", task.id)
    with pytest.raises(errors.Forbidden) as refused:
        answer(uow, task, actor(someone), loop)
    assert refused.value.message == REQUEST_FIRST
    assert len(uow.task_runs.for_task(task.id)) == 1


def test_a_refused_answer_keeps_the_stamp(uow, project, task, someone, loop):
    newtask(uow, project, actor(someone), loop)
    with pytest.raises(errors.Forbidden):
        answer(uow, task, actor(someone), loop, project_id=project.id + 1)
    answer(uow, task, actor(someone), loop)
    assert len(uow.task_runs.for_task(task.id)) == 1


def test_answering_a_locked_task_releases_the_hold(uow, owner, someone, loop):
    project = a_published_project(uow, owner, info={"task_presenter": "<p/>", "sched": "locked"})
    task = a_task(uow, project, n_answers=1)
    newtask(uow, project, actor(someone), loop)
    assert loop.locks.holders(task.id) == 1
    answer(uow, task, actor(someone), loop)
    assert loop.locks.holders(task.id) == 0


# -- the completion rule ----------------------------------------------------------------------


def test_a_task_short_of_its_answers_stays_ongoing_without_a_result(uow, task, someone, loop):
    serve_and_answer(uow, task, actor(someone), loop)
    assert (task.state, task.n_task_runs) == (ONGOING, 1)
    assert everything_in(uow.results) == []


def test_the_nth_answer_completes_the_task_with_one_result_of_every_answer(uow, task, loop):
    runs = [serve_and_answer(uow, task, actor(a_user(uow)), loop) for _ in range(2)]
    stored = uow.tasks.get(task.id)
    assert (stored.state, stored.n_task_runs) == (COMPLETED, 2)
    [result] = everything_in(uow.results)
    assert (result.task_id, result.project_id) == (task.id, task.project_id)
    assert (result.task_run_ids, result.last_version) == ([r.id for r in runs], True)


def test_a_completed_task_refuses_another_answer(uow, task, loop):
    late = actor(a_user(uow))
    loop.stamps.stamp(f"user:{late.user_id}", [task.id], 60)
    for _ in range(2):
        serve_and_answer(uow, task, actor(a_user(uow)), loop)
    with pytest.raises(errors.Conflict):
        answer(uow, task, late, loop)
    assert (uow.tasks.get(task.id).n_task_runs, len(everything_in(uow.task_runs))) == (2, 2)
    assert len(everything_in(uow.results)) == 1


def test_deleting_an_answer_reopens_the_task_and_takes_it_off_the_result(uow, owner, task, loop):
    first, second = (serve_and_answer(uow, task, actor(a_user(uow)), loop) for _ in range(2))
    task_use_cases.delete_task_run(uow, first.id, actor(owner))
    stored = uow.tasks.get(task.id)
    assert (stored.state, stored.n_task_runs) == (ONGOING, 1)
    assert uow.results.for_task(task.id).task_run_ids == [second.id]


def test_a_reopened_task_completes_again_into_the_same_result(uow, owner, task, loop):
    first, second = (serve_and_answer(uow, task, actor(a_user(uow)), loop) for _ in range(2))
    task_use_cases.delete_task_run(uow, first.id, actor(owner))
    third = serve_and_answer(uow, task, actor(a_user(uow)), loop)
    assert uow.tasks.get(task.id).state == COMPLETED
    [result] = everything_in(uow.results)
    assert result.task_run_ids == [second.id, third.id]


def test_after_commit_an_answer_clears_its_stamp_and_hold(loop):
    loop.stamps.stamp("user:7", [3], 60)
    loop.locks.acquire(1, 3, "user:7", limit=1, ttl_seconds=60)
    serving = SeparateServingRecords(loop.stamps, loop.locks)
    registry = handlers.register(EventHandlers(), serving=serving, jobs=FakeJobQueue())
    registry.handle([events.TaskRunSubmitted(1, 3, "user:7")])
    assert not loop.stamps.is_stamped("user:7", 3)
    assert loop.locks.holders(3) == 0


def test_an_event_nobody_handles_is_an_error_not_a_silence():
    with pytest.raises(LookupError):
        EventHandlers().handle([events.TaskRunSubmitted(1, 3, "user:7")])


def test_an_accepted_answer_is_announced_with_its_volunteer(uow, project, task, someone, loop):
    recorded = RecordedEvents()
    uow.event_handlers = recorded
    volunteer_key = f"user:{someone.id}"
    loop.stamps.stamp(volunteer_key, [task.id], 60)
    answer = SubmitAnswer(project.id, task.id, info="yes")
    contributions.submit_task_run(uow, answer, actor(someone), ports=loop, now=NOW)
    assert recorded.handled == [events.TaskRunSubmitted(project.id, task.id, volunteer_key)]


# -- refusals ---------------------------------------------------------------------------------


def test_an_answer_naming_another_project_is_refused(uow, owner, project, task, someone, loop):
    newtask(uow, project, actor(someone), loop)
    other = a_published_project(uow, owner)
    with pytest.raises(errors.Forbidden) as refused:
        answer(uow, task, actor(someone), loop, project_id=other.id)
    assert refused.value.message == "Invalid project_id"
    assert everything_in(uow.task_runs) == []


def test_an_answer_to_a_missing_task_is_invalid(uow, project, someone, loop):
    with pytest.raises(errors.InvalidInput) as refused:
        answer(uow, a_task(uow, project), actor(someone), loop, task_id=404)
    assert "task_id" in refused.value.errors


def test_a_volunteer_answers_a_task_only_once(uow, task, someone, loop):
    serve_and_answer(uow, task, actor(someone), loop)
    with pytest.raises(errors.Forbidden) as refused:
        serve_and_answer(uow, task, actor(someone), loop)
    assert refused.value.message == "You have already answered this task"
    assert (uow.tasks.get(task.id).n_task_runs, len(everything_in(uow.task_runs))) == (1, 1)


def test_a_concurrent_duplicate_that_loses_at_commit_is_refused(uow, task, someone, loop):
    def the_same_answer_committed_meanwhile():
        uow.task_runs.add(
            TaskRun(
                project_id=task.project_id,
                task_id=task.id,
                created=NOW,
                finish_time=NOW,
                user_id=someone.id,
            )
        )

    uow.concurrently.append(the_same_answer_committed_meanwhile)
    with pytest.raises(errors.Forbidden) as refused:
        serve_and_answer(uow, task, actor(someone), loop)
    assert refused.value.message == "You have already answered this task"
    assert uow.tasks.get(task.id).n_task_runs == 0
    assert loop.stamps.is_stamped(f"user:{someone.id}", task.id)


def test_the_answer_comes_from_the_caller(uow, task, someone, loop):
    run = serve_and_answer(uow, task, actor(someone, ip="203.0.113.5"), loop)
    stored = uow.task_runs.get(run.id)
    assert (stored.user_id, stored.external_uid, stored.user_ip) == (someone.id, None, None)


def test_lowering_n_answers_to_the_answers_given_stops_serving_the_task(uow, owner, project, loop):
    task = a_task(uow, project, n_answers=3)
    for _ in range(2):
        serve_and_answer(uow, task, actor(a_user(uow)), loop)
    task_use_cases.update_task(uow, task.id, Changes({"n_answers": 1}), actor(owner), NOW)
    assert newtask(uow, project, actor(a_user(uow)), loop) == []


# -- drafts: unlisted, not closed -------------------------------------------------------------


@pytest.mark.parametrize("who", ["user", "anonymous", "external"])
def test_a_drafts_task_is_served_and_answered_like_a_published_ones(uow, owner, someone, loop, who):
    draft = a_project(uow, owner)
    task = a_task(uow, draft, n_answers=1)
    caller = {
        "user": actor(someone),
        "anonymous": anonymous(),
        "external": external("app-user", a_token(loop, draft)),
    }[who]
    assert ids(newtask(uow, draft, caller, loop)) == [task.id]
    run = answer(uow, task, caller, loop, info={"answer": "yes"})
    assert uow.task_runs.get(run.id).info == {"answer": "yes"}
    assert uow.tasks.get(task.id).state == COMPLETED
    assert uow.projects.get(draft.id).published is False


def test_a_draft_issues_project_tokens_to_whoever_holds_its_secret_key(uow, owner, loop):
    draft = a_project(uow, owner)
    token = project_use_cases.issue_project_token(
        uow, draft.short_name, draft.secret_key, signer=loop.signer, now=NOW, ttl_seconds=60
    )
    assert loop.signer.verify(token, draft.secret_key, NOW)["project_id"] == draft.id


# -- a client's order of the candidates -------------------------------------------------------


def test_newtask_serves_in_the_column_order_asked_for(uow, owner, someone, loop):
    project = a_published_project(uow, owner)
    high, low, middle = (a_task(uow, project, priority_0=p) for p in (0.9, 0.1, 0.5))
    caller = actor(someone)

    def served(**order):
        return ids(newtask(uow, project, caller, loop, limit=3, **order))

    assert served() == [high.id, middle.id, low.id]
    assert served(orderby="id", desc=True) == served(desc=True) == [middle.id, low.id, high.id]
    assert served(orderby="priority_0", desc=False) == [low.id, middle.id, high.id]
    assert served(orderby="created") == [high.id, low.id, middle.id]


def test_newtask_refuses_to_order_by_an_unknown_column(uow, project, task, someone, loop):
    with pytest.raises(errors.UnknownAttribute) as refused:
        newtask(uow, project, actor(someone), loop, orderby="info")
    assert "id, priority_0, n_task_runs, created" in refused.value.message
    assert loop.stamps.expiries == {}
