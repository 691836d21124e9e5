"""Project exports over HTTP: every type and format, CSV flattening, headers, who may export.

Shared like http_contract: `from http_exports import *` where an `api` fixture exists.
"""

import csv
import io
import json

import pytest

from http_contract import assert_error

KINDS = ("task", "taskrun", "result")
FORMATS = ("csv", "json", "ndjson")
LIST_PATHS = {"task": "/api/task", "taskrun": "/api/taskrun", "result": "/api/result"}
EXPORTED = {
    "task": {
        "id",
        "created",
        "project_id",
        "state",
        "quorum",
        "calibration",
        "priority_0",
        "n_answers",
        "fav_user_ids",
        "gold_answers",
        "dedupe_key",
        "info",
    },
    "taskrun": {
        "id",
        "created",
        "project_id",
        "task_id",
        "user_id",
        "user_ip",
        "finish_time",
        "timeout",
        "calibration",
        "external_uid",
        "media_url",
        "gold_score",
        "info",
    },
    "result": {"id", "created", "project_id", "task_id", "task_run_ids", "last_version", "info"},
}


def _answer_as(api, project, info, n):
    """Answer the next task as the n-th anonymous volunteer (each from its own address)."""
    ip = f"203.0.113.{n}"
    task = api.client.simulate_get(f"/api/project/{project['id']}/newtask", remote_addr=ip).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": info}
    resp = api.client.simulate_post("/api/taskrun", json=body, remote_addr=ip)
    assert resp.status_code == 200, resp.json


def _exported_project(api, short_name="exported", publish=True) -> dict:
    """Two tasks of one answer each, both answered (so both have a result)."""
    project = api.project(short_name)
    api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"task_presenter": "<p/>"}}
    )
    api.task(project["id"], n_answers=1, info={"question": "=1+1", "nested": {"a": [1, 2]}})
    api.task(project["id"], n_answers=1, info={"question": "Birds?", "url": "https://x/1.jpg"})
    if publish:
        resp = api.call("POST", f"/project/{short_name}/publish", api.owner_key)
        assert resp.status_code == 302, resp.json
        _answer_as(api, project, {"answer": "yes", "seen": True}, 1)
        _answer_as(api, project, "-just text", 2)
    return project


def _export(api, project, kind, export_format=None, key=None, prefix="/api/project"):
    params = {"type": kind, **({"format": export_format} if export_format else {})}
    return api.call("GET", f"{prefix}/{project['id']}/export", key or api.owner_key, **params)


def _parsed(resp, export_format):
    if export_format == "csv":
        return list(csv.DictReader(io.StringIO(resp.text)))
    if export_format == "json":
        return json.loads(resp.text)
    return [json.loads(line) for line in resp.text.splitlines()]


def _listed(api, project, kind) -> list[dict]:
    return api.call("GET", LIST_PATHS[kind], api.owner_key, project_id=project["id"], all=1).json


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_type_and_format_exports_the_projects_rows_in_id_order(api, kind, export_format):
    project = _exported_project(api)
    api.task(api.project("elsewhere")["id"])  # another project's rows stay out
    resp = _export(api, project, kind, export_format)
    assert resp.status_code == 200, resp.text
    rows, listed = _parsed(resp, export_format), _listed(api, project, kind)
    assert len(listed) == 2
    assert [int(row["id"]) for row in rows] == [obj["id"] for obj in listed]
    if export_format != "csv":
        for row, shown in zip(rows, listed, strict=True):
            assert set(row) == EXPORTED[kind]
            assert {k: v for k, v in row.items() if k in shown} == {
                k: v for k, v in shown.items() if k in row
            }


def test_json_is_one_array_and_ndjson_one_object_per_line(api):
    project = _exported_project(api)
    as_json = _export(api, project, "task", "json")
    assert as_json.text.startswith("[") and as_json.text.rstrip().endswith("]")
    lines = _export(api, project, "task", "ndjson").text.split("\n")
    assert lines[-1] == "" and all(isinstance(json.loads(line), dict) for line in lines[:-1])
    assert _export(api, project, "task").headers["content-type"] == "application/json"


def test_csv_flattens_info_keys_into_columns_and_defuses_formulas(api):
    project = _exported_project(api)
    rows = _parsed(_export(api, project, "task", "csv"), "csv")
    first = rows[0]
    assert "info" not in first
    assert {"info_question", "info_nested", "info_url"} <= set(first)
    assert first["info_question"] == "'=1+1"
    assert json.loads(first["info_nested"]) == {"a": [1, 2]}
    assert first["info_url"] == "" and rows[1]["info_url"] == "https://x/1.jpg"
    assert first["state"] == "completed" and first["priority_0"] == "0.0"


def test_csv_puts_an_info_that_is_not_an_object_in_an_info_column(api):
    project = _exported_project(api)
    resp = _export(api, project, "taskrun", "csv")
    header = resp.text.splitlines()[0].split(",")
    assert header[-3:] == ["info", "info_answer", "info_seen"]
    by_text = {row["info"]: row for row in _parsed(resp, "csv")}
    assert set(by_text) == {"", "'-just text"}
    assert by_text[""]["info_answer"] == "yes" and by_text[""]["info_seen"] == "true"
    assert by_text["'-just text"]["info_answer"] == ""


@pytest.mark.parametrize(
    ("export_format", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
        ("ndjson", "application/x-ndjson"),
    ],
)
def test_an_export_is_an_attachment_named_after_the_project(api, export_format, content_type):
    project = _exported_project(api)
    resp = _export(api, project, "result", export_format)
    assert resp.headers["content-type"] == content_type
    assert (
        resp.headers["content-disposition"]
        == f'attachment; filename="exported_result.{export_format}"'
    )


def test_the_project_may_be_named_by_short_name_and_under_api_app(api):
    project = _exported_project(api)
    by_name = api.call("GET", "/api/project/exported/export", api.owner_key, type="task")
    under_app = _export(api, project, "task", prefix="/api/app")
    assert by_name.status_code == under_app.status_code == 200
    assert by_name.text == under_app.text


@pytest.mark.parametrize("export_format", FORMATS)
def test_an_empty_export_is_a_header_an_empty_array_or_nothing(api, export_format):
    project = api.project("empty")
    resp = _export(api, project, "taskrun", export_format)
    assert resp.status_code == 200
    expected = {
        "csv": "id,created,project_id,task_id,user_id,user_ip,finish_time,timeout,"
        "calibration,external_uid,media_url,gold_score\r\n",
        "json": "[]",
        "ndjson": "",
    }
    assert resp.text == expected[export_format]


@pytest.mark.parametrize("kind", KINDS)
def test_owner_and_admin_export_everything_of_a_draft_and_others_nothing(api, kind):
    project = _exported_project(api, publish=False)
    assert _export(api, project, kind, key=api.owner_key).status_code == 200
    assert _export(api, project, kind, key=api.admin_key).status_code == 200
    assert_error(_export(api, project, kind, key=api.other_key), 403, "Forbidden", "project")
    anonymous = api.call("GET", f"/api/project/{project['id']}/export", type=kind)
    assert_error(anonymous, 401, "Unauthorized", "project")


@pytest.mark.parametrize("kind", ["task", "taskrun"])
def test_tasks_and_task_runs_of_a_published_project_stay_the_owners(api, kind):
    project = _exported_project(api)
    assert_error(_export(api, project, kind, key=api.other_key), 403, "Forbidden", "project")
    anonymous = api.call("GET", f"/api/project/{project['id']}/export", type=kind)
    assert_error(anonymous, 401, "Unauthorized", "project")


def test_anyone_exports_the_results_of_a_published_project(api):
    project = _exported_project(api)
    anonymous = api.call("GET", f"/api/project/{project['id']}/export", type="result")
    other = _export(api, project, "result", key=api.other_key)
    assert anonymous.status_code == other.status_code == 200
    assert len(anonymous.json) == 2 and anonymous.text == other.text


def test_a_project_that_disallows_downloads_keeps_its_results_to_its_owner(api):
    project = _exported_project(api)
    api.call("PUT", f"/api/project/{project['id']}", api.owner_key, {"zip_download": False})
    anonymous = api.call("GET", f"/api/project/{project['id']}/export", type="result")
    assert_error(anonymous, 401, "Unauthorized", "project")
    assert _export(api, project, "result", key=api.owner_key).status_code == 200


def test_an_unknown_project_is_404(api):
    for path in ("/api/project/999999/export", "/api/project/nosuch/export"):
        assert_error(api.call("GET", path, api.owner_key, type="task"), 404, "NotFound", "project")


def test_bad_export_parameters_are_4xx_error_bodies(api):
    project = api.project()
    path = f"/api/project/{project['id']}/export"
    assert_error(api.call("GET", path, api.owner_key), 400, "ValidationError", "project")
    for params in ({"type": "user"}, {"type": "task", "format": "xml"}):
        resp = api.call("GET", path, api.owner_key, **params)
        assert_error(resp, 400, "ValidationError", "project")
    unknown = api.call("GET", path, api.owner_key, type="task", limit=5)
    assert_error(unknown, 415, "AttributeError", "project")
    twice = api.client.simulate_get(
        path, query_string=f"api_key={api.owner_key}&type=task&type=result"
    )
    assert_error(twice, 400, "BadRequest", "project")
