"""A project's page, its sub-routes by id or short name, `Bearer <api key>`, and `_`.

Shared like http_contract: `from http_project_pages import *` where an `api` fixture exists.
"""

import pytest

from http_contract import assert_error, assert_view_error

PAGE_KEYS = {
    "project",
    "owner",
    "n_tasks",
    "n_task_runs",
    "n_completed_tasks",
    "n_volunteers",
    "overall_progress",
    "last_activity",
    "pro_features",
    "template",
    "title",
}


def _project_with_tasks(api, short_name="pages", n_tasks=2, publish=True) -> dict:
    project = api.project(short_name)
    api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"task_presenter": "<p/>"}}
    )
    for _ in range(n_tasks):
        api.task(project["id"], n_answers=1)
    if publish:
        published = api.call("POST", f"/project/{short_name}/publish", api.owner_key)
        assert published.json["next"] == f"/project/{short_name}/"
    return project


def _answer_one(api, key: str | int) -> None:
    task = api.call("GET", f"/api/project/{key}/newtask").json
    body = {"project_id": task["project_id"], "task_id": task["id"], "info": {"a": 1}}
    assert api.call("POST", "/api/taskrun", body=body).status_code == 200


def test_publishing_leads_to_the_projects_page(api):
    project = _project_with_tasks(api)
    page = api.call("GET", "/project/pages/")
    assert page.status_code == 200, page.json
    assert set(page.json) >= PAGE_KEYS
    assert page.json["project"]["id"] == project["id"]
    assert "secret_key" not in page.json["project"]
    assert page.json["owner"]["name"] == "owner"
    assert not {"email_addr", "api_key", "passwd_hash"} & set(page.json["owner"])
    assert (
        page.json["n_tasks"],
        page.json["n_task_runs"],
        page.json["n_completed_tasks"],
        page.json["n_volunteers"],
        page.json["overall_progress"],
        page.json["last_activity"],
    ) == (2, 0, 0, 0, 0, None)
    assert page.json["title"] == "Project: Pages"
    _answer_one(api, project["id"])
    counted = api.call("GET", "/project/pages/").json
    assert (
        counted["n_task_runs"],
        counted["n_completed_tasks"],
        counted["n_volunteers"],
        counted["overall_progress"],
    ) == (1, 1, 1, 50)
    assert counted["last_activity"] is not None
    assert api.call("GET", "/project/pages/", api.owner_key).json["project"]["secret_key"]


def test_a_drafts_page_is_for_its_owner_and_admins(api):
    _project_with_tasks(api, publish=False)
    assert_view_error(api.call("GET", "/project/pages/"), 401)
    assert_view_error(api.call("GET", "/project/pages/", api.other_key), 403)
    for key in (api.owner_key, api.admin_key):
        page = api.call("GET", "/project/pages/", key)
        assert page.status_code == 200 and page.json["project"]["published"] is False
    assert_view_error(api.call("GET", "/project/no-such-project/"), 404)


@pytest.mark.parametrize("prefix", ["/api/project", "/api/app"])
def test_project_sub_routes_take_an_id_or_a_short_name(api, prefix):
    project = _project_with_tasks(api, n_tasks=3)
    for key in (project["id"], "pages"):
        assert "id" in api.call("GET", f"{prefix}/{key}/newtask").json
        assert api.call("GET", f"{prefix}/{key}/userprogress").json["total"] == 3
        for sub in ("accuracy", "webhooks"):
            assert api.call("GET", f"{prefix}/{key}/{sub}", api.owner_key).json == []
        export = api.call("GET", f"{prefix}/{key}/export", api.owner_key, type="task")
        assert export.status_code == 200 and len(export.json) == 3
    _answer_one(api, "pages")
    imported = api.client.simulate_post(
        f"{prefix}/pages/tasks/import",
        params={"api_key": api.owner_key},
        json=[{"info": {"q": "new"}}],
    )
    assert imported.status_code == 200, imported.json
    assert len(api.call("GET", "/api/task", project_id=project["id"]).json) == 4
    for sub in ("newtask", "userprogress", "webhooks", "accuracy", "export"):
        params = {"type": "task"} if sub == "export" else {}
        resp = api.call("GET", f"{prefix}/no-such-project/{sub}", api.owner_key, **params)
        assert_error(resp, 404, "NotFound", "project")


@pytest.mark.parametrize("prefix", ["/api/project", "/api/app"])
def test_a_project_path_that_is_not_a_number_says_how_to_find_the_project(api, prefix):
    api.project("birds")
    for method in ("GET", "PUT", "DELETE"):
        resp = api.call(
            method,
            f"{prefix}/birds",
            api.owner_key,
            {"description": "x"} if method == "PUT" else None,
        )
        assert_error(resp, 404, "NotFound", "project")
        assert "ids are numbers" in resp.json["exception_msg"]
        assert "/api/project?short_name=birds" in resp.json["exception_msg"]
    assert api.call("GET", "/api/project", short_name="birds", all=1).status_code == 200


def test_a_bearer_api_key_works_like_the_bare_key(api):
    project = api.project("bearer")
    path = f"/api/project/{project['id']}"
    for header in (f"Bearer {api.owner_key}", api.owner_key, f"bearer  {api.owner_key}"):
        mine = api.client.simulate_get(path, headers={"Authorization": header})
        assert mine.status_code == 200 and mine.json["secret_key"]
    changed = api.client.simulate_put(
        path,
        headers={"Authorization": f"Bearer {api.owner_key}"},
        json={"description": "by bearer"},
    )
    assert changed.status_code == 200 and changed.json["description"] == "by bearer"
    unknown = "Bearer 0b3c2f7a-1d2e-4c5b-8a9f-000000000000"
    for listing in ("/api/project", path):
        resp = api.client.simulate_get(listing, headers={"Authorization": unknown})
        assert resp.status_code == 401 and resp.json["exception_cls"] == "Unauthorized"


def _cache_busted_gets(api, project: dict, task_id: int) -> list[tuple[str, str | None, dict]]:
    pid = project["id"]
    return [
        ("/api/project", None, {}),
        ("/api/project", api.owner_key, {"all": 1}),
        (f"/api/project/{pid}", api.owner_key, {}),
        ("/api/task", None, {"project_id": pid}),
        (f"/api/task/{task_id}", None, {}),
        ("/api/taskrun", None, {}),
        ("/api/result", None, {}),
        ("/api/category", None, {}),
        ("/api/user", None, {}),
        ("/api/helpingmaterial", None, {}),
        (f"/api/project/{pid}/newtask", None, {"offset": 1}),
        (f"/api/{pid}/newtask", None, {}),
        ("/api/app/pages/newtask", None, {}),
        ("/api/project/pages/userprogress", None, {}),
        (f"/api/project/{pid}/export", api.owner_key, {"type": "task"}),
        (f"/api/project/{pid}/webhooks", api.owner_key, {}),
        (f"/api/project/{pid}/accuracy", api.owner_key, {}),
        ("/api/globalstats", None, {}),
        ("/project/pages/", None, {}),
        ("/", None, {}),
    ]


def test_the_cache_buster_is_ignored_on_every_get(api):
    project = _project_with_tasks(api)
    task_id = api.call("GET", "/api/task", project_id=project["id"]).json[0]["id"]
    for path, key, params in _cache_busted_gets(api, project, task_id):
        resp = api.call("GET", path, key, _="1733311111111", **params)
        assert resp.status_code == 200, (path, resp.text)
    for path in (
        "/api/project",
        f"/api/project/{project['id']}/newtask",
        "/api/project/pages/webhooks",
        "/api/project/pages/export",
    ):
        assert api.call("GET", path, api.owner_key, _="1", colour="red").status_code == 415
