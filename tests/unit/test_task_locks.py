"""The `locked` scheduler: a task is held by no more volunteers than the answers it lacks."""

from .builders import a_published_project, a_task, a_task_run, a_user, actor
from .volunteering import answer, ids, newtask


def a_locked_project(uow, owner, **info):
    info = {"task_presenter": "<p/>", "sched": "locked", **info}
    return a_published_project(uow, owner, info=info)


def volunteers(uow, n):
    return [actor(a_user(uow)) for _ in range(n)]


def test_a_task_is_held_by_at_most_as_many_volunteers_as_it_needs_answers(uow, owner, loop):
    project = a_locked_project(uow, owner)
    task = a_task(uow, project, n_answers=2)
    first, second, third = volunteers(uow, 3)
    assert ids(newtask(uow, project, first, loop)) == [task.id]
    assert ids(newtask(uow, project, second, loop)) == [task.id]
    assert newtask(uow, project, third, loop) == []
    assert loop.locks.holders(task.id) == 2


def test_answers_already_given_leave_less_room_to_hold(uow, owner, loop):
    project = a_locked_project(uow, owner)
    task = a_task(uow, project, n_answers=2)
    a_task_run(uow, task, a_user(uow))
    first, second = volunteers(uow, 2)
    assert ids(newtask(uow, project, first, loop)) == [task.id]
    assert newtask(uow, project, second, loop) == []


def test_a_full_task_sends_the_next_volunteer_to_the_next_task(uow, owner, loop):
    project = a_locked_project(uow, owner)
    first_task, second_task = a_task(uow, project, n_answers=1), a_task(uow, project, n_answers=1)
    first, second = volunteers(uow, 2)
    assert ids(newtask(uow, project, first, loop)) == [first_task.id]
    assert ids(newtask(uow, project, second, loop)) == [second_task.id]


def test_a_volunteer_who_holds_a_task_gets_the_same_one_again(uow, owner, loop):
    project = a_locked_project(uow, owner)
    held = a_task(uow, project, n_answers=3, priority_0=0.1)
    [volunteer] = volunteers(uow, 1)
    newtask(uow, project, volunteer, loop)
    a_task(uow, project, priority_0=1.0)
    assert ids(newtask(uow, project, volunteer, loop)) == [held.id]
    assert loop.locks.holders(held.id) == 1


def test_offset_preloads_a_second_hold(uow, owner, loop):
    project = a_locked_project(uow, owner)
    first_task, second_task = a_task(uow, project, n_answers=1), a_task(uow, project, n_answers=1)
    [volunteer] = volunteers(uow, 1)
    assert ids(newtask(uow, project, volunteer, loop)) == [first_task.id]
    assert ids(newtask(uow, project, volunteer, loop, offset=1)) == [second_task.id]
    assert loop.locks.held(project.id, volunteer_key(volunteer)) == [first_task.id, second_task.id]
    assert ids(newtask(uow, project, volunteer, loop)) == [first_task.id]


def test_several_tasks_can_be_held_at_once(uow, owner, loop):
    project = a_locked_project(uow, owner)
    tasks = [a_task(uow, project, n_answers=1) for _ in range(3)]
    first, second = volunteers(uow, 2)
    assert ids(newtask(uow, project, first, loop, limit=2)) == ids(tasks[:2])
    assert ids(newtask(uow, project, second, loop, limit=2)) == ids(tasks[2:])


def test_an_expired_hold_frees_its_room(uow, owner, loop, clock):
    project = a_locked_project(uow, owner)
    task = a_task(uow, project, n_answers=1)
    first, second = volunteers(uow, 2)
    newtask(uow, project, first, loop)
    clock.advance(3599)
    assert newtask(uow, project, second, loop) == []
    clock.advance(2)
    assert ids(newtask(uow, project, second, loop)) == [task.id]
    assert loop.locks.held(project.id, volunteer_key(first)) == []


def test_a_hold_lasts_the_projects_timeout(uow, owner, loop, clock):
    project = a_locked_project(uow, owner, timeout=60)
    task = a_task(uow, project, n_answers=1)
    first, second = volunteers(uow, 2)
    newtask(uow, project, first, loop)
    clock.advance(61)
    assert ids(newtask(uow, project, second, loop)) == [task.id]


def test_answering_releases_the_hold_and_counts_against_the_room(uow, owner, loop):
    project = a_locked_project(uow, owner)
    task = a_task(uow, project, n_answers=2)
    first, second, third = volunteers(uow, 3)
    newtask(uow, project, first, loop)
    answer(uow, task, first, loop)
    assert loop.locks.holders(task.id) == 0
    assert ids(newtask(uow, project, second, loop)) == [task.id]
    assert newtask(uow, project, third, loop) == []


def test_a_task_the_holder_answered_is_not_served_to_them_again(uow, owner, loop):
    project = a_locked_project(uow, owner)
    task = a_task(uow, project, n_answers=3)
    [volunteer] = volunteers(uow, 1)
    newtask(uow, project, volunteer, loop)
    answer(uow, task, volunteer, loop)
    assert newtask(uow, project, volunteer, loop) == []


def test_holds_in_one_project_leave_another_project_alone(uow, owner, loop):
    project, other = a_locked_project(uow, owner), a_locked_project(uow, owner)
    a_task(uow, project, n_answers=1)
    elsewhere = a_task(uow, other, n_answers=1)
    [volunteer] = volunteers(uow, 1)
    newtask(uow, project, volunteer, loop)
    assert ids(newtask(uow, other, volunteer, loop)) == [elsewhere.id]
    assert loop.locks.held(other.id, volunteer_key(volunteer)) == [elsewhere.id]


def volunteer_key(caller) -> str:
    return f"user:{caller.user_id}"
