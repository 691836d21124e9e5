"""The loop's fakes keep the promises of their ports (and of the database's unique indexes)."""

from datetime import timedelta

import pytest

from pybossa_core import errors, ports
from pybossa_core.tasks import COMPLETED
from pybossa_core.volunteers import Volunteer

from .builders import NOW, a_project, a_task, a_task_run, a_user, everything_in
from .fakes import FakeTaskLocks, FakeTaskStamps, FakeTokenSigner, Seconds


def test_a_stamp_lives_for_its_ttl_and_can_be_cleared(clock):
    stamps = FakeTaskStamps(clock)
    stamps.stamp("user:1", [4, 5], ttl_seconds=10)
    clock.advance(9)
    assert stamps.is_stamped("user:1", 4) and not stamps.is_stamped("user:2", 4)
    stamps.clear("user:1", 4)
    stamps.clear("user:1", 99)
    assert not stamps.is_stamped("user:1", 4) and stamps.is_stamped("user:1", 5)
    clock.advance(1)
    assert not stamps.is_stamped("user:1", 5)


def test_a_lock_takes_no_more_holders_than_its_limit_until_one_expires(clock):
    locks = FakeTaskLocks(clock)
    assert locks.acquire(1, 7, "a", limit=1, ttl_seconds=10)
    assert not locks.acquire(1, 7, "b", limit=1, ttl_seconds=10)
    clock.advance(10)
    assert locks.holders(7) == 0
    assert locks.acquire(1, 7, "b", limit=1, ttl_seconds=10)


def test_re_acquiring_a_lock_refreshes_it_even_when_full(clock):
    locks = FakeTaskLocks(clock)
    locks.acquire(1, 7, "a", limit=1, ttl_seconds=10)
    clock.advance(5)
    assert locks.acquire(1, 7, "a", limit=1, ttl_seconds=10)
    clock.advance(6)
    assert locks.holders(7) == 1


def test_held_lists_a_holders_live_holds_in_one_project_oldest_first(clock):
    locks = FakeTaskLocks(clock)
    locks.acquire(1, 9, "a", limit=2, ttl_seconds=10)
    locks.acquire(1, 8, "a", limit=2, ttl_seconds=20)
    locks.acquire(2, 3, "a", limit=2, ttl_seconds=20)
    locks.acquire(1, 8, "b", limit=2, ttl_seconds=20)
    assert locks.held(1, "a") == [9, 8]
    clock.advance(10)
    assert locks.held(1, "a") == [8]
    locks.release(1, 8, "a")
    locks.release(1, 8, "nobody")
    assert (locks.held(1, "a"), locks.holders(8)) == ([], 1)


# -- tokens -----------------------------------------------------------------------------------


def test_a_token_carries_its_claims_and_expiry():
    signer = FakeTokenSigner()
    token = signer.issue({"project_id": 3}, "secret", 60, NOW)
    claims = signer.verify(token, "secret", NOW + timedelta(seconds=60))
    assert claims["project_id"] == 3
    assert signer.unverified_claims(token) == claims


@pytest.mark.parametrize(
    "token, secret, later",
    [
        ('token:{"exp": 99999999999}:secret', "other", 0),
        ('token:{"project_id": 3}:secret', "secret", 0),
        ("nonsense", "secret", 0),
        ("token:[1]:secret", "secret", 0),
        ('token:{"exp": 1}', "secret", 0),
        (None, "secret", 61),
    ],
)
def test_a_bad_token_needs_authentication(token, secret, later):
    signer = FakeTokenSigner()
    token = token or signer.issue({"project_id": 3}, "secret", 60, NOW)
    with pytest.raises(errors.AuthenticationRequired):
        signer.verify(token, secret, NOW + timedelta(seconds=later))


def test_a_token_with_changed_claims_fails_its_signature():
    signer = FakeTokenSigner()
    token = signer.issue({"project_id": 3}, "secret", 60, NOW)
    with pytest.raises(errors.AuthenticationRequired, match="signature"):
        signer.verify(token.replace('"project_id": 3', '"project_id": 4'), "secret", NOW)


def test_a_malformed_token_has_no_claims_to_read():
    with pytest.raises(errors.AuthenticationRequired):
        FakeTokenSigner().unverified_claims("token:{oops:secret")


# -- candidates and the run counter -----------------------------------------------------------


def test_candidates_skip_completed_tasks_other_projects_and_answered_tasks(uow, owner):
    project, other = a_project(uow, owner), a_project(uow, owner)
    user = a_user(uow)
    answered, done, kept = (
        a_task(uow, project),
        a_task(uow, project, state=COMPLETED),
        a_task(uow, project),
    )
    a_task(uow, other)
    a_task_run(uow, answered, user)
    found = uow.tasks.candidates(project.id, Volunteer(user_id=user.id), ports.BY_PRIORITY, 10)
    assert [t.id for t in found] == [kept.id]
    assert done.id not in [t.id for t in found]


def test_an_anonymous_volunteer_owns_only_anonymous_runs_from_its_ip(uow, owner):
    task = a_task(uow, a_project(uow, owner))
    a_task_run(uow, task, a_user(uow), user_ip="anon-1")
    a_task_run(uow, task, None, user_ip="anon-1", external_uid="x")
    assert not uow.task_runs.answered(task.id, Volunteer(user_ip="anon-1"))
    a_task_run(uow, task, None, user_ip="anon-1")
    assert uow.task_runs.answered(task.id, Volunteer(user_ip="anon-1"))
    assert uow.task_runs.count_by(task.project_id, Volunteer(user_ip="anon-1")) == 1
    assert uow.task_runs.count_by(task.project_id, Volunteer(external_uid="x")) == 1


@pytest.mark.parametrize(
    "first, second",
    [
        ({"user_id": 5, "user_ip": None}, {"user_id": 5, "user_ip": None}),
        ({"external_uid": "x"}, {"external_uid": "x"}),
        ({"user_ip": "anon-1"}, {"user_ip": "anon-1"}),
    ],
)
def test_commit_refuses_a_second_run_of_one_volunteer_on_one_task(uow, owner, first, second):
    task = a_task(uow, a_project(uow, owner))
    a_task_run(uow, task, None, **first)
    with pytest.raises(errors.DuplicateValue):
        a_task_run(uow, task, None, **second)


def test_the_same_ip_may_answer_signed_in_and_anonymously_and_on_other_tasks(uow, owner):
    project = a_project(uow, owner)
    task, other = a_task(uow, project), a_task(uow, project)
    a_task_run(uow, task, a_user(uow), user_ip="anon-1")
    a_task_run(uow, task, None, user_ip="anon-1")
    a_task_run(uow, other, None, user_ip="anon-1")
    assert len(everything_in(uow.task_runs)) == 3


def test_a_seconds_clock_moves_only_when_advanced():
    clock = Seconds(5)
    clock.advance(2.5)
    assert clock() == 7.5
