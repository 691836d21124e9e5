"""The project views that read: stats, settings, tasks overview and browser, tutorial, a
task's page, results and a task's results.json, with PYBOSSA's keys.

Shared like http_contract: `from http_project_views import *` where an `api` fixture exists.
"""

import pytest

from http_contract import assert_view_error

FIGURES = {"n_completed_tasks", "n_tasks", "n_volunteers", "overall_progress"}
SHARED = {"owner", "pro_features", "project", "template", "title"}
PAGE = FIGURES | SHARED | {"last_activity", "n_task_runs"}


def _project(api, short_name="views", n_tasks=3, n_answers=2, publish=True) -> dict:
    project = api.project(short_name)
    api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"task_presenter": "<p/>"}}
    )
    project["tasks"] = [api.task(project["id"], n_answers=n_answers) for _ in range(n_tasks)]
    if publish:
        assert api.call("POST", f"/project/{short_name}/publish", api.owner_key).status_code == 302
    return project


def _answer(api, project: dict, key: str | None = None) -> dict:
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": {"a": 1}}
    answered = api.call("POST", "/api/taskrun", key, body)
    assert answered.status_code == 200, answered.json
    return answered.json


def test_the_stats_view_has_the_projects_figures(api):
    project = _project(api)
    _answer(api, project)
    stats = api.call("GET", "/project/views/stats")
    assert stats.status_code == 200, stats.json
    assert set(stats.json) == FIGURES | SHARED
    assert (stats.json["n_tasks"], stats.json["n_volunteers"]) == (3, 1)
    assert stats.json["template"] == "/projects/stats.html"
    assert "secret_key" not in stats.json["project"]


def test_the_settings_view_is_for_the_owner_and_admins(api):
    _project(api)
    for key in (api.owner_key, api.admin_key):
        settings = api.call("GET", "/project/views/settings", key)
        assert settings.status_code == 200 and set(settings.json) == PAGE
    owners = api.call("GET", "/project/views/settings", api.owner_key).json
    assert owners["project"]["secret_key"]
    assert_view_error(api.call("GET", "/project/views/settings", api.other_key), 403)
    assert_view_error(api.call("GET", "/project/views/settings"), 401)
    assert_view_error(api.call("GET", "/project/nothing/settings", api.owner_key), 404)


def test_the_tasks_overview_is_public_and_says_there_is_no_autoimporter(api):
    _project(api)
    for key in (None, api.owner_key):
        overview = api.call("GET", "/project/views/tasks/", key)
        assert overview.status_code == 200 and set(overview.json) == PAGE | {"autoimporter_enabled"}
        assert overview.json["autoimporter_enabled"] is False
        assert overview.json["n_tasks"] == 3
    moved = api.client.simulate_get("/project/views/tasks")
    assert (moved.status_code, moved.headers["Location"]) == (308, "/project/views/tasks/")


def test_the_task_browser_pages_the_tasks_with_their_progress(api):
    project = _project(api, n_tasks=3, n_answers=2)
    _answer(api, project)
    first = api.call("GET", "/project/views/tasks/browse", per_page=2)
    assert first.status_code == 200, first.json
    assert set(first.json) == FIGURES | SHARED | {"pagination", "tasks"}
    assert first.json["pagination"] == {
        "page": 1,
        "per_page": 2,
        "total": 3,
        "next": True,
        "prev": False,
    }
    ids = [t["id"] for t in project["tasks"]]
    assert [t["id"] for t in first.json["tasks"]] == ids[:2]
    answered = first.json["tasks"][0]
    assert (answered["n_answers"], answered["n_task_runs"], answered["pct_status"]) == (2, 1, 0.5)
    assert first.json["tasks"][1]["pct_status"] == 0.0
    second = api.call("GET", "/project/views/tasks/browse/2", per_page=2).json
    assert [t["id"] for t in second["tasks"]] == ids[2:]
    assert second["pagination"]["next"] is False and second["pagination"]["prev"] is True
    default = api.call("GET", "/project/views/tasks/browse/1").json
    assert default["pagination"]["per_page"] == 10 and len(default["tasks"]) == 3


def test_a_browser_page_past_the_end_is_404_and_per_page_is_bounded(api):
    _project(api, n_tasks=3)
    for path in ("/project/views/tasks/browse/2", "/project/views/tasks/browse/0"):
        assert_view_error(api.call("GET", path), 404)
    assert_view_error(api.call("GET", "/project/views/tasks/browse/x"), 404)
    for per_page in (0, 101, "many"):
        assert_view_error(api.call("GET", "/project/views/tasks/browse", per_page=per_page), 400)
    _project(api, "empty", n_tasks=0, publish=False)
    empty = api.call("GET", "/project/empty/tasks/browse", api.owner_key)
    assert empty.status_code == 200 and empty.json["tasks"] == []


def test_gold_answers_show_in_the_browser_only_to_the_owner(api):
    project = _project(api, n_tasks=1)
    api.call(
        "PUT",
        f"/api/task/{project['tasks'][0]['id']}",
        api.owner_key,
        {"calibration": 1, "gold_answers": {"a": 1}},
    )
    public = api.call("GET", "/project/views/tasks/browse").json["tasks"][0]
    assert "gold_answers" not in public
    owners = api.call("GET", "/project/views/tasks/browse", api.owner_key).json["tasks"][0]
    assert owners["gold_answers"] == {"a": 1}


def test_a_drafts_views_are_for_its_owner_and_admins(api):
    _project(api, "drafted", publish=False)
    for sub in ("stats", "tasks/", "tasks/browse", "tutorial", "results"):
        assert_view_error(api.call("GET", f"/project/drafted/{sub}"), 401)
        assert_view_error(api.call("GET", f"/project/drafted/{sub}", api.other_key), 403)
        assert api.call("GET", f"/project/drafted/{sub}", api.owner_key).status_code == 200, sub
        assert api.call("GET", f"/project/drafted/{sub}", api.admin_key).status_code == 200, sub
        assert_view_error(api.call("GET", f"/project/nothing/{sub}"), 404)


def test_the_tutorial_shows_the_project_and_its_owner(api):
    _project(api)
    tutorial = api.call("GET", "/project/views/tutorial")
    assert tutorial.status_code == 200 and set(tutorial.json) == {
        "owner",
        "project",
        "template",
        "title",
    }
    assert tutorial.json["owner"]["name"] == "owner"


def test_a_tasks_page_shows_it_in_its_project_only(api):
    project = _project(api)
    other = _project(api, "elsewhere")
    task_id = project["tasks"][0]["id"]
    page = api.call("GET", f"/project/views/task/{task_id}")
    assert page.status_code == 200, page.json
    assert set(page.json) == {"flash", "owner", "project", "status", "task", "template", "title"}
    assert page.json["task"]["id"] == task_id and page.json["status"] == "warning"
    signed_in = api.call("GET", f"/project/views/task/{task_id}", api.other_key).json
    assert (signed_in["flash"], signed_in["status"]) == (None, None)
    assert_view_error(api.call("GET", f"/project/elsewhere/task/{task_id}"), 404)
    assert_view_error(api.call("GET", "/project/views/task/999999"), 404)
    assert_view_error(api.call("GET", "/project/views/task/abc"), 404)
    assert other["tasks"]


def test_the_results_view_counts_the_results(api):
    project = _project(api, n_tasks=2, n_answers=1)
    results = api.call("GET", "/project/views/results")
    assert results.status_code == 200 and set(results.json) == PAGE | {"n_results"}
    assert results.json["n_results"] == 0
    _answer(api, project)
    assert api.call("GET", "/project/views/results").json["n_results"] == 1


def test_a_tasks_results_json_lists_its_answers(api):
    project = _project(api, n_tasks=1, n_answers=2)
    task_id = project["tasks"][0]["id"]
    assert api.call("GET", f"/project/views/{task_id}/results.json").json == []
    answer = _answer(api, project, api.other_key)
    listed = api.call("GET", f"/project/views/{task_id}/results.json")
    assert listed.status_code == 200
    assert [run["id"] for run in listed.json] == [answer["id"]]
    assert listed.json[0]["task_id"] == task_id and listed.json[0]["info"] == {"a": 1}
    _project(api, "elsewhere", n_tasks=1)
    assert_view_error(api.call("GET", f"/project/elsewhere/{task_id}/results.json"), 404)


def test_a_drafts_task_answers_are_for_its_owner(api):
    project = _project(api, "hidden", n_tasks=1, publish=False)
    path = f"/project/hidden/{project['tasks'][0]['id']}/results.json"
    assert_view_error(api.call("GET", path), 401)
    assert_view_error(api.call("GET", path, api.other_key), 403)
    assert api.call("GET", path, api.owner_key).json == []


@pytest.mark.parametrize("sub", ["stats", "tasks/browse", "results", "settings"])
def test_project_views_answer_head_like_get(api, sub):
    _project(api)
    resp = api.client.simulate_head(f"/project/views/{sub}", params={"api_key": api.owner_key})
    assert resp.status_code == 200


def test_the_password_page_says_no_project_here_is_password_protected(api):
    _project(api)
    page = api.call("GET", "/project/views/password")
    assert page.status_code == 200, page.json
    assert (page.json["protected"], page.json["next"]) == (False, "/project/views/")
    assert {"password", "csrf", "errors"} <= set(page.json["form"])
    sent = api.call("POST", "/project/views/password", api.other_key, {"password": "guess"})
    assert sent.status_code == 200, sent.json
    assert (sent.json["status"], sent.json["next"]) == ("info", "/project/views/")


def test_a_drafts_password_page_is_for_its_owners(api):
    _project(api, publish=False)
    assert_view_error(api.call("GET", "/project/views/password"), 401)
    assert_view_error(api.call("GET", "/project/views/password", api.other_key), 403)
    assert api.call("GET", "/project/views/password", api.owner_key).status_code == 200


@pytest.mark.parametrize("path", ["newtask", "presenter"])
def test_the_presenter_page_shows_the_project_to_contribute_to(api, path):
    project = _project(api)
    page = api.call("GET", f"/project/views/{path}")
    assert page.status_code == 200, page.json
    assert set(page.json) == SHARED - {"pro_features"} | {"flash", "status"}
    assert page.json["project"]["info"]["task_presenter"] == "<p/>"
    assert (page.json["status"], page.json["template"]) == ("warning", "/projects/presenter.html")
    signed_in = api.call("GET", f"/project/views/{path}", api.other_key).json
    assert signed_in["flash"] is None and signed_in["project"]["id"] == project["id"]


def test_the_presenter_page_sends_anonymous_callers_to_sign_in_where_they_may_not_answer(api):
    project = _project(api)
    body = {"allow_anonymous_contributors": False}
    assert api.call("PUT", f"/api/project/{project['id']}", api.owner_key, body).status_code == 200
    assert_view_error(api.call("GET", "/project/views/newtask"), 401)
    browser = api.client.simulate_get("/project/views/newtask", headers={"Accept": "text/html"})
    assert browser.status_code == 302
    assert browser.headers["location"].endswith("/account/signin?next=%2Fproject%2Fviews%2Fnewtask")
    assert api.call("GET", "/project/views/newtask", api.other_key).status_code == 200


def test_a_drafts_presenter_page_is_for_its_owners(api):
    _project(api, publish=False)
    assert_view_error(api.call("GET", "/project/views/presenter", api.other_key), 403)
    assert api.call("GET", "/project/views/presenter", api.owner_key).status_code == 200
