"""The volunteer loop over HTTP: newtask, task runs, project tokens, user progress.

Shared like http_contract: `from http_loop import *` where an `api` fixture exists. Every
test runs on a published project and on a draft (never published): a draft is unlisted, not
closed, so its volunteers see no difference.
"""

import pytest

from http_contract import assert_error


@pytest.fixture(params=[True, False], ids=["published", "draft"])
def published(request) -> bool:
    """Whether the loop's project is published (True) or stays a draft (False)."""
    return request.param


def _loop_project(api, n_tasks=2, n_answers=2, publish=True, **info) -> dict:
    project = api.project("loop")
    api.call(
        "PUT",
        f"/api/project/{project['id']}",
        api.owner_key,
        {"info": {"task_presenter": "<p/>", **info}},
    )
    for _ in range(n_tasks):
        api.task(project["id"], n_answers=n_answers)
    if publish:
        assert api.call("POST", "/project/loop/publish", api.owner_key).status_code == 302
    return project


def _answer(api, project, key=None, **extra):
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key, **extra).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": {"answer": "yes"}}
    return task, api.call("POST", "/api/taskrun", key, body, **extra)


def test_newtask_serves_the_next_task_then_an_empty_object(api, published):
    project = _loop_project(api, n_tasks=1, n_answers=1, publish=published)
    task, run = _answer(api, project)
    assert run.status_code == 200, run.json
    assert run.json["task_id"] == task["id"] and run.json["user_id"] is None
    assert run.json["user_ip"].startswith("anon-")
    assert api.call("GET", f"/api/project/{project['id']}/newtask").json == {}
    assert api.call("GET", f"/api/task/{task['id']}").json["state"] == "completed"
    result = api.call("GET", "/api/result", task_id=task["id"]).json
    assert [r["task_run_ids"] for r in result] == [[run.json["id"]]]


def test_newtask_answers_on_every_path_clients_use(api, published):
    project = _loop_project(api, publish=published)
    for path in (
        f"/api/project/{project['id']}/newtask",
        f"/api/{project['id']}/newtask",
        f"/api/app/{project['id']}/newtask",
    ):
        assert "id" in api.call("GET", path).json
    preload = api.call("GET", f"/api/project/{project['id']}/newtask", offset=1).json
    several = api.call("GET", f"/api/project/{project['id']}/newtask", limit=2).json
    assert [t["id"] for t in several][1] == preload["id"]


def test_a_run_for_a_task_not_served_is_refused(api, published):
    project = _loop_project(api, publish=published)
    task = api.call("GET", "/api/task", project_id=project["id"]).json[0]
    body = {"project_id": project["id"], "task_id": task["id"], "info": {}}
    resp = api.call("POST", "/api/taskrun", api.other_key, body)
    assert_error(resp, 403, "Forbidden", "taskrun")
    assert resp.json["exception_msg"] == "You must request a task first!"


def test_a_second_answer_and_a_wrong_project_are_refused(api, published):
    project = _loop_project(api, publish=published)
    task, run = _answer(api, project, api.other_key)
    assert run.status_code == 200 and run.json["user_id"] is not None
    body = {"project_id": project["id"], "task_id": task["id"], "info": {}}
    assert api.call("POST", "/api/taskrun", api.other_key, body).status_code == 403
    api.call("GET", f"/api/project/{project['id']}/newtask", api.owner_key)
    wrong = dict(body, project_id=project["id"] + 1000)
    resp = api.call("POST", "/api/taskrun", api.owner_key, wrong)
    assert_error(resp, 403, "Forbidden", "taskrun")
    assert resp.json["exception_msg"] == "Invalid project_id"


def test_identity_fields_in_a_task_run_body_are_refused(api, published):
    project = _loop_project(api, publish=published)
    task = api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json
    body = {"project_id": project["id"], "task_id": task["id"], "user_id": 1}
    assert_error(
        api.call("POST", "/api/taskrun", api.other_key, body), 400, "BadRequest", "taskrun"
    )


def test_external_volunteers_need_a_project_token(api, published):
    project = _loop_project(api, publish=published)
    secret = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["secret_key"]
    token_path = "/api/auth/project/loop/token"
    missing = api.client.simulate_get(token_path)
    assert_error(missing, 403, "Forbidden", "project")
    assert (
        api.client.simulate_get(token_path, headers={"Authorization": "wrong"}).status_code == 404
    )
    token = api.client.simulate_get(token_path, headers={"Authorization": secret}).text
    bearer = {"Authorization": f"Bearer {token}"}
    path = f"/api/project/{project['id']}/newtask"
    assert api.client.simulate_get(path, params={"external_uid": "x1"}).status_code == 401
    forged = {"Authorization": f"Bearer {token[:-2]}xx"}
    assert (
        api.client.simulate_get(path, params={"external_uid": "x1"}, headers=forged).status_code
        == 401
    )
    task = api.client.simulate_get(path, params={"external_uid": "x1"}, headers=bearer).json
    run = api.client.simulate_post(
        "/api/taskrun",
        params={"external_uid": "x1"},
        headers=bearer,
        json={"project_id": project["id"], "task_id": task["id"], "external_uid": "x1", "info": {}},
    )
    assert run.status_code == 200 and run.json["external_uid"] == "x1"
    progress = api.client.simulate_get(
        f"/api/project/{project['id']}/userprogress", params={"external_uid": "x1"}, headers=bearer
    ).json
    assert progress.items() >= {"done": 1, "total": 2}.items()


def test_user_progress_by_id_or_short_name(api, published):
    project = _loop_project(api, publish=published)
    _answer(api, project, api.other_key)
    for key in (project["id"], "loop"):
        mine = api.call("GET", f"/api/project/{key}/userprogress", api.other_key).json
        assert mine.items() >= {"done": 1, "total": 2}.items()
        anonymous = api.call("GET", f"/api/app/{key}/userprogress").json
        assert anonymous.items() >= {"done": 0, "total": 2}.items()


def test_projects_closed_to_anonymous_volunteers_ask_for_sign_in(api, published):
    project = _loop_project(api, publish=published)
    api.call(
        "PUT",
        f"/api/project/{project['id']}",
        api.owner_key,
        {"allow_anonymous_contributors": False},
    )
    resp = api.call("GET", f"/api/project/{project['id']}/newtask")
    assert_error(resp, 401, "Unauthorized", "project")
    assert "id" in api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json


def test_newtask_refuses_unknown_parameters_and_bad_limits(api, published):
    project = _loop_project(api, publish=published)
    path = f"/api/project/{project['id']}/newtask"
    assert_error(api.call("GET", path, colour="red"), 415, "AttributeError", "task")
    assert_error(api.call("GET", path, orderby="info"), 415, "AttributeError", "task")
    assert_error(api.call("GET", path, desc="maybe"), 400, "ValidationError", "task")
    assert api.call("GET", path, limit=0).status_code == 400
    assert api.call("GET", path, limit="x").status_code == 400
    assert api.call("GET", path, limit=101).status_code == 400
    assert api.call("GET", "/api/project/999999/newtask").status_code == 404
    assert api.call("GET", "/api/project/no-such-project/newtask").status_code == 404


def _project_with_priorities(api, published, priorities) -> tuple[dict, list[int]]:
    project = _loop_project(api, n_tasks=0, publish=False)
    ids = [api.task(project["id"], priority_0=p)["id"] for p in priorities]
    if published:
        assert api.call("POST", "/project/loop/publish", api.owner_key).status_code == 302
    return project, ids


def test_newtask_orders_the_candidates_by_the_column_asked_for(api, published):
    project, (high, low, middle) = _project_with_priorities(api, published, [0.9, 0.1, 0.5])
    path = f"/api/project/{project['id']}/newtask"

    def served(**order):
        return [t["id"] for t in api.call("GET", path, limit=3, **order).json]

    assert served() == [high, middle, low]  # the scheduler's own order
    assert served(orderby="id") == served(orderby="created") == [high, low, middle]
    assert served(orderby="id", desc="true") == served(desc="true") == [middle, low, high]
    assert served(orderby="created", desc="true") == [middle, low, high]
    assert served(orderby="priority_0", desc="false") == [low, middle, high]
    assert served(orderby="priority_0", desc="true") == [high, middle, low]
    assert api.call("GET", path, orderby="id", desc="true").json["id"] == middle
    assert served(orderby="n_task_runs") == [high, middle, low]


# Every scheduler of pybossa_core.scheduler, and PYBOSSA's user_pref (served as the default).
SCHEDULERS = [
    "default",
    "breadth_first",
    "depth_first",
    "depth_first_all",
    "incremental",
    "locked",
    "user_pref",
]


def _answer_until_served_nothing(api, project, who: str, params, headers) -> list[dict]:
    """One volunteer's loop: newtask, answer, until newtask answers {}."""
    served = []
    for _ in range(10):
        got = api.client.simulate_get(
            f"/api/project/{project['id']}/newtask", params=params or None, headers=headers
        )
        assert got.status_code == 200, got.json
        if not got.json:
            return served
        body = {
            "project_id": project["id"],
            "task_id": got.json["id"],
            "info": {"by": who},
            **({"external_uid": params["external_uid"]} if "external_uid" in params else {}),
        }
        run = api.client.simulate_post(
            "/api/taskrun", params=params or None, headers=headers, json=body
        )
        assert run.status_code == 200, run.json
        served.append(got.json)
    raise AssertionError(f"{who} was still being served after 10 answers")


@pytest.mark.parametrize("sched", SCHEDULERS)
def test_every_scheduler_runs_the_whole_loop(api, published, sched):
    project = _loop_project(api, n_tasks=3, n_answers=2, publish=published, sched=sched)
    secret = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["secret_key"]
    token = api.client.simulate_get(
        "/api/auth/project/loop/token", headers={"Authorization": secret}
    ).text
    crowd = [
        ("user", {"api_key": api.other_key}, {}),
        ("anonymous", {}, {}),
        ("external", {"external_uid": "x1"}, {"Authorization": f"Bearer {token}"}),
    ]
    served = {
        who: _answer_until_served_nothing(api, project, who, params, headers)
        for who, params, headers in crowd
    }
    assert [len(tasks) for tasks in served.values()] == [3, 3, 0]
    assert len({task["id"] for task in served["anonymous"]}) == 3
    if sched == "incremental":
        assert [t["info"]["last_answer"] for t in served["anonymous"]] == [{"by": "user"}] * 3
    tasks = api.call("GET", "/api/task", project_id=project["id"]).json
    assert [t["state"] for t in tasks] == ["completed"] * 3
    runs = api.call("GET", "/api/taskrun", project_id=project["id"]).json
    assert sorted(r["task_id"] for r in runs) == sorted(2 * [t["id"] for t in tasks])
    results = api.call("GET", "/api/result", project_id=project["id"]).json
    assert sorted(r["task_id"] for r in results) == sorted(t["id"] for t in tasks)
    progress = api.call("GET", "/api/project/loop/userprogress", api.other_key).json
    assert progress.items() >= {"done": 3, "total": 3}.items()


def test_a_draft_takes_answers_while_its_project_object_stays_hidden(api):
    project = _loop_project(api, n_tasks=1, n_answers=1, publish=False)
    path = f"/api/project/{project['id']}"
    assert_error(api.call("GET", path), 401, "Unauthorized", "project")
    assert_error(api.call("GET", path, api.other_key), 403, "Forbidden", "project")
    for key, params in ((None, {}), (api.other_key, {"all": 1})):
        assert api.call("GET", "/api/project", key, **params).json == []
        assert api.call("GET", "/api/project", key, short_name="loop", **params).json == []
    task, run = _answer(api, project, api.other_key)
    assert run.status_code == 200 and api.call("GET", f"/api/task/{task['id']}").status_code == 200
    assert api.call("GET", path, api.owner_key).json["published"] is False
