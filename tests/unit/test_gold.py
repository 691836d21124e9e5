"""Gold tasks: scoring, the task rules, serving by info.gold_every, and accuracy (fakes)."""

import pytest

from pybossa_core import errors, gold, permissions
from pybossa_core.entity import Changes
from pybossa_core.tasks import COMPLETED, ONGOING, CreateTask, Task
from pybossa_core.use_cases import accuracy, contributions
from pybossa_core.use_cases import projects as project_use_cases
from pybossa_core.users import ANONYMOUS

from .builders import NOW, a_published_project, a_task, a_task_run, a_user, actor, everything_in
from .volunteering import a_token, anonymous, external, ids, newtask, serve_and_answer

GOLD = {"animal": "Cat", "count": 2}


def a_gold_task(uow, project, **kw):
    return a_task(uow, project, calibration=1, gold_answers=dict(GOLD), **kw)


def paced(uow, owner, every, **info):
    return a_published_project(
        uow, owner, info={"task_presenter": "<p/>", "gold_every": every, **info}
    )


# -- scoring ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"animal": "Cat", "count": 2}, 1.0),
        ({"animal": "  cAT ", "count": 2.0, "extra": "ignored"}, 1.0),
        ({"animal": "dog", "count": 2}, 0.5),
        ({"animal": "cat"}, 0.5),
        ({"count": "2"}, 0.0),
        ({}, 0.0),
        ("cat", 0.0),
        (["cat", 2], 0.0),
        (None, 0.0),
    ],
)
def test_an_answer_scores_the_share_of_gold_keys_it_matches(answer, expected):
    assert gold.score(GOLD, answer) == expected


def test_booleans_match_only_booleans_and_nested_values_match_exactly():
    assert gold.score({"ok": True}, {"ok": 1}) == 0.0
    assert gold.score({"ok": 1}, {"ok": True}) == 0.0
    assert gold.score({"ok": False}, {"ok": False}) == 1.0
    box = {"box": {"x": 1, "tags": ["A", "b"]}}
    assert gold.score(box, {"box": {"x": 1.0, "tags": ["A", "b"]}}) == 1.0
    assert gold.score(box, {"box": {"x": 1, "tags": ["a", "b"]}}) == 0.0  # text inside: exact
    assert gold.score(box, {"box": {"x": 1, "tags": ["A", "b"], "y": 2}}) == 0.0
    assert gold.score(box, {"box": {"x": 1, "tags": ["b", "A"]}}) == 0.0
    assert gold.score({"v": None}, {"v": None}) == 1.0
    assert gold.score({"v": None}, {}) == 0.0


def test_nothing_to_match_scores_zero():
    assert gold.score({}, {"a": 1}) == 0.0
    assert gold.score(None, {"a": 1}) == 0.0


def test_accuracy_sums_scores_and_counts_only_full_marks_as_correct():
    summary = gold.Accuracy.of([1.0, 0.5, 0.0, 1.0])
    assert summary.as_dict() == {"n_gold": 4, "n_correct": 2, "accuracy": 0.625}
    assert gold.Accuracy.of([]).as_dict() == {"n_gold": 0, "n_correct": 0, "accuracy": None}
    assert gold.Accuracy.of([1 / 3]).as_dict()["accuracy"] == 0.3333


def test_a_volunteer_row_says_what_kind_of_volunteer_it_is():
    summary = gold.Accuracy.of([1.0])
    assert gold.VolunteerAccuracy(7, None, summary).as_dict()["volunteer"] == "user"
    assert gold.VolunteerAccuracy(None, "u1", summary).as_dict()["volunteer"] == "external"
    row = gold.VolunteerAccuracy(None, None, summary).as_dict()
    assert row == {
        "volunteer": "anonymous",
        "user_id": None,
        "external_uid": None,
        "n_gold": 1,
        "n_correct": 1,
        "accuracy": 1.0,
    }


# -- the project setting ----------------------------------------------------------------------


@pytest.mark.parametrize("every", [0, 1, 5, None])
def test_gold_every_may_be_off_or_a_positive_whole_number(every):
    assert gold.problems({"gold_every": every}) == {}
    assert gold.problems({}) == gold.problems(None) == {}


@pytest.mark.parametrize("every", [-1, 2.5, "3", True, [3], 2**31])
def test_any_other_gold_every_is_refused(every):
    assert list(gold.problems({"gold_every": every})) == ["info.gold_every"]


def test_a_project_refuses_a_bad_gold_every(uow, owner):
    project = a_published_project(uow, owner)
    with pytest.raises(errors.InvalidInput) as refused:
        project_use_cases.update_project(
            uow, project.id, Changes({"info": {"gold_every": "often"}}), actor(owner), NOW
        )
    assert "info.gold_every" in refused.value.errors


def test_gold_every_is_on_only_for_a_positive_whole_number():
    assert [gold.gold_every({"gold_every": v}) for v in (3, 1, 0, None, True, "3")] == [
        3,
        1,
        None,
        None,
        None,
        None,
    ]


def test_every_nth_position_is_a_gold_one_counting_from_the_answers_given():
    assert gold.gold_positions(0, 6, 3) == [False, False, True, False, False, True]
    assert gold.gold_positions(2, 2, 3) == [True, False]
    assert gold.gold_positions(0, 3, 1) == [True, True, True]


def test_interleaving_falls_back_to_ordinary_tasks_and_stops_at_an_empty_position():
    assert gold.interleave([False, True, False], ["g1"], ["o1", "o2"]) == ["o1", "g1", "o2"]
    assert gold.interleave([True, True, False], ["g1"], ["o1", "o2"]) == ["g1", "o1", "o2"]
    assert gold.interleave([False, True, False], ["g1", "g2"], []) == []
    assert gold.interleave([True, False, True], ["g1", "g2"], []) == ["g1"]


# -- task rules -------------------------------------------------------------------------------


def test_gold_answers_must_be_a_non_empty_object_or_null():
    for bad in ([1], "cat", 3, {}):
        with pytest.raises(errors.InvalidInput) as refused:
            Task.create(CreateTask(project_id=1, gold_answers=bad), NOW)
        assert "gold_answers" in refused.value.errors
    assert Task.create(CreateTask(project_id=1, gold_answers=None), NOW).gold_answers is None


def test_a_gold_task_takes_answers_beyond_n_answers_and_never_completes():
    task = Task(project_id=1, created=NOW, n_answers=1, calibration=1, gold_answers=GOLD)
    assert [task.accept_run() for _ in range(3)] == [False, False, False]
    assert (task.state, task.n_task_runs) == (ONGOING, 3)


def test_calibration_without_gold_answers_completes_as_before():
    task = Task(project_id=1, created=NOW, n_answers=1, calibration=1)
    assert task.accept_run() is True and task.state == COMPLETED
    with pytest.raises(errors.Conflict):
        task.accept_run()


def test_a_new_n_answers_leaves_a_gold_task_ongoing():
    task = Task(
        project_id=1, created=NOW, n_answers=5, calibration=1, gold_answers=GOLD, n_task_runs=4
    )
    task.change(Changes({"n_answers": 2}))
    assert task.state == ONGOING


def test_a_completed_task_made_gold_reopens_and_completes_again_when_it_stops_being_gold():
    task = Task(project_id=1, created=NOW, n_answers=2, n_task_runs=2, state=COMPLETED)
    task.change(Changes({"calibration": 1, "gold_answers": GOLD}))
    assert task.state == ONGOING
    task.change(Changes({"gold_answers": None}))
    assert task.state == COMPLETED


def test_whoever_may_write_a_task_sees_gold_and_nobody_else(uow, owner, someone, admin):
    project = a_published_project(uow, owner)
    for caller in (actor(owner), actor(someone), actor(admin), ANONYMOUS):
        may_write = permissions.can(caller, permissions.CREATE, "task", project=project)
        assert permissions.sees_gold(caller, project) == may_write
    assert [permissions.sees_gold(c, project) for c in (actor(owner), actor(admin))] == [True, True]


# -- answering --------------------------------------------------------------------------------


def test_an_answer_to_a_gold_task_is_scored_and_makes_no_result(uow, owner, loop):
    project = a_published_project(uow, owner)
    task = a_gold_task(uow, project, n_answers=1)
    scores = [
        serve_and_answer(uow, task, actor(a_user(uow)), loop, info=answer).gold_score
        for answer in ({"animal": "cat", "count": 2}, {"animal": "dog", "count": 2})
    ]
    assert scores == [1.0, 0.5]
    assert {run.calibration for run in uow.task_runs.for_task(task.id)} == {1}
    assert uow.tasks.get(task.id).state == ONGOING and everything_in(uow.results) == []


def test_an_ordinary_answer_gets_no_score(uow, owner, someone, loop):
    task = a_task(uow, a_published_project(uow, owner), calibration=1)
    run = serve_and_answer(uow, task, actor(someone), loop, info={"animal": "cat"})
    assert (run.gold_score, run.calibration) == (None, None)


def test_a_volunteer_answers_a_gold_task_once(uow, owner, someone, loop):
    task = a_gold_task(uow, a_published_project(uow, owner))
    serve_and_answer(uow, task, actor(someone), loop, info=GOLD)
    with pytest.raises(errors.Forbidden):
        serve_and_answer(uow, task, actor(someone), loop, info=GOLD)


# -- serving ----------------------------------------------------------------------------------


def answer_next(uow, project, caller, loop):
    """Ask for the next task and answer it; returns the task served (None: nothing left)."""
    served = newtask(uow, project, caller, loop)
    if served:
        serve_and_answer(uow, served[0], caller, loop, info={"animal": "cat"})
    return served[0] if served else None


def test_with_gold_every_each_nth_task_is_a_gold_one(uow, owner, someone, loop):
    project = paced(uow, owner, 3)
    golds = [a_gold_task(uow, project, priority_0=1.0) for _ in range(2)]
    ordinary = [a_task(uow, project) for _ in range(5)]
    served = [answer_next(uow, project, actor(someone), loop) for _ in range(8)]
    gold_ids, ordinary_ids = ids(golds), ids(ordinary)
    assert (
        ids(served[:7])
        == ordinary_ids[:2] + gold_ids[:1] + ordinary_ids[2:4] + gold_ids[1:] + ordinary_ids[4:]
    )
    assert served[7] is None  # ordinary tasks ran out: no gold task at an ordinary position


def test_a_gold_position_falls_back_to_an_ordinary_task_when_no_gold_is_left(
    uow, owner, someone, loop
):
    project = paced(uow, owner, 1)
    gold_task = a_gold_task(uow, project)
    ordinary = [a_task(uow, project) for _ in range(2)]
    served = [answer_next(uow, project, actor(someone), loop) for _ in range(3)]
    assert ids(served) == [gold_task.id] + ids(ordinary)


def test_newtask_limit_and_offset_look_ahead_through_the_same_positions(uow, owner, someone, loop):
    project = paced(uow, owner, 2)
    golds = [a_gold_task(uow, project) for _ in range(2)]
    ordinary = [a_task(uow, project) for _ in range(3)]
    ahead = newtask(uow, project, actor(someone), loop, limit=5)
    assert ids(ahead) == [ordinary[0].id, golds[0].id, ordinary[1].id, golds[1].id, ordinary[2].id]
    assert ids(newtask(uow, project, actor(someone), loop, offset=1, limit=2)) == ids(ahead)[1:3]


def test_without_gold_every_gold_tasks_are_served_like_any_other(uow, owner, loop):
    project = a_published_project(uow, owner)
    urgent_gold = a_gold_task(uow, project, priority_0=1.0, n_answers=1)
    a_task(uow, project)
    for _ in range(3):  # every volunteer gets it first: it never completes
        assert newtask(uow, project, actor(a_user(uow)), loop)[0].id == urgent_gold.id


def test_a_locked_project_serves_a_gold_task_to_everybody_once(uow, owner, loop):
    project = a_published_project(
        uow, owner, info={"task_presenter": "<p/>", "sched": "locked", "gold_every": 2}
    )
    gold_task = a_gold_task(uow, project, priority_0=1.0, n_answers=1)
    for _ in range(3):
        assert answer_next(uow, project, actor(a_user(uow)), loop).id == gold_task.id
    assert uow.tasks.get(gold_task.id).n_task_runs == 3


# -- accuracy ---------------------------------------------------------------------------------


def test_user_progress_reports_the_callers_accuracy(uow, owner, someone, loop):
    project = a_published_project(uow, owner)
    first, second = a_gold_task(uow, project), a_gold_task(uow, project)
    serve_and_answer(uow, first, actor(someone), loop, info={"animal": "CAT", "count": 2})
    serve_and_answer(uow, second, actor(someone), loop, info={"animal": "cow", "count": 2})
    progress = contributions.user_progress(uow, project.id, actor(someone), ports=loop, now=NOW)
    assert progress["accuracy"] == {"n_gold": 2, "n_correct": 1, "accuracy": 0.75}
    other = contributions.user_progress(uow, project.id, actor(owner), ports=loop, now=NOW)
    assert other["accuracy"] == {"n_gold": 0, "n_correct": 0, "accuracy": None}


def test_the_report_lists_users_then_external_uids_then_anonymous_volunteers_together(
    uow, owner, loop
):
    project = a_published_project(uow, owner)
    task = a_gold_task(uow, project)
    late_user, early_user = a_user(uow), a_user(uow)
    serve_and_answer(uow, task, actor(early_user), loop, info={"animal": "cat"})
    serve_and_answer(uow, task, actor(late_user), loop, info=GOLD)
    serve_and_answer(uow, task, external("app-1", a_token(loop, project)), loop, info=GOLD)
    serve_and_answer(uow, task, anonymous("192.0.2.1"), loop, info=GOLD)
    serve_and_answer(uow, task, anonymous("192.0.2.2"), loop, info={})
    rows = accuracy.project_accuracy(uow, project.id, actor(owner), limit=20)
    assert [
        (
            r["volunteer"],
            r["user_id"],
            r["external_uid"],
            r["n_gold"],
            r["n_correct"],
            r["accuracy"],
        )
        for r in rows
    ] == [
        ("user", late_user.id, None, 1, 1, 1.0),
        ("user", early_user.id, None, 1, 0, 0.5),
        ("external", None, "app-1", 1, 1, 1.0),
        ("anonymous", None, None, 2, 1, 0.5),
    ]
    assert accuracy.project_accuracy(uow, project.id, actor(owner), limit=2, offset=1) == rows[1:3]


def test_only_the_owner_and_admins_read_the_report(uow, owner, someone, admin):
    project = a_published_project(uow, owner)
    assert accuracy.project_accuracy(uow, project.id, actor(admin), limit=20) == []
    assert accuracy.project_accuracy(uow, project.short_name, actor(owner), limit=20) == []
    with pytest.raises(errors.Forbidden):
        accuracy.project_accuracy(uow, project.id, actor(someone), limit=20)
    with pytest.raises(errors.AuthenticationRequired):
        accuracy.project_accuracy(uow, project.id, ANONYMOUS, limit=20)
    for unknown in (999, "no-such-project"):
        with pytest.raises(errors.NotFound):
            accuracy.project_accuracy(uow, unknown, actor(owner), limit=20)
    with pytest.raises(errors.InvalidInput):
        accuracy.project_accuracy(uow, project.id, actor(owner), limit=0)


def test_rescoring_follows_the_tasks_gold_answers(uow, owner, someone):
    task = a_gold_task(uow, a_published_project(uow, owner))
    run = a_task_run(
        uow, task, someone, info={"animal": "dog", "count": 2}, gold_score=0.5, calibration=1
    )
    task.gold_answers = {"animal": "dog"}
    accuracy.rescore(uow, task)
    assert (run.gold_score, run.calibration) == (1.0, 1)
    task.gold_answers = None
    accuracy.rescore(uow, task)
    assert (run.gold_score, run.calibration) == (None, None)
