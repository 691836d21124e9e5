"""The rest of PYBOSSA 4's API: correcting an answer, announcements, blog posts, pages,
project statistics and favourite tasks (and their web views).

Shared like http_contract: `from http_more_api import *` where an `api` fixture exists.
"""

from http_contract import assert_error

RUN_KEYS = {
    "calibration",
    "created",
    "external_uid",
    "finish_time",
    "id",
    "info",
    "media_url",
    "project_id",
    "task_id",
    "timeout",
    "user_id",
    "user_ip",
}


def _published_project(api, short_name="moreapi", n_answers=1) -> dict:
    project = api.project(short_name)
    api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"task_presenter": "<p/>"}}
    )
    api.task(project["id"], n_answers=n_answers)
    assert api.call("POST", f"/project/{short_name}/publish", api.owner_key).status_code == 200
    return project


def _answer(api, project: dict, key: str | None, info) -> dict:
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": info}
    resp = api.call("POST", "/api/taskrun", key, body)
    assert resp.status_code == 200, resp.json
    return resp.json


def test_the_author_of_an_answer_corrects_its_info_and_nothing_else_moves(api):
    project = _published_project(api)
    run = _answer(api, project, api.other_key, {"answer": "no"})
    resp = api.call("PUT", f"/api/taskrun/{run['id']}", api.other_key, {"info": {"answer": "yes"}})
    assert resp.status_code == 200, resp.json
    assert set(resp.json) == RUN_KEYS
    assert resp.json["info"] == {"answer": "yes"}
    kept = ("project_id", "task_id", "user_id", "external_uid", "created", "finish_time")
    assert {k: resp.json[k] for k in kept} == {k: run[k] for k in kept}
    assert api.call("GET", f"/api/taskrun/{run['id']}").json["info"] == {"answer": "yes"}


def test_an_answer_may_be_sent_back_as_read_but_only_its_info_changes(api):
    project = _published_project(api)
    run = _answer(api, project, api.other_key, {"answer": "no"})
    path = f"/api/taskrun/{run['id']}"
    echoed = {k: v for k, v in run.items() if k not in ("link", "links")}
    resp = api.call("PUT", path, api.other_key, {**echoed, "info": {"answer": "maybe"}})
    assert resp.status_code == 200, resp.json
    for field, value in (("project_id", project["id"] + 1), ("user_id", 1), ("created", "x")):
        resp = api.call("PUT", path, api.other_key, {field: value, "info": {}})
        assert resp.status_code == 400, (field, resp.json)
        assert field in resp.json["exception_msg"]
    assert_error(
        api.call("PUT", path, api.other_key, {"colour": "red"}), 415, "TypeError", "taskrun"
    )
    assert api.call("GET", path).json["info"] == {"answer": "maybe"}


def test_only_the_author_or_an_admin_corrects_an_answer(api):
    project = _published_project(api)
    run = _answer(api, project, api.other_key, {"answer": "no"})
    path, body = f"/api/taskrun/{run['id']}", {"info": {"answer": "forged"}}
    assert_error(api.call("PUT", path, None, body), 401, "Unauthorized", "taskrun")
    assert_error(api.call("PUT", path, api.owner_key, body), 403, "Forbidden", "taskrun")
    assert api.call("PUT", path, api.admin_key, {"info": {"answer": "fixed"}}).status_code == 200
    assert api.call("GET", path).json["info"] == {"answer": "fixed"}


def test_an_anonymous_answer_cannot_be_corrected_by_anyone_but_an_admin(api):
    project = _published_project(api)
    run = _answer(api, project, None, {"answer": "no"})
    path = f"/api/taskrun/{run['id']}"
    assert_error(api.call("PUT", path, None, {"info": {}}), 401, "Unauthorized", "taskrun")
    assert_error(api.call("PUT", path, api.other_key, {"info": {}}), 403, "Forbidden", "taskrun")


def test_a_corrected_answer_is_counted_again_in_its_tasks_result(api):
    project = _published_project(api)
    settings = {"info": {"task_presenter": "<p/>", "consensus": "majority"}}
    assert (
        api.call("PUT", f"/api/project/{project['id']}", api.owner_key, settings).status_code == 200
    )
    run = _answer(api, project, api.other_key, {"answer": "no"})
    result = api.call("GET", "/api/result", task_id=run["task_id"]).json[0]
    assert result["info"]["consensus"]["answer"] == {"answer": "no"}
    api.call("PUT", f"/api/taskrun/{run['id']}", api.other_key, {"info": {"answer": "yes"}})
    result = api.call("GET", "/api/result", task_id=run["task_id"]).json[0]
    assert result["info"]["consensus"]["answer"] == {"answer": "yes"}
    assert result["task_run_ids"] == [run["id"]]
