"""The volunteer loop over HTTP: newtask, task runs, project tokens, user progress.

Shared like http_contract: `from http_loop import *` where an `api` fixture exists.
"""
from http_contract import assert_error


def _loop_project(api, n_tasks=2, n_answers=2, **info) -> dict:
    project = api.project("loop")
    api.call("PUT", f"/api/project/{project['id']}", api.owner_key,
             {"info": {"task_presenter": "<p/>", **info}})
    for _ in range(n_tasks):
        api.task(project["id"], n_answers=n_answers)
    api.call("POST", "/project/loop/publish", api.owner_key)
    return project


def _answer(api, project, key=None, **extra):
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key, **extra).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": {"answer": "yes"}}
    return task, api.call("POST", "/api/taskrun", key, body, **extra)


def test_newtask_serves_the_next_task_then_an_empty_object(api):
    project = _loop_project(api, n_tasks=1, n_answers=1)
    task, run = _answer(api, project)
    assert run.status_code == 200, run.json
    assert run.json["task_id"] == task["id"] and run.json["user_id"] is None
    assert run.json["user_ip"].startswith("anon-")
    assert api.call("GET", f"/api/project/{project['id']}/newtask").json == {}
    assert api.call("GET", f"/api/task/{task['id']}").json["state"] == "completed"
    result = api.call("GET", "/api/result", task_id=task["id"]).json
    assert [r["task_run_ids"] for r in result] == [[run.json["id"]]]


def test_newtask_answers_on_every_path_clients_use(api):
    project = _loop_project(api)
    for path in (f"/api/project/{project['id']}/newtask", f"/api/{project['id']}/newtask",
                 f"/api/app/{project['id']}/newtask"):
        assert "id" in api.call("GET", path).json
    preload = api.call("GET", f"/api/project/{project['id']}/newtask", offset=1).json
    several = api.call("GET", f"/api/project/{project['id']}/newtask", limit=2).json
    assert [t["id"] for t in several][1] == preload["id"]


def test_a_run_for_a_task_not_served_is_refused(api):
    project = _loop_project(api)
    task = api.call("GET", "/api/task", project_id=project["id"]).json[0]
    body = {"project_id": project["id"], "task_id": task["id"], "info": {}}
    resp = api.call("POST", "/api/taskrun", api.other_key, body)
    assert_error(resp, 403, "Forbidden", "taskrun")
    assert resp.json["exception_msg"] == "You must request a task first!"


def test_a_second_answer_and_a_wrong_project_are_refused(api):
    project = _loop_project(api)
    task, run = _answer(api, project, api.other_key)
    assert run.status_code == 200 and run.json["user_id"] is not None
    body = {"project_id": project["id"], "task_id": task["id"], "info": {}}
    assert api.call("POST", "/api/taskrun", api.other_key, body).status_code == 403
    api.call("GET", f"/api/project/{project['id']}/newtask", api.owner_key)
    wrong = dict(body, project_id=project["id"] + 1000)
    resp = api.call("POST", "/api/taskrun", api.owner_key, wrong)
    assert_error(resp, 403, "Forbidden", "taskrun")
    assert resp.json["exception_msg"] == "Invalid project_id"


def test_identity_fields_in_a_task_run_body_are_refused(api):
    project = _loop_project(api)
    task = api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json
    body = {"project_id": project["id"], "task_id": task["id"], "user_id": 1}
    assert_error(api.call("POST", "/api/taskrun", api.other_key, body), 400, "BadRequest",
                 "taskrun")


def test_external_volunteers_need_a_project_token(api):
    project = _loop_project(api)
    secret = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["secret_key"]
    token_path = "/api/auth/project/loop/token"
    missing = api.client.simulate_get(token_path)
    assert_error(missing, 403, "Forbidden", "project")
    assert api.client.simulate_get(token_path, headers={"Authorization": "wrong"}
                                   ).status_code == 404
    token = api.client.simulate_get(token_path, headers={"Authorization": secret}).text
    bearer = {"Authorization": f"Bearer {token}"}
    path = f"/api/project/{project['id']}/newtask"
    assert api.client.simulate_get(path, params={"external_uid": "x1"}).status_code == 401
    forged = {"Authorization": f"Bearer {token[:-2]}xx"}
    assert api.client.simulate_get(path, params={"external_uid": "x1"}, headers=forged
                                   ).status_code == 401
    task = api.client.simulate_get(path, params={"external_uid": "x1"}, headers=bearer).json
    run = api.client.simulate_post("/api/taskrun", params={"external_uid": "x1"}, headers=bearer,
                                   json={"project_id": project["id"], "task_id": task["id"],
                                         "external_uid": "x1", "info": {}})
    assert run.status_code == 200 and run.json["external_uid"] == "x1"
    progress = api.client.simulate_get(f"/api/project/{project['id']}/userprogress",
                                       params={"external_uid": "x1"}, headers=bearer).json
    assert progress.items() >= {"done": 1, "total": 2}.items()


def test_user_progress_by_id_or_short_name(api):
    project = _loop_project(api)
    _answer(api, project, api.other_key)
    for key in (project["id"], "loop"):
        mine = api.call("GET", f"/api/project/{key}/userprogress", api.other_key).json
        assert mine.items() >= {"done": 1, "total": 2}.items()
        anonymous = api.call("GET", f"/api/app/{key}/userprogress").json
        assert anonymous.items() >= {"done": 0, "total": 2}.items()


def test_projects_closed_to_anonymous_volunteers_ask_for_sign_in(api):
    project = _loop_project(api)
    api.call("PUT", f"/api/project/{project['id']}", api.owner_key,
             {"allow_anonymous_contributors": False})
    resp = api.call("GET", f"/api/project/{project['id']}/newtask")
    assert_error(resp, 401, "Unauthorized", "project")
    assert "id" in api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json


def test_newtask_refuses_unknown_parameters_and_bad_limits(api):
    project = _loop_project(api)
    path = f"/api/project/{project['id']}/newtask"
    assert api.call("GET", path, orderby="id").status_code == 415
    assert api.call("GET", path, limit=0).status_code == 400
    assert api.call("GET", path, limit="x").status_code == 400
    assert api.call("GET", "/api/project/999999/newtask").status_code == 404
