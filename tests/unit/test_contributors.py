"""Who answers: signed-in users, anonymous IPs (anonymized) and apps' external uids (tokens)."""

from datetime import timedelta

import pytest

from pybossa_core import errors
from pybossa_core.use_cases import contributions
from pybossa_core.users import ANONYMOUS
from pybossa_core.volunteers import Volunteer, anonymize_ip

from .builders import (
    NOW,
    a_project,
    a_published_project,
    a_task,
    a_task_run,
    a_user,
    actor,
    everything_in,
)
from .volunteering import a_token, anonymous, answer, external, ids, newtask, serve_and_answer


@pytest.fixture
def project(uow, owner):
    return a_published_project(uow, owner)


@pytest.fixture
def task(uow, project):
    return a_task(uow, project, n_answers=3)


def progress(uow, key, caller, loop):
    return contributions.user_progress(uow, key, caller, ports=loop, now=NOW)


# -- anonymous volunteers ---------------------------------------------------------------------


def test_an_anonymous_answer_stores_the_anonymized_ip_not_the_ip(uow, project, task, loop):
    newtask(uow, project, anonymous("198.51.100.9"), loop)
    run = answer(uow, task, anonymous("198.51.100.9"), loop)
    stored = uow.task_runs.get(run.id)
    assert stored.user_ip == anonymize_ip("198.51.100.9", loop.ip_secret)
    assert "198.51.100.9" not in stored.user_ip
    assert (stored.user_id, stored.external_uid) == (None, None)


def test_a_second_answer_from_the_same_ip_is_refused(uow, task, loop):
    serve_and_answer(uow, task, anonymous("198.51.100.9"), loop)
    with pytest.raises(errors.Forbidden):
        serve_and_answer(uow, task, anonymous("198.51.100.9"), loop)
    serve_and_answer(uow, task, anonymous("198.51.100.10"), loop)
    assert len(uow.task_runs.for_task(task.id)) == 2


def test_a_signed_in_answer_from_an_ip_does_not_count_as_that_ips(uow, task, someone, loop):
    serve_and_answer(uow, task, actor(someone, ip="198.51.100.9"), loop)
    serve_and_answer(uow, task, anonymous("198.51.100.9"), loop)
    assert len(uow.task_runs.for_task(task.id)) == 2


def test_a_project_for_signed_in_volunteers_refuses_anonymous_answers(uow, owner, loop):
    project = a_published_project(uow, owner, allow_anonymous_contributors=False)
    task = a_task(uow, project)
    loop.stamps.stamp(
        Volunteer(user_ip=anonymize_ip("198.51.100.9", loop.ip_secret)).key, [task.id], 60
    )
    with pytest.raises(errors.AuthenticationRequired):
        answer(uow, task, anonymous("198.51.100.9"), loop)
    assert everything_in(uow.task_runs) == []


def test_an_anonymized_ip_is_stable_per_secret_and_hides_the_ip():
    ip = "198.51.100.9"
    assert anonymize_ip(ip, "s1") == anonymize_ip(ip, "s1")
    assert anonymize_ip(ip, "s1") != anonymize_ip(ip, "s2")
    assert anonymize_ip(ip, "s1") != anonymize_ip("198.51.100.10", "s1")
    assert ip not in anonymize_ip(ip, "s1") and anonymize_ip(ip, "s1").startswith("anon-")


def test_each_kind_of_volunteer_has_its_own_key():
    assert Volunteer(user_id=3).key == "user:3" and not Volunteer(user_id=3).anonymous
    assert Volunteer(external_uid="3").key == "ext:3" and not Volunteer(external_uid="3").anonymous
    assert Volunteer(user_ip="anon-3").key == "ip:anon-3" and Volunteer(user_ip="anon-3").anonymous


# -- external uids with a project token -------------------------------------------------------


def test_an_app_answers_for_its_user_with_a_project_token(uow, project, task, loop):
    caller = external("app-user-1", a_token(loop, project), ip="198.51.100.9")
    assert ids(newtask(uow, project, caller, loop)) == [task.id]
    run = answer(uow, task, caller, loop)
    stored = uow.task_runs.get(run.id)
    assert (stored.external_uid, stored.user_id, stored.user_ip) == ("app-user-1", None, None)


def test_an_external_uid_answers_a_task_once(uow, project, task, loop):
    caller = external("app-user-1", a_token(loop, project))
    serve_and_answer(uow, task, caller, loop)
    with pytest.raises(errors.Forbidden):
        serve_and_answer(uow, task, caller, loop)
    serve_and_answer(uow, task, external("app-user-2", a_token(loop, project)), loop)


def test_an_external_uid_without_a_token_is_refused(uow, project, task, loop):
    with pytest.raises(errors.AuthenticationRequired):
        newtask(uow, project, external("app-user-1", None), loop)


def test_a_token_without_an_external_uid_is_invalid(uow, project, task, loop):
    with pytest.raises(errors.InvalidInput) as refused:
        newtask(uow, project, external(None, a_token(loop, project)), loop)
    assert "external_uid" in refused.value.errors


def test_a_token_signed_for_another_project_is_refused(uow, owner, project, task, loop):
    other = a_published_project(uow, owner)
    token = a_token(loop, other)
    with pytest.raises(errors.AuthenticationRequired):
        newtask(uow, project, external("app-user-1", token), loop)
    with pytest.raises(errors.AuthenticationRequired):
        serve_and_answer(uow, task, external("app-user-1", token), loop)
    assert everything_in(uow.task_runs) == []


def test_a_token_naming_another_project_is_refused_even_with_this_projects_secret(
    uow, owner, project, loop
):
    other = a_published_project(uow, owner)
    token = a_token(loop, other, secret=project.secret_key)
    with pytest.raises(errors.AuthenticationRequired):
        newtask(uow, project, external("app-user-1", token), loop)


def test_an_expired_token_is_refused(uow, project, task, loop):
    token = a_token(loop, project, now=NOW - timedelta(hours=2), ttl=3600)
    with pytest.raises(errors.AuthenticationRequired):
        newtask(uow, project, external("app-user-1", token), loop)


def test_a_malformed_token_is_refused(uow, project, task, loop):
    with pytest.raises(errors.AuthenticationRequired):
        newtask(uow, project, external("app-user-1", "not a token"), loop)


# -- progress ---------------------------------------------------------------------------------


def test_progress_counts_the_callers_answers_and_the_projects_tasks(uow, project, someone, loop):
    tasks = [a_task(uow, project) for _ in range(3)]
    a_task_run(uow, tasks[0], someone)
    a_task_run(uow, tasks[1], someone)
    a_task_run(uow, tasks[2], a_user(uow))
    expected = {"done": 2, "total": 3}.items()
    assert progress(uow, project.id, actor(someone), loop).items() >= expected
    assert progress(uow, project.short_name, actor(someone), loop).items() >= expected


def test_progress_counts_per_anonymous_ip_and_per_external_uid(uow, project, task, loop):
    serve_and_answer(uow, task, anonymous("198.51.100.9"), loop)
    serve_and_answer(uow, task, external("app-user-1", a_token(loop, project)), loop)
    app_user = external("app-user-1", a_token(loop, project))
    assert progress(uow, project.id, anonymous("198.51.100.9"), loop)["done"] == 1
    assert progress(uow, project.id, anonymous("198.51.100.10"), loop)["done"] == 0
    assert progress(uow, project.id, app_user, loop)["done"] == 1


def test_progress_is_readable_where_anonymous_answers_are_not_accepted(uow, owner, loop):
    project = a_published_project(uow, owner, allow_anonymous_contributors=False)
    a_task(uow, project)
    assert progress(uow, project.id, anonymous(), loop).items() >= {"done": 0, "total": 1}.items()


def test_progress_of_a_missing_project_is_not_found(uow, someone, loop):
    with pytest.raises(errors.NotFound):
        progress(uow, "no-such-project", actor(someone), loop)


def test_progress_of_a_draft_is_every_volunteers_own(uow, owner, someone, loop):
    """A draft hides its project object, not its loop: progress is asked for as on any
    project."""
    project = a_project(uow, owner)
    a_task(uow, project)
    for caller in (ANONYMOUS, actor(someone), actor(owner)):
        assert progress(uow, project.id, caller, loop).items() >= {"done": 0, "total": 1}.items()
