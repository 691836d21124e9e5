"""A project's task management views (/project/<short_name>/tasks/...): scheduler, priority,
task presenter editor, delete, import and export, by a browser session with its CSRF token
and by api key.

Shared like http_contract: `from http_task_views import *` where an `api` fixture exists.
"""

import csv
import io
import json
import zipfile

import pytest

from http_accounts import Browser
from http_contract import assert_view_error

SHARED_KEYS = {
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
FORM_PAGE_KEYS = {"form", "owner", "pro_features", "project", "template", "title"}
DONE_KEYS = {"flash", "next", "status"}


def _signed_in(api, name="owner") -> Browser:
    browser = Browser(api)
    browser.get("/account/signin")
    signed = browser.post(
        "/account/signin", {"email": f"{name}@example.com", "password": "password-1"}
    )
    assert signed.json["status"] == "success", signed.json
    return browser


def _project(api, short_name="tv", n_tasks=3) -> tuple[dict, list[dict]]:
    project = api.project(short_name, info={"task_presenter": "<p>old</p>"})
    tasks = [api.task(project["id"], n_answers=1) for _ in range(n_tasks)]
    return project, tasks


def _answer(api, project_id: int) -> None:
    task = api.call("GET", f"/api/project/{project_id}/newtask").json
    body = {"project_id": project_id, "task_id": task["id"], "info": {"a": 1}}
    assert api.call("POST", "/api/taskrun", body=body).status_code == 200


def _info(api, project_id: int) -> dict:
    return api.call("GET", f"/api/project/{project_id}", api.owner_key).json["info"]


def _tasks(api, project_id: int) -> list[dict]:
    return api.call("GET", "/api/task", project_id=project_id, all=1).json


VIEWS = ("scheduler", "priority", "taskpresentereditor", "delete")


@pytest.mark.parametrize("view", VIEWS)
def test_task_settings_views_are_for_owners_and_admins(api, view):
    project, _ = _project(api)
    path = f"/project/tv/tasks/{view}"
    assert_view_error(api.call("GET", path), 401)
    assert_view_error(api.call("GET", path, api.other_key), 403)
    assert_view_error(api.call("POST", path, api.other_key, {}), 403)
    assert_view_error(api.call("GET", f"/project/nosuch/tasks/{view}", api.owner_key), 404)
    for key in (api.owner_key, api.admin_key):
        assert api.call("GET", path, key).status_code == 200
    assert len(_tasks(api, project["id"])) == 3


def test_the_scheduler_form_shows_and_stores_the_projects_scheduler(api):
    project, _ = _project(api)
    browser = _signed_in(api)
    page = browser.get("/project/tv/tasks/scheduler")
    assert page.status_code == 200 and set(page.json) == FORM_PAGE_KEYS | {"sched_variants"}
    assert set(page.json["form"]) >= {"csrf", "errors", "sched"}
    assert page.json["form"]["sched"] == "default"
    assert "breadth_first" in page.json["sched_variants"]
    assert page.json["project"]["secret_key"] and page.json["template"]
    refused = browser.post("/project/tv/tasks/scheduler", {"sched": "breadth_first"}, csrf=False)
    assert refused.status_code == 400
    stored = browser.post("/project/tv/tasks/scheduler", {"sched": "breadth_first"})
    assert stored.status_code == 200 and set(stored.json) == DONE_KEYS
    assert stored.json["status"] == "success" and stored.json["next"] == "/project/tv/tasks/"
    assert _info(api, project["id"]) == {"task_presenter": "<p>old</p>", "sched": "breadth_first"}
    assert browser.get("/project/tv/tasks/scheduler").json["form"]["sched"] == "breadth_first"


def test_an_unknown_scheduler_is_a_form_error_and_changes_nothing(api):
    project, _ = _project(api)
    resp = api.call("POST", "/project/tv/tasks/scheduler", api.owner_key, {"sched": "random"})
    assert resp.status_code == 200 and resp.json["status"] == "error"
    assert set(resp.json) >= FORM_PAGE_KEYS | {"flash"}
    assert "sched" in resp.json["form"]["errors"] and resp.json["form"]["sched"] == "random"
    assert "sched" not in _info(api, project["id"])


def test_priority_changes_the_named_tasks_of_the_project_only(api):
    project, tasks = _project(api)
    other, other_tasks = _project(api, "tv2", n_tasks=1)
    browser = _signed_in(api)
    page = browser.get("/project/tv/tasks/priority")
    assert page.status_code == 200 and set(page.json) == FORM_PAGE_KEYS
    assert set(page.json["form"]) >= {"csrf", "errors", "priority_0", "task_ids"}
    ids = f"{tasks[0]['id']}, {tasks[2]['id']},{other_tasks[0]['id']}"
    resp = browser.post("/project/tv/tasks/priority", {"task_ids": ids, "priority_0": 0.5})
    assert resp.status_code == 200, resp.json
    assert set(resp.json) == FORM_PAGE_KEYS | {"flash", "status"}
    assert resp.json["status"] == "success" and "2 task" in resp.json["flash"]
    priorities = {t["id"]: t["priority_0"] for t in _tasks(api, project["id"])}
    assert priorities == {tasks[0]["id"]: 0.5, tasks[1]["id"]: 0.0, tasks[2]["id"]: 0.5}
    assert _tasks(api, other["id"])[0]["priority_0"] == 0.0


@pytest.mark.parametrize(
    ("task_ids", "priority", "field"),
    [
        ("1,2", 1.5, "priority_0"),
        ("1,2", -0.1, "priority_0"),
        ("1,2", "high", "priority_0"),
        ("1,x", 0.5, "task_ids"),
        ("", 0.5, "task_ids"),
        ("0", 0.5, "task_ids"),
        (",".join(["1"] * 1001), 0.5, "task_ids"),
    ],
)
def test_bad_task_ids_or_priorities_are_form_errors_and_change_nothing(
    api, task_ids, priority, field
):
    project, _ = _project(api)
    body = {"task_ids": task_ids, "priority_0": priority}
    resp = api.call("POST", "/project/tv/tasks/priority", api.owner_key, body)
    assert resp.status_code == 200 and resp.json["status"] == "error"
    assert field in resp.json["form"]["errors"]
    assert {t["priority_0"] for t in _tasks(api, project["id"])} == {0.0}


def test_the_presenter_editor_reads_and_saves_the_task_presenter(api):
    project, _ = _project(api)
    browser = _signed_in(api)
    page = browser.get("/project/tv/tasks/taskpresentereditor")
    assert page.status_code == 200 and set(page.json) == SHARED_KEYS | {"errors", "form"}
    assert set(page.json["form"]) >= {"csrf", "editor", "errors", "id"}
    assert page.json["form"]["editor"] == "<p>old</p>"
    assert page.json["form"]["id"] == project["id"] and page.json["errors"] is False
    saved = browser.post("/project/tv/tasks/taskpresentereditor", {"editor": "<p>new</p>"})
    assert saved.status_code == 200 and set(saved.json) == DONE_KEYS
    assert _info(api, project["id"])["task_presenter"] == "<p>new</p>"
    empty = browser.post("/project/tv/tasks/taskpresentereditor", {"editor": "  "})
    assert empty.json["status"] == "error" and "editor" in empty.json["form"]["errors"]
    assert empty.json["errors"] is True
    assert _info(api, project["id"])["task_presenter"] == "<p>new</p>"


def test_deleting_the_tasks_removes_them_with_their_runs_and_results(api):
    project, _ = _project(api)
    other, _ = _project(api, "tv2", n_tasks=1)
    api.publish(project)
    _answer(api, project["id"])
    assert api.call("GET", "/api/result", project_id=project["id"], all=1).json
    browser = _signed_in(api)
    page = browser.get("/project/tv/tasks/delete")
    assert page.status_code == 200 and set(page.json) == SHARED_KEYS | {"csrf"}
    assert page.json["n_tasks"] == 4
    browser.csrf = page.json["csrf"]
    assert browser.post("/project/tv/tasks/delete", csrf=False).status_code == 400
    done = browser.post("/project/tv/tasks/delete")
    assert done.status_code == 200 and set(done.json) == DONE_KEYS, done.json
    assert done.json["status"] == "success"
    for kind in ("task", "taskrun", "result"):
        listed = api.call("GET", f"/api/{kind}", api.owner_key, project_id=project["id"], all=1)
        assert listed.json == [], kind
    assert len(_tasks(api, other["id"])) == 1
    assert api.call("GET", "/project/tv/", api.owner_key).json["n_tasks"] == 0


IMPORT_PAGE_KEYS = {
    "available_importers",
    "form",
    "loading_text",
    "n_completed_tasks",
    "n_tasks",
    "n_volunteers",
    "overall_progress",
    "owner",
    "pro_features",
    "project",
    "target",
    "task_tmpls",
    "template",
    "title",
}


def _file_upload(filename: str, data: bytes, type_field: str | None = None) -> tuple[bytes, str]:
    boundary = "t4sksB0undary"
    fields = {"type": type_field} if type_field else {}
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    part = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + part + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_the_import_page_lists_the_importers_the_server_has(api):
    _project(api)
    browser = _signed_in(api)
    page = browser.get("/project/tv/tasks/import")
    assert page.status_code == 200 and set(page.json) == IMPORT_PAGE_KEYS
    assert page.json["available_importers"] == ["csv", "json", "ndjson"]
    assert page.json["form"]["csrf"] and page.json["n_tasks"] == 3
    chosen = browser.get("/project/tv/tasks/import", type="csv").json["form"]
    assert chosen["type"] == "csv" and chosen["errors"] == {}
    assert "type" in browser.get("/project/tv/tasks/import", type="gdocs").json["form"]["errors"]
    assert_view_error(api.call("GET", "/project/tv/tasks/import"), 401)
    assert_view_error(api.call("GET", "/project/tv/tasks/import", api.other_key), 403)


def test_importing_a_json_body_from_a_browser_session_adds_the_tasks(api):
    project, _ = _project(api, n_tasks=0)
    browser = _signed_in(api)
    browser.get("/project/tv/tasks/import")
    rows = [{"info": {"q": "a"}}, {"info": {"q": "b"}, "priority_0": 0.3}]
    refused = browser.post("/project/tv/tasks/import", rows, csrf=False)
    assert refused.status_code == 400 and _tasks(api, project["id"]) == []
    done = browser.post("/project/tv/tasks/import", rows)
    assert done.status_code == 200 and set(done.json) == DONE_KEYS, done.json
    assert done.json["status"] == "success" and done.json["flash"].startswith("2 new task")
    assert sorted(t["info"]["q"] for t in _tasks(api, project["id"])) == ["a", "b"]


@pytest.mark.parametrize(
    ("filename", "type_field", "params"),
    [
        ("tasks.csv", None, {}),
        ("tasks.txt", "csv", {}),
        ("tasks.txt", None, {"type": "csv"}),
    ],
)
def test_importing_an_uploaded_file_adds_its_tasks(api, filename, type_field, params):
    project, _ = _project(api, n_tasks=0)
    body, content_type = _file_upload(filename, b"q,n_answers\nfirst,2\nsecond,3\n", type_field)
    params["api_key"] = api.owner_key
    resp = api.client.simulate_post(
        "/project/tv/tasks/import",
        params=params,
        body=body,
        headers={"Content-Type": content_type},
    )
    assert resp.status_code == 200 and resp.json["status"] == "success", resp.json
    found = sorted((t["info"]["q"], t["n_answers"]) for t in _tasks(api, project["id"]))
    assert found == [("first", 2), ("second", 3)]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"q,n_answers\nfine,1\nbad,zero\n", "text/csv"),
        (b'[{"info": {"q": 1}}, {"info": ', "application/json"),
        (b'{"info": {"q": 1}}', "application/json"),
    ],
)
def test_bad_import_data_is_a_status_error_and_imports_nothing(api, body, content_type):
    project, _ = _project(api, n_tasks=0)
    resp = api.client.simulate_post(
        "/project/tv/tasks/import",
        params={"api_key": api.owner_key},
        body=body,
        headers={"Content-Type": content_type},
    )
    assert resp.status_code == 200 and resp.json["status"] == "error", resp.text
    assert resp.json["flash"]
    assert _tasks(api, project["id"]) == []


def test_an_import_keeps_the_bulk_imports_row_limit(api):
    from http_accounts import served_again

    project, _ = _project(api, n_tasks=0)
    served_again(api, import_max_rows=2)
    resp = api.call(
        "POST", "/project/tv/tasks/import", api.owner_key, [{"info": {"n": n}} for n in range(3)]
    )
    assert resp.status_code == 200 and resp.json["status"] == "error"
    assert "at most 2 rows" in resp.json["flash"] and _tasks(api, project["id"]) == []
    other = api.call("POST", "/project/tv/tasks/import", api.other_key, [{"info": {}}])
    assert_view_error(other, 403)


def _unzipped(resp) -> tuple[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(resp.content))
    (name,) = archive.namelist()
    return name, archive.read(name)


def test_the_export_page_offers_what_its_reader_may_download(api):
    project, _ = _project(api)
    mine = api.call("GET", "/project/tv/tasks/export", api.owner_key)
    assert mine.status_code == 200 and set(mine.json) >= SHARED_KEYS
    assert mine.json["types"] == ["task", "task_run", "result"]
    assert mine.json["formats"] == ["json", "csv"]
    offered = {(d["type"], d["format"]) for d in mine.json["downloads"]}
    assert offered == {(t, f) for t in mine.json["types"] for f in ("json", "csv")}
    assert_view_error(api.call("GET", "/project/tv/tasks/export"), 401)
    api.publish(project)
    public = api.call("GET", "/project/tv/tasks/export")
    assert public.status_code == 200 and "secret_key" not in public.json["project"]
    assert [(d["type"], d["format"]) for d in public.json["downloads"]] == [
        ("result", "json"),
        ("result", "csv"),
    ]
    assert public.json["downloads"][0]["url"] == "/project/tv/tasks/export?type=result&format=json"


def test_an_export_is_a_zip_of_the_existing_export(api):
    project, tasks = _project(api)
    api.publish(project)
    _answer(api, project["id"])
    resp = api.call("GET", "/project/tv/tasks/export", api.owner_key, type="task", format="json")
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/octet-stream"
    assert "tv_task_json.zip" in resp.headers["content-disposition"]
    name, content = _unzipped(resp)
    assert name == "tv_task.json"
    exported = json.loads(content)
    assert sorted(t["id"] for t in exported) == sorted(t["id"] for t in _tasks(api, project["id"]))
    assert len(exported) == len(tasks) + 1  # publishing added one
    runs = api.call("GET", "/project/tv/tasks/export", api.owner_key, type="task_run", format="csv")
    name, content = _unzipped(runs)
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert name == "tv_task_run.csv" and len(rows) == 1 and rows[0]["info_a"] == "1"


def test_the_export_view_keeps_the_exports_visibility(api):
    project, _ = _project(api)
    api.publish(project)
    for type_name in ("task", "task_run"):
        resp = api.call("GET", "/project/tv/tasks/export", type=type_name, format="json")
        assert_view_error(resp, 401)
        other = api.call("GET", "/project/tv/tasks/export", api.other_key, type=type_name)
        assert_view_error(other, 403)
    results = api.call("GET", "/project/tv/tasks/export", type="result", format="csv")
    assert results.status_code == 200 and _unzipped(results)[0] == "tv_result.csv"
    for params in ({"type": "taskrun"}, {"type": "task", "format": "xml"}, {"format": "csv"}):
        assert_view_error(api.call("GET", "/project/tv/tasks/export", api.owner_key, **params), 400)
    assert_view_error(api.call("GET", "/project/nosuch/tasks/export", type="result"), 404)


def test_deleting_every_task_or_the_project_drops_the_volunteers_favourites(api):
    project = api.project("favs")
    task = api.task(project["id"])
    marked = api.call("POST", "/api/favorites", api.other_key, {"task_id": task["id"]})
    assert marked.status_code == 200, marked.text
    done = api.call("POST", "/project/favs/tasks/delete", api.owner_key)
    assert done.status_code == 200, done.text
    listed = api.call("GET", "/api/favorites", api.other_key)
    assert listed.status_code == 200 and listed.json == []
    assert api.call("GET", f"/api/favorites/{task['id']}", api.other_key).status_code == 404
    again = api.task(project["id"])
    remarked = api.call("POST", "/api/favorites", api.other_key, {"task_id": again["id"]})
    assert remarked.status_code == 200, remarked.text
    gone = api.call("POST", "/project/favs/delete", api.owner_key)
    assert gone.status_code == 200, gone.text
    assert api.call("GET", "/api/favorites", api.other_key).json == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("tasks/scheduler", {"sched": "default", "schedule": "locked"}),
        ("tasks/priority", {"task_ids": "1", "priority_0": "0.5", "priority": "1"}),
        ("tasks/taskpresentereditor", {"editor": "<p>new</p>", "presenter": "<p>x</p>"}),
    ],
)
def test_a_task_settings_form_refuses_a_field_it_does_not_have(api, path, body):
    project = api.project("known", info={"sched": "breadth_first", "task_presenter": "<p>o</p>"})
    api.task(project["id"])
    assert_view_error(api.call("POST", f"/project/known/{path}", api.owner_key, body), 415)
    kept = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["info"]
    assert kept == {"sched": "breadth_first", "task_presenter": "<p>o</p>"}
    task = api.call("GET", "/api/task", api.owner_key, project_id=project["id"]).json[0]
    assert task["priority_0"] == 0.0
    # The form as it was given (its fields, csrf, csrf_token, errors; the editor's id) passes.
    fields = {k: v for k, v in body.items() if k in ("sched", "task_ids", "priority_0", "editor")}
    echoed = {**fields, "csrf": "x", "csrf_token": "", "errors": {}}
    if path.endswith("editor"):
        echoed["id"] = project["id"]
    done = api.call("POST", f"/project/known/{path}", api.owner_key, echoed)
    assert done.status_code == 200 and done.json["status"] == "success", done.text
