"""Gold tasks over HTTP: who reads gold answers and scores, accuracy, gold_every serving.

Shared like http_contract: `from http_gold import *` where an `api` fixture exists.
"""

from http_contract import assert_error

GOLD = {"animal": "cat"}


def _gold_project(api, n_gold=1, n_ordinary=1, **info) -> tuple[dict, list[dict], list[dict]]:
    """A published project with gold tasks (priority 1, so served first) and ordinary ones."""
    project = api.project("gold")
    api.call(
        "PUT",
        f"/api/project/{project['id']}",
        api.owner_key,
        {"info": {"task_presenter": "<p/>", **info}},
    )
    golds = [
        api.task(project["id"], calibration=1, gold_answers=GOLD, priority_0=1.0, n_answers=1)
        for _ in range(n_gold)
    ]
    ordinary = [api.task(project["id"], n_answers=5) for _ in range(n_ordinary)]
    assert api.call("POST", "/project/gold/publish", api.owner_key).status_code == 302
    return project, golds, ordinary


def _answer(api, project, key=None, answer=None) -> tuple[dict, dict]:
    """newtask then POST /api/taskrun; returns the task served and the run answered."""
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": answer or GOLD}
    run = api.call("POST", "/api/taskrun", key, body)
    assert run.status_code == 200, run.json
    return task, run.json


def test_the_owner_sets_and_reads_gold_answers(api):
    project, (task,), _ = _gold_project(api)
    assert task["gold_answers"] == GOLD and task["calibration"] == 1
    path = f"/api/task/{task['id']}"
    changed = api.call("PUT", path, api.owner_key, {"gold_answers": {"animal": "dog"}})
    assert changed.status_code == 200 and changed.json["gold_answers"] == {"animal": "dog"}
    for key in (api.owner_key, api.admin_key):
        assert api.call("GET", path, key).json["gold_answers"] == {"animal": "dog"}
        listed = api.call("GET", "/api/task", key, project_id=project["id"], all=1).json
        assert [t.get("gold_answers") for t in listed][0] == {"animal": "dog"}


def test_other_users_and_anonymous_callers_never_see_gold_answers(api):
    project, (task,), _ = _gold_project(api)
    path = f"/api/task/{task['id']}"
    for key in (api.other_key, None):
        one = api.call("GET", path, key).json
        assert one["calibration"] == 1 and "gold_answers" not in one
        listed = api.call("GET", "/api/task", key, project_id=project["id"], all=1).json
        assert listed and all("gold_answers" not in t for t in listed)
        related = api.call("GET", path, key, related="true").json
        assert "gold_answers" not in related


def test_an_admin_writes_gold_answers_and_sees_them_in_the_answer(api):
    project, (task,), _ = _gold_project(api)
    resp = api.call(
        "PUT", f"/api/task/{task['id']}", api.admin_key, {"gold_answers": {"animal": "owl"}}
    )
    assert resp.status_code == 200 and resp.json["gold_answers"] == {"animal": "owl"}
    created = api.call(
        "POST",
        "/api/task",
        api.admin_key,
        {"project_id": project["id"], "calibration": 1, "gold_answers": GOLD},
    )
    assert created.status_code == 200 and created.json["gold_answers"] == GOLD


def test_gold_answers_must_be_an_object(api):
    project = api.project()
    for bad in (["cat"], "cat", 3, {}):
        resp = api.call(
            "POST",
            "/api/task",
            api.owner_key,
            {"project_id": project["id"], "calibration": 1, "gold_answers": bad},
        )
        assert_error(resp, 400, "ValidationError", "task")
        assert "gold_answers" in resp.json["errors"]
    task = api.task(project["id"], gold_answers=None)
    assert task["gold_answers"] is None


def test_newtask_never_shows_gold_answers_not_even_to_the_owner(api):
    project, (task,), _ = _gold_project(api)
    for key in (api.owner_key, api.other_key, None):
        served = api.call("GET", f"/api/project/{project['id']}/newtask", key).json
        assert served["id"] == task["id"] and "gold_answers" not in served
        several = api.call("GET", f"/api/project/{project['id']}/newtask", key, limit=2).json
        assert all("gold_answers" not in t for t in several)


def test_the_volunteer_never_sees_their_gold_score_and_the_owner_does(api):
    project, (task,), _ = _gold_project(api)
    _, run = _answer(api, project, api.other_key, {"animal": " Cat "})
    assert run["calibration"] == 1 and "gold_score" not in run
    mine = api.call("GET", f"/api/taskrun/{run['id']}", api.other_key).json
    assert "gold_score" not in mine
    assert all("gold_score" not in r for r in api.call("GET", "/api/taskrun", api.other_key).json)
    for key in (api.owner_key, api.admin_key):
        assert api.call("GET", f"/api/taskrun/{run['id']}", key).json["gold_score"] == 1.0
        related = api.call("GET", f"/api/task/{task['id']}", key, related="true").json
        assert [r["gold_score"] for r in related["task_runs"]] == [1.0]
    public = api.call("GET", f"/api/task/{task['id']}", None, related="true").json
    assert [("gold_score" in r) for r in public["task_runs"]] == [False]


def test_a_gold_task_takes_every_volunteers_answer_and_never_completes(api):
    project, (task,), _ = _gold_project(api)
    for key in (api.other_key, api.admin_key, None):
        served, _ = _answer(api, project, key)
        assert served["id"] == task["id"]
    stored = api.call("GET", f"/api/task/{task['id']}", api.owner_key).json
    assert stored["state"] == "ongoing"
    assert api.call("GET", "/api/result", task_id=task["id"]).json == []


def test_gold_answers_cannot_be_filtered_on(api):
    project, _, _ = _gold_project(api)
    resp = api.call("GET", "/api/task", api.owner_key, gold_answers="cat")
    assert_error(resp, 415, "AttributeError", "task")
    assert api.call("GET", "/api/task", info="animal::cat").json == []
    assert api.call("GET", "/api/task", info='{"animal": "cat"}').json == []
    calibrated = api.call("GET", "/api/task", calibration=1, project_id=project["id"]).json
    assert len(calibrated) == 1


def test_accuracy_is_for_the_owner_and_admins(api):
    project, _, _ = _gold_project(api)
    path = f"/api/project/{project['id']}/accuracy"
    assert api.call("GET", path, api.owner_key).json == []
    assert api.call("GET", path, api.admin_key).status_code == 200
    assert_error(api.call("GET", path, api.other_key), 403, "Forbidden", "project")
    assert_error(api.call("GET", path), 401, "Unauthorized", "project")
    assert_error(
        api.call("GET", "/api/project/999999/accuracy", api.owner_key), 404, "NotFound", "project"
    )
    assert_error(api.call("GET", path, api.owner_key, sort="x"), 415, "AttributeError", "project")
    assert_error(api.call("GET", path, api.owner_key, limit=0), 400, "ValidationError", "project")


def test_accuracy_sums_each_volunteers_gold_answers(api):
    project, _, _ = _gold_project(api, n_gold=2, n_ordinary=1)
    _answer(api, project, api.other_key, {"animal": "CAT"})
    _answer(api, project, api.other_key, {"animal": "dog"})
    _answer(api, project, api.other_key, {"animal": "dog"})  # the ordinary task: not scored
    _answer(api, project, None, {"animal": "cat"})
    rows = api.call("GET", f"/api/project/{project['id']}/accuracy", api.owner_key).json
    other = api.call("GET", "/api/user", api.other_key, name="other").json[0]
    assert rows == [
        {
            "volunteer": "user",
            "user_id": other["id"],
            "external_uid": None,
            "n_gold": 2,
            "n_correct": 1,
            "accuracy": 0.5,
        },
        {
            "volunteer": "anonymous",
            "user_id": None,
            "external_uid": None,
            "n_gold": 1,
            "n_correct": 1,
            "accuracy": 1.0,
        },
    ]
    page = api.call(
        "GET", f"/api/project/{project['id']}/accuracy", api.owner_key, limit=1, offset=1
    ).json
    assert page == rows[1:]
    progress = api.call("GET", f"/api/project/{project['id']}/userprogress", api.other_key).json
    assert progress == {
        "done": 3,
        "total": 3,
        "accuracy": {"n_gold": 2, "n_correct": 1, "accuracy": 0.5},
    }


def test_gold_every_serves_a_gold_task_at_every_nth_answer(api):
    project, golds, ordinary = _gold_project(api, n_gold=2, n_ordinary=4, gold_every=3)
    served = [_answer(api, project, api.other_key)[0]["id"] for _ in range(6)]
    gold_ids, ordinary_ids = [t["id"] for t in golds], [t["id"] for t in ordinary]
    assert served == ordinary_ids[:2] + gold_ids[:1] + ordinary_ids[2:4] + gold_ids[1:]
    assert api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json == {}


def test_a_bad_gold_every_is_refused(api):
    project = api.project()
    resp = api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"gold_every": -2}}
    )
    assert_error(resp, 400, "ValidationError", "project")
    assert "info.gold_every" in resp.json["errors"]
