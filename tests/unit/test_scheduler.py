"""Which task each scheduler serves next (newtask), and what is never served."""

import pytest

from pybossa_core import errors, ports, scheduler
from pybossa_core.tasks import COMPLETED
from pybossa_core.use_cases import contributions
from pybossa_core.users import ANONYMOUS

from .builders import LATER, NOW, a_project, a_published_project, a_task, a_task_run, a_user, actor
from .volunteering import anonymous, answer, ids, newtask

EVERY_SCHEDULER = [
    "default",
    "depth_first",
    "breadth_first",
    "depth_first_all",
    "incremental",
    "locked",
]


def a_project_scheduled(uow, owner, sched, **kw):
    return a_published_project(uow, owner, info={"task_presenter": "<p/>", "sched": sched}, **kw)


def with_runs(uow, task, n):
    """Give `task` n answers from n different users."""
    for _ in range(n):
        a_task_run(uow, task, a_user(uow))
    return task


# -- the order of each scheduler --------------------------------------------------------------


@pytest.mark.parametrize("sched", ["default", "depth_first"])
def test_depth_first_serves_the_highest_priority_then_the_lowest_id(
    uow, owner, someone, loop, sched
):
    project = a_project_scheduled(uow, owner, sched)
    low = a_task(uow, project, priority_0=0.2)
    high, high_later = a_task(uow, project, priority_0=0.9), a_task(uow, project, priority_0=0.9)
    assert ids(newtask(uow, project, actor(someone), loop)) == [high.id]
    assert ids(newtask(uow, project, actor(someone), loop, limit=3)) == [
        high.id,
        high_later.id,
        low.id,
    ]


def test_depth_first_serves_everybody_the_same_task_until_it_is_complete(uow, owner, loop):
    project = a_project_scheduled(uow, owner, "depth_first")
    first, _ = a_task(uow, project, n_answers=2), a_task(uow, project, n_answers=2)
    served = {newtask(uow, project, actor(a_user(uow)), loop)[0].id for _ in range(3)}
    assert served == {first.id}


def test_breadth_first_serves_the_task_with_the_fewest_answers(uow, owner, someone, loop):
    project = a_project_scheduled(uow, owner, "breadth_first")
    two = with_runs(uow, a_task(uow, project), 2)
    none = a_task(uow, project)
    one = with_runs(uow, a_task(uow, project), 1)
    none_but_urgent = a_task(uow, project, priority_0=1.0)
    assert ids(newtask(uow, project, actor(someone), loop, limit=4)) == [
        none_but_urgent.id,
        none.id,
        one.id,
        two.id,
    ]


def test_depth_first_all_serves_the_task_nearest_to_completion(uow, owner, someone, loop):
    project = a_project_scheduled(uow, owner, "depth_first_all")
    none = a_task(uow, project, priority_0=1.0)
    one = with_runs(uow, a_task(uow, project), 1)
    two = with_runs(uow, a_task(uow, project), 2)
    assert ids(newtask(uow, project, actor(someone), loop, limit=3)) == [two.id, one.id, none.id]


def test_incremental_serves_depth_first_with_the_latest_answer(uow, owner, someone, loop):
    project = a_project_scheduled(uow, owner, "incremental")
    task = a_task(uow, project, info={"image": "a.png"}, priority_0=0.5)
    a_task(uow, project)
    a_task_run(uow, task, a_user(uow), info={"text": "fist draft"}, created=NOW)
    a_task_run(uow, task, a_user(uow), info={"text": "first draft"}, created=LATER)
    [served] = newtask(uow, project, actor(someone), loop)
    assert served.id == task.id
    assert served.info == {"image": "a.png", "last_answer": {"text": "first draft"}}


def test_incremental_does_not_change_the_stored_task(uow, owner, someone, loop):
    project = a_project_scheduled(uow, owner, "incremental")
    task = a_task(uow, project, info={"image": "a.png"})
    a_task_run(uow, task, a_user(uow), info="an answer")
    newtask(uow, project, actor(someone), loop)
    assert uow.tasks.get(task.id).info == {"image": "a.png"}


def test_incremental_serves_a_task_nobody_answered_with_no_last_answer(uow, owner, someone, loop):
    project = a_project_scheduled(uow, owner, "incremental")
    a_task(uow, project, info={"image": "a.png"})
    [served] = newtask(uow, project, actor(someone), loop)
    assert served.info == {"image": "a.png", "last_answer": None}


@pytest.mark.parametrize("sched", ["no_such_scheduler", 42, None])
def test_an_unknown_scheduler_is_the_default(uow, owner, someone, loop, sched):
    project = a_project_scheduled(uow, owner, sched)
    a_task(uow, project, priority_0=0.1)
    urgent = a_task(uow, project, priority_0=0.8)
    assert scheduler.strategy_for(project.info) == scheduler.STRATEGIES["default"]
    assert ids(newtask(uow, project, actor(someone), loop)) == [urgent.id]


def test_a_project_without_info_uses_the_default_scheduler():
    assert scheduler.strategy_for(None).name == "default"


@pytest.mark.parametrize(
    "info, seconds",
    [
        ({}, 3600),
        ({"timeout": 60}, 60),
        ({"timeout": 10**9}, 24 * 3600),
        ({"timeout": 0}, 3600),
        ({"timeout": -5}, 3600),
        ({"timeout": "60"}, 3600),
        ({"timeout": True}, 3600),
        (None, 3600),
    ],
)
def test_a_locked_hold_lasts_the_projects_timeout_within_a_day(info, seconds):
    assert scheduler.lock_seconds(info) == seconds


@pytest.mark.parametrize(
    "orderby, desc, order",
    [
        ("priority_0", True, ports.BY_PRIORITY),
        ("n_task_runs", False, ports.BY_FEWEST_RUNS),
        ("n_task_runs", None, ports.BY_FEWEST_RUNS),
        ("n_task_runs", True, ports.BY_MOST_RUNS),
        ("created", None, "created asc"),
        ("created", True, "created desc"),
        (None, True, "id desc"),
    ],
)
def test_a_column_order_that_is_a_schedulers_order_goes_by_its_name(orderby, desc, order):
    assert scheduler.order_for(scheduler.STRATEGIES["default"], orderby, desc) == order


def test_every_candidate_order_is_defined_once():
    keys = list(scheduler.ORDER_KEYS.values())
    assert len(set(keys)) == len(keys)
    assert all(keys_[-1][0] == "id" for keys_ in keys)  # none is ambiguous


# -- what is never served ---------------------------------------------------------------------


@pytest.mark.parametrize("sched", EVERY_SCHEDULER)
def test_a_completed_task_is_never_served(uow, owner, someone, loop, sched):
    project = a_project_scheduled(uow, owner, sched)
    done = a_task(uow, project, priority_0=1.0, state=COMPLETED)
    with_runs(uow, done, 1)
    ongoing = a_task(uow, project)
    assert ids(newtask(uow, project, actor(someone), loop, limit=5)) == [ongoing.id]


@pytest.mark.parametrize("sched", EVERY_SCHEDULER)
def test_a_task_the_volunteer_answered_is_never_served_to_them_again(
    uow, owner, someone, loop, sched
):
    project = a_project_scheduled(uow, owner, sched)
    answered = a_task(uow, project, priority_0=1.0)
    a_task_run(uow, answered, someone)
    other = a_task(uow, project)
    assert ids(newtask(uow, project, actor(someone), loop, limit=5)) == [other.id]
    served_to_another = newtask(uow, project, actor(a_user(uow)), loop, limit=5)
    assert sorted(ids(served_to_another)) == [answered.id, other.id]


def test_a_task_answered_from_an_ip_is_not_served_again_to_that_ip(uow, owner, loop):
    project = a_project_scheduled(uow, owner, "default")
    task = a_task(uow, project)
    [served] = newtask(uow, project, anonymous("198.51.100.1"), loop)
    answer(uow, served, anonymous("198.51.100.1"), loop)
    assert newtask(uow, project, anonymous("198.51.100.1"), loop) == []
    assert ids(newtask(uow, project, anonymous("198.51.100.2"), loop)) == [task.id]


@pytest.mark.parametrize("sched", EVERY_SCHEDULER)
def test_nothing_left_to_do_is_an_empty_list(uow, owner, someone, loop, sched):
    project = a_project_scheduled(uow, owner, sched)
    a_task_run(uow, a_task(uow, project), someone)
    a_task(uow, project, state=COMPLETED)
    assert newtask(uow, project, actor(someone), loop) == []


def test_a_project_without_tasks_serves_an_empty_list(uow, owner, someone, loop):
    assert newtask(uow, a_published_project(uow, owner), actor(someone), loop) == []


def test_offset_skips_the_first_candidates(uow, owner, someone, loop):
    project = a_project_scheduled(uow, owner, "default")
    tasks = [a_task(uow, project) for _ in range(4)]
    assert ids(newtask(uow, project, actor(someone), loop, offset=1, limit=2)) == ids(tasks[1:3])
    assert newtask(uow, project, actor(someone), loop, offset=4) == []


# -- who may ask, and how ---------------------------------------------------------------------


@pytest.mark.parametrize("limit, offset", [(0, 0), (101, 0), (-1, 0), (1, -1)])
def test_limit_must_be_1_to_100_and_offset_not_negative(uow, owner, someone, loop, limit, offset):
    project = a_published_project(uow, owner)
    a_task(uow, project)
    with pytest.raises(errors.InvalidInput):
        newtask(uow, project, actor(someone), loop, limit=limit, offset=offset)


def test_a_hundred_tasks_may_be_asked_for_at_once(uow, owner, someone, loop):
    project = a_published_project(uow, owner)
    for _ in range(101):
        a_task(uow, project)
    assert len(newtask(uow, project, actor(someone), loop, limit=100)) == 100


def test_a_draft_serves_its_tasks_to_every_volunteer(uow, owner, someone, loop):
    """A draft is unlisted, not closed: its owner, other users and anonymous callers alike."""
    project = a_project(uow, owner)
    task = a_task(uow, project)
    for caller in (ANONYMOUS, actor(someone), actor(owner)):
        assert ids(newtask(uow, project, caller, loop)) == [task.id]
    assert len(loop.stamps.expiries) == 3


def test_a_draft_closed_to_anonymous_volunteers_asks_them_to_sign_in(uow, owner, loop):
    project = a_project(uow, owner, allow_anonymous_contributors=False)
    a_task(uow, project)
    with pytest.raises(errors.AuthenticationRequired):
        newtask(uow, project, ANONYMOUS, loop)
    assert loop.stamps.expiries == {}


def test_anonymous_callers_get_no_task_when_the_project_wants_signed_in_volunteers(
    uow, owner, loop
):
    project = a_published_project(uow, owner, allow_anonymous_contributors=False)
    a_task(uow, project)
    with pytest.raises(errors.AuthenticationRequired):
        newtask(uow, project, anonymous(), loop)


def test_a_missing_project_is_not_found(uow, someone, loop):
    with pytest.raises(errors.NotFound):
        contributions.request_tasks(uow, 404, actor(someone), ports=loop, now=NOW)
