"""No input sent to /api produces a 5xx: hostile bodies and query values, over every kind.

Shared like http_contract: `from http_robustness import *` where an `api` fixture exists.
"""
from http_contract import assert_error

HOSTILE_VALUES = [None, "", "x" * 300, -1, 0, 2**31, 10**30, 1.5, True, [], {}, [1, {"a": []}],
                  {"nested": {"deep": [1, 2, {"k": None}]}}, "1; DROP TABLE task", "\u00e9\u4e2d"]
WRITABLE = {
    "project": ["name", "short_name", "description", "long_description", "webhook",
                "allow_anonymous_contributors", "zip_download", "category_id", "info",
                "featured", "owner_id", "published"],
    "task": ["project_id", "quorum", "calibration", "priority_0", "n_answers", "info", "state"],
    "category": ["name", "short_name", "description", "info"],
    "helpingmaterial": ["project_id", "info", "media_url", "priority"],
    "result": ["info", "task_run_ids"],
}


def test_no_body_value_produces_a_server_error(api):
    project = api.project("target")
    task = api.task(project["id"])
    items = {"project": project["id"], "task": task["id"], "category": project["category_id"]}
    for kind, names in WRITABLE.items():
        for name in names:
            for value in HOSTILE_VALUES:
                for method, path in (("POST", f"/api/{kind}"),
                                     ("PUT", f"/api/{kind}/{items.get(kind, 1)}")):
                    resp = api.call(method, path, api.admin_key, {name: value})
                    assert resp.status_code < 500, (method, path, name, value, resp.json)


def test_no_query_value_produces_a_server_error(api):
    api.task(api.project()["id"])
    hostile = ["", "-1", "99999999999999999999", "1.5", "abc", "true", "'; --", "%", "_",
               "\u00e9", "a::b", "::", "{}", "[]", "{\"a\": [1]}", "x|y", "k::v|", "k::!!&&||"]
    for kind in ("project", "task", "taskrun", "result", "helpingmaterial", "category", "user"):
        for name in ("id", "limit", "offset", "last_id", "orderby", "desc", "info", "all",
                     "project_id", "name", "related", "fulltextsearch"):
            for value in hostile:
                params = {name: value, "info": "k::v"} if name == "fulltextsearch" \
                    else {name: value}
                resp = api.call("GET", f"/api/{kind}", api.admin_key, **params)
                assert resp.status_code < 500, (kind, name, value, resp.json)


def test_nul_characters_and_huge_ids_are_refused_cleanly(api):
    resp = api.call("POST", "/api/project", api.owner_key,
                    {"name": "a\u0000b", "short_name": "nul", "description": "d"})
    assert_error(resp, 400, "BadRequest", "project")
    assert api.call("GET", "/api/task", name="x", project_id="1\u0000").status_code == 400
    assert api.call("GET", "/api/project/99999999999999999999").status_code == 404


def test_an_unpaired_surrogate_in_an_info_filter_is_400(api):
    resp = api.call("GET", "/api/project", info='{"k": "\\ud800"}')
    assert_error(resp, 400, "ValidationError", "project")


def test_a_parameter_given_twice_is_a_bad_request_on_lists_newtask_and_exports(api):
    project = api.project("twice")
    for path, query in (("/api/task", "limit=1&limit=2"),
                        (f"/api/project/{project['id']}/newtask", "offset=0&offset=1"),
                        (f"/api/project/{project['id']}/export", "type=task&type=result")):
        resp = api.client.simulate_get(path, query_string=f"api_key={api.owner_key}&{query}")
        assert resp.status_code == 400 and resp.json["exception_cls"] == "BadRequest", path
        assert "is given more than once" in resp.json["exception_msg"], path
