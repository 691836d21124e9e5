"""Results over HTTP: majority consensus, n_answers changes re-evaluating tasks, redundancy.

Shared like http_contract: `from http_results import *` where an `api` fixture exists.
"""

import pytest

from http_contract import assert_error, assert_view_error

MAJORITY = {"consensus": "majority", "consensus_field": "answer"}


def _voting_project(api, short_name="votes", n_tasks=1, n_answers=3, **info) -> dict:
    project = api.project(short_name)
    api.call(
        "PUT",
        f"/api/project/{project['id']}",
        api.owner_key,
        {"info": {"task_presenter": "<p/>", **MAJORITY, **info}},
    )
    for _ in range(n_tasks):
        api.task(project["id"], n_answers=n_answers)
    api.call("POST", f"/project/{short_name}/publish", api.owner_key)
    return project


def _answer_as(api, project, answer, n):
    """Answer the next task as the n-th anonymous volunteer (each from its own address)."""
    ip = f"198.51.100.{n}"
    task = api.client.simulate_get(f"/api/project/{project['id']}/newtask", remote_addr=ip).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": {"answer": answer}}
    resp = api.client.simulate_post("/api/taskrun", json=body, remote_addr=ip)
    assert resp.status_code == 200, resp.json
    return task


def test_a_completed_task_has_its_majority_answer_in_its_result(api):
    project = _voting_project(api)
    for n, answer in enumerate(["cat", "Cat ", "dog"], start=1):
        task = _answer_as(api, project, answer, n)
    [result] = api.call("GET", "/api/result", task_id=task["id"]).json
    consensus = result["info"]["consensus"]
    assert consensus["answer"] == "cat" and consensus["agreement"] == pytest.approx(0.6667)
    assert consensus["votes"] == [{"answer": "cat", "count": 2}, {"answer": "dog", "count": 1}]


def test_switching_consensus_on_recounts_the_existing_results(api):
    project = _voting_project(api, n_answers=2, consensus="none")
    for n, answer in enumerate(["no", "no"], start=1):
        task = _answer_as(api, project, answer, n)
    [result] = api.call("GET", "/api/result", task_id=task["id"]).json
    assert "consensus" not in (result["info"] or {})
    resp = api.call(
        "PUT",
        f"/api/project/{project['id']}",
        api.owner_key,
        {"info": {"task_presenter": "<p/>", **MAJORITY}},
    )
    assert resp.status_code == 200
    [result] = api.call("GET", "/api/result", task_id=task["id"]).json
    assert result["info"]["consensus"]["answer"] == "no"  # the embedded queue runs it at once


def test_an_unknown_consensus_method_is_refused(api):
    project = api.project("badvote")
    resp = api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"consensus": "loudest"}}
    )
    assert_error(resp, 400, "ValidationError", "project")


def test_lowering_a_tasks_n_answers_completes_it_with_a_result(api):
    project = _voting_project(api)
    task = _answer_as(api, project, "yes", 1)
    assert api.call("GET", "/api/result", task_id=task["id"]).json == []
    resp = api.call("PUT", f"/api/task/{task['id']}", api.owner_key, {"n_answers": 1})
    assert resp.status_code == 200 and resp.json["state"] == "completed"
    [result] = api.call("GET", "/api/result", task_id=task["id"]).json
    assert result["info"]["consensus"]["answer"] == "yes"


def test_raising_n_answers_reopens_a_task_for_more_answers(api):
    project = _voting_project(api, n_answers=1)
    task = _answer_as(api, project, "yes", 1)
    resp = api.call("PUT", f"/api/task/{task['id']}", api.owner_key, {"n_answers": 2})
    assert resp.json["state"] == "ongoing"
    assert _answer_as(api, project, "yes", 2)["id"] == task["id"]
    assert api.call("GET", f"/api/task/{task['id']}").json["state"] == "completed"


def test_redundancy_sets_every_tasks_n_answers_and_re_evaluates_them(api):
    project = _voting_project(api, n_tasks=2, n_answers=3)
    answered = _answer_as(api, project, "yes", 1)
    resp = api.call("POST", "/project/votes/tasks/redundancy", api.owner_key, {"n_answers": 1})
    assert resp.status_code == 200, resp.json
    assert (resp.json["n_tasks"], resp.json["completed"], resp.json["reopened"]) == (2, 1, 0)
    tasks = api.call("GET", "/api/task", project_id=project["id"], all=1).json
    assert {t["id"]: (t["state"], t["n_answers"]) for t in tasks}[answered["id"]] == (
        "completed",
        1,
    )
    assert all(t["n_answers"] == 1 for t in tasks)
    assert len(api.call("GET", "/api/result", project_id=project["id"], all=1).json) == 1


def test_redundancy_is_for_the_owner_or_an_admin(api):
    _voting_project(api)
    url = "/project/votes/tasks/redundancy"
    assert_view_error(api.call("POST", url, api.other_key, {"n_answers": 2}), 403)
    anonymous = api.call("POST", url, None, {"n_answers": 2})  # no session: CSRF refuses
    assert_view_error(anonymous, 400)
    assert api.call("POST", url, api.admin_key, {"n_answers": 2}).status_code == 200
    assert_view_error(
        api.call("POST", "/project/nope/tasks/redundancy", api.owner_key, {"n_answers": 2}), 404
    )


@pytest.mark.parametrize("body", [{"n_answers": 0}, {"n_answers": "many"}, {"n_answers": 2.5}, {}])
def test_a_bad_redundancy_is_the_form_again_with_its_problem(api, body):
    project = _voting_project(api)
    resp = api.call("POST", "/project/votes/tasks/redundancy", api.owner_key, body)
    assert resp.status_code == 200, resp.json
    assert (resp.json["status"], resp.json["flash"]) == ("error", "Please correct the errors")
    assert set(resp.json) >= {"form", "owner", "pro_features", "project", "template", "title"}
    assert resp.json["form"]["errors"]["n_answers"]
    tasks = api.call("GET", "/api/task", project_id=project["id"], all=1).json
    assert {t["n_answers"] for t in tasks} == {3}


def test_a_redundancy_field_the_form_does_not_have_is_415(api):
    _voting_project(api)
    body = {"n_answers": 2, "state": "completed"}
    resp = api.call("POST", "/project/votes/tasks/redundancy", api.owner_key, body)
    assert_view_error(resp, 415)
