"""The HTTP contract of bulk task imports: POST /api/project/{id}/tasks/import (CSV, JSON, NDJSON).

Imported with `from http_imports import *` by both test_http_api.py modules, over fakes and
over SQLite and PostgreSQL.
"""

import dataclasses
import json

from falcon import testing

from entrypoints.wsgi import create_app
from http_contract import ApiClient, assert_error

CSV_TYPE, JSON_TYPE, NDJSON_TYPE = "text/csv", "application/json", "application/x-ndjson"


def _import(api, project_key, body, content_type, key="owner", prefix="/api/project"):
    data = body.encode() if isinstance(body, str) else body
    params = {"api_key": getattr(api, f"{key}_key")} if key else None
    return api.client.simulate_post(
        f"{prefix}/{project_key}/tasks/import", params=params, body=data, content_type=content_type
    )


def _tasks(api, project_id) -> list[dict]:
    return api.call("GET", "/api/task", api.owner_key, project_id=project_id, limit=100).json


def _ndjson(*rows) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def _capped(api, **caps) -> ApiClient:
    """The same services and callers behind an app with smaller import limits."""
    settings = dataclasses.replace(api.services.settings, **caps)
    services = dataclasses.replace(api.services, settings=settings)
    return ApiClient(
        testing.TestClient(create_app(services)),
        api.admin_key,
        api.owner_key,
        api.other_key,
        services,
    )


def test_a_csv_file_imports_a_task_per_row_with_the_other_columns_in_info(api):
    project = api.project()
    body = "image,n_answers,priority_0,dedupe_key\na.jpg,2,0.5,a\nb.jpg,,,\n"
    resp = _import(api, project["id"], body, "text/csv; charset=utf-8")
    assert resp.status_code == 200, resp.text
    assert resp.json == {"imported": 2, "skipped": 0, "rows": 2}
    first, second = _tasks(api, project["id"])
    assert first["info"] == {"image": "a.jpg"} and second["info"] == {"image": "b.jpg"}
    assert (first["n_answers"], first["priority_0"]) == (2, 0.5)
    assert (second["n_answers"], second["priority_0"]) == (30, 0.0)


def test_imported_tasks_look_like_tasks_posted_one_by_one(api):
    project = api.project()
    api.task(project["id"], info={"q": 1}, n_answers=3)
    assert (
        _import(
            api, project["id"], _ndjson({"info": {"q": 1}, "n_answers": 3}), NDJSON_TYPE
        ).status_code
        == 200
    )
    posted, imported = _tasks(api, project["id"])
    assert set(imported) == set(posted) and imported["created"]
    unlike = {"id", "created", "link"}
    assert {k: v for k, v in imported.items() if k not in unlike} == {
        k: v for k, v in posted.items() if k not in unlike
    }
    assert imported["state"] == "ongoing"


def test_a_json_array_of_task_objects_is_imported(api):
    project = api.project()
    rows = [
        {"info": {"n": n}, "quorum": 1, "calibration": 0, "project_id": project["id"]}
        for n in range(3)
    ]
    resp = _import(api, project["id"], json.dumps(rows, indent=2), JSON_TYPE)
    assert resp.json == {"imported": 3, "skipped": 0, "rows": 3}
    assert [t["info"]["n"] for t in _tasks(api, project["id"])] == [0, 1, 2]


def test_an_empty_json_array_imports_nothing(api):
    project = api.project()
    assert _import(api, project["id"], " [ ] ", JSON_TYPE).json == {
        "imported": 0,
        "skipped": 0,
        "rows": 0,
    }


def test_ndjson_lines_are_imported_and_blank_lines_skipped(api):
    project = api.project()
    body = '{"info": {"n": 1}}\n\n{"info": {"n": 2}, "gold_answers": {"a": "yes"}}\r\n'
    resp = _import(api, project["short_name"], body, "application/jsonl", prefix="/api/app")
    assert resp.json == {"imported": 2, "skipped": 0, "rows": 2}
    assert [t["info"]["n"] for t in _tasks(api, project["id"])] == [1, 2]


def test_a_bad_row_in_the_middle_writes_nothing_and_is_reported(api):
    project = api.project()
    body = "image,n_answers\na.jpg,1\nb.jpg,none\nc.jpg,0\n" + "d.jpg,1\n" * 3000
    resp = _import(api, project["id"], body, CSV_TYPE)
    assert_error(resp, 400, "BadRequest", "task")
    assert resp.json["errors"] == [
        {"row": 2, "field": "n_answers", "reason": "must be a whole number", "line": 3},
        {"row": 3, "field": "n_answers", "reason": "n_answers must be at least 1", "line": 4},
    ]
    assert "row 2" in resp.json["exception_msg"] and "more_errors" not in resp.json
    assert _tasks(api, project["id"]) == []


def test_a_bad_row_after_a_written_batch_still_writes_nothing(api):
    project = api.project()
    rows = [{"info": {"n": n}} for n in range(2500)] + [{"info": {}, "colour": "red"}]
    resp = _import(api, project["id"], _ndjson(*rows), NDJSON_TYPE)
    assert_error(resp, 400, "BadRequest", "task")
    assert [(e["row"], e["field"]) for e in resp.json["errors"]] == [(2501, "colour")]
    assert _tasks(api, project["id"]) == []


def test_at_most_100_errors_are_reported(api):
    project = api.project()
    resp = _import(api, project["id"], _ndjson(*[{"n_answers": -1}] * 150), NDJSON_TYPE)
    assert_error(resp, 400, "BadRequest", "task")
    assert len(resp.json["errors"]) == 100 and resp.json["more_errors"] is True


def test_rerunning_an_import_with_dedupe_keys_adds_no_duplicates(api):
    project = api.project()
    body = _ndjson(*[{"info": {"n": n}, "dedupe_key": f"k{n}"} for n in range(3)])
    assert _import(api, project["id"], body, NDJSON_TYPE).json == {
        "imported": 3,
        "skipped": 0,
        "rows": 3,
    }
    again = _ndjson(*[{"info": {"n": n}, "dedupe_key": f"k{n}"} for n in range(4)])
    assert _import(api, project["id"], again, NDJSON_TYPE).json == {
        "imported": 1,
        "skipped": 3,
        "rows": 4,
    }
    assert sorted(t["info"]["n"] for t in _tasks(api, project["id"])) == [0, 1, 2, 3]


def test_only_owners_and_admins_see_a_tasks_dedupe_key(api):
    project = api.project()
    _import(api, project["id"], _ndjson({"info": {"n": 1}, "dedupe_key": "row-1"}), NDJSON_TYPE)
    [task] = _tasks(api, project["id"])
    assert task["dedupe_key"] == "row-1"
    admin_view = api.call("GET", f"/api/task/{task['id']}", api.admin_key).json
    assert admin_view["dedupe_key"] == "row-1"
    for key in (api.other_key, None):
        assert "dedupe_key" not in api.call("GET", f"/api/task/{task['id']}", key).json


def test_a_task_read_by_its_owner_can_be_put_back_whole(api):
    """pbs and pbclient PUT the whole object they read: its dedupe_key comes back unchanged."""
    project = api.project()
    _import(api, project["id"], _ndjson({"info": {"n": 1}, "dedupe_key": "row-1"}), NDJSON_TYPE)
    [task] = _tasks(api, project["id"])
    body = {k: v for k, v in task.items() if k not in ("link", "links")}
    resp = api.call("PUT", f"/api/task/{task['id']}", api.owner_key, {**body, "n_answers": 5})
    assert resp.status_code == 200, resp.json
    assert (resp.json["n_answers"], resp.json["dedupe_key"]) == (5, "row-1")
    changed = api.call("PUT", f"/api/task/{task['id']}", api.owner_key, {"dedupe_key": "x"})
    assert_error(changed, 400, "BadRequest", "task")


def test_a_dedupe_key_repeated_in_one_file_makes_one_task(api):
    project = api.project()
    body = "dedupe_key,image\nx,first\nx,second\n,no key\n,no key either\n"
    assert _import(api, project["id"], body, CSV_TYPE).json == {
        "imported": 3,
        "skipped": 1,
        "rows": 4,
    }
    assert [t["info"]["image"] for t in _tasks(api, project["id"])] == [
        "first",
        "no key",
        "no key either",
    ]


def test_dedupe_keys_are_per_project(api):
    first, second = api.project("first"), api.project("second")
    body = _ndjson({"info": {}, "dedupe_key": "same"})
    assert _import(api, first["id"], body, NDJSON_TYPE).json["imported"] == 1
    assert _import(api, second["id"], body, NDJSON_TYPE).json["imported"] == 1


def test_more_rows_than_the_cap_is_413_and_writes_nothing(api):
    capped = _capped(api, import_max_rows=5)
    project = capped.project()
    five = "image\n" + "".join(f"{n}.jpg\n" for n in range(5))
    assert _import(capped, project["id"], five, CSV_TYPE).json["imported"] == 5
    resp = _import(capped, project["id"], five + "6.jpg\n", CSV_TYPE)
    assert_error(resp, 413, "RequestEntityTooLarge", "task")
    assert len(_tasks(capped, project["id"])) == 5


def test_a_body_over_the_byte_cap_is_413(api):
    capped = _capped(api, import_max_bytes=100)
    project = capped.project()
    resp = _import(capped, project["id"], "image\n" + "x.jpg\n" * 40, CSV_TYPE)
    assert_error(resp, 413, "RequestEntityTooLarge", "task")
    assert _tasks(capped, project["id"]) == []


def test_the_import_takes_bodies_larger_than_other_routes_do(api):
    capped = _capped(api, max_body_bytes=2000, max_upload_bytes=2000)
    project = capped.project()
    body = _ndjson(*[{"info": {"text": "x" * 80}} for _ in range(50)])
    assert len(body) > 2000
    assert _import(capped, project["id"], body, NDJSON_TYPE).json["imported"] == 50
    resp = capped.client.simulate_post(
        "/api/task",
        params={"api_key": capped.owner_key},
        json={"project_id": project["id"], "info": {"text": "x" * 3000}},
    )
    assert_error(resp, 413, "RequestEntityTooLarge", "task")


def test_malformed_files_are_400_and_never_500(api):
    project = api.project()
    bodies = [
        ('[{"info": {}}, {"info": ', JSON_TYPE),
        ('{"info": {}}', JSON_TYPE),
        ('[{"info": {}}] trailing', JSON_TYPE),
        ("", JSON_TYPE),
        ("[1 2]", JSON_TYPE),
        ("", CSV_TYPE),
        ('image\n"unterminated\n', CSV_TYPE),
        ("a,a\n1,2\n", CSV_TYPE),
        (b"image\n\xff\xfe.jpg\n", CSV_TYPE),
        (b"image\na\x00.jpg\n", CSV_TYPE),
        (b'{"info": {"n": "\xc3"}}\n', NDJSON_TYPE),
    ]
    for body, content_type in bodies:
        resp = _import(api, project["id"], body, content_type)
        assert_error(resp, 400, "BadRequest", "task")
    assert _tasks(api, project["id"]) == []


def test_broken_ndjson_lines_and_non_objects_are_row_errors(api):
    project = api.project()
    body = '{"info": {}}\n{"info": \n[1, 2]\n{"info": NaN}\n{"info": "\\u0000"}\n'
    resp = _import(api, project["id"], body, NDJSON_TYPE)
    assert_error(resp, 400, "BadRequest", "task")
    assert [(e["row"], e["line"]) for e in resp.json["errors"]] == [(2, 2), (3, 3), (4, 4), (5, 5)]
    assert resp.json["errors"][1]["reason"] == "a row must be a JSON object"


def test_rows_with_unknown_keys_or_wrong_types_are_refused_per_field(api):
    project = api.project()
    rows = [
        {"info": {}, "state": "completed"},
        {"info": None},
        {"info": {}, "priority_0": 2},
        {"info": {}, "dedupe_key": 7},
        {"info": {}, "gold_answers": [1]},
        {"info": {}, "project_id": project["id"] + 1},
        {"info": {}, "n_answers": True},
    ]
    resp = _import(api, project["id"], json.dumps(rows), JSON_TYPE)
    assert [(e["row"], e["field"]) for e in resp.json["errors"]] == [
        (1, "state"),
        (2, "info"),
        (3, "priority_0"),
        (4, "dedupe_key"),
        (5, "gold_answers"),
        (6, "project_id"),
        (7, "n_answers"),
    ]
    assert resp.json["errors"][0]["line"] == 1


def test_a_csv_row_with_the_wrong_number_of_values_is_a_row_error(api):
    project = api.project()
    resp = _import(api, project["id"], "a,b\n1,2\n1,2,3\n", CSV_TYPE)
    assert resp.json["errors"] == [
        {"row": 2, "field": None, "line": 3, "reason": "the row has 3 values, the header 2 columns"}
    ]


def test_an_unknown_content_type_is_415(api):
    project = api.project()
    for content_type in ("text/plain", "application/xml", "text/csv; charset=latin-1"):
        resp = _import(api, project["id"], "image\na\n", content_type)
        assert_error(resp, 415, "UnsupportedMediaType", "task")


def test_only_the_owner_or_an_admin_imports(api):
    project = api.project()
    body = _ndjson({"info": {}})
    assert_error(
        _import(api, project["id"], body, NDJSON_TYPE, key="other"), 403, "Forbidden", "task"
    )
    assert_error(
        _import(api, project["id"], body, NDJSON_TYPE, key=None), 401, "Unauthorized", "task"
    )
    assert _import(api, project["id"], body, NDJSON_TYPE, key="admin").json["imported"] == 1
    assert _import(api, project["id"], body, NDJSON_TYPE).json["imported"] == 1
    assert len(_tasks(api, project["id"])) == 2


def test_an_unknown_project_is_404(api):
    for key in ("999999", "no-such-project"):
        resp = _import(api, key, _ndjson({"info": {}}), NDJSON_TYPE)
        assert_error(resp, 404, "NotFound", "project")


def test_values_no_column_can_store_are_row_errors_not_500s(api):
    project = api.project()
    ndjson = '{"info": {"x": 1e400}}\n{"info": {"s": "\\ud800"}}\n{"info": {}, "n_answers": 3}\n'
    resp = _import(api, project["id"], ndjson, NDJSON_TYPE)
    assert [e["row"] for e in resp.json["errors"]] == [1, 2]
    csv_body = "n_answers,gold_answers\n" + "9" * 5000 + ',\n1,"{""a"": NaN}"\n'
    resp = _import(api, project["id"], csv_body, CSV_TYPE)
    assert [(e["row"], e["field"]) for e in resp.json["errors"]] == [
        (1, "n_answers"),
        (2, "gold_answers"),
    ]
    assert _tasks(api, project["id"]) == []


def test_a_csv_header_over_the_column_cap_is_a_400_naming_it(api):
    project = api.project()
    header = ",".join(f"c{n}" for n in range(50_000))  # checked pairwise before: minutes
    resp = _import(api, project["id"], header + "\n" + "," * 49_999 + "\n", CSV_TYPE)
    assert_error(resp, 400, "BadRequest", "task")
    assert "at most 1000" in resp.json["exception_msg"]
    assert _tasks(api, project["id"]) == []


def test_a_csv_header_at_the_column_cap_is_imported(api):
    project = api.project()
    header = ",".join(f"c{n}" for n in range(1_000))
    resp = _import(api, project["id"], header + "\n" + ",".join("v" * 1_000) + "\n", CSV_TYPE)
    assert resp.status_code == 200 and resp.json["imported"] == 1
    assert len(_tasks(api, project["id"])[0]["info"]) == 1_000
