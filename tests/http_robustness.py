"""No input sent to /api produces a 5xx: hostile bodies and query values, over every kind.

Shared like http_contract: `from http_robustness import *` where an `api` fixture exists.
"""

import json

from http_contract import assert_error

HOSTILE_VALUES = [
    None,
    "",
    "x" * 300,
    -1,
    0,
    2**31,
    10**30,
    1.5,
    True,
    [],
    {},
    [1, {"a": []}],
    {"nested": {"deep": [1, 2, {"k": None}]}},
    "1; DROP TABLE task",
    "\u00e9\u4e2d",
]
WRITABLE = {
    "project": [
        "name",
        "short_name",
        "description",
        "long_description",
        "webhook",
        "allow_anonymous_contributors",
        "zip_download",
        "category_id",
        "info",
        "featured",
        "owner_id",
        "published",
    ],
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
                for method, path in (
                    ("POST", f"/api/{kind}"),
                    ("PUT", f"/api/{kind}/{items.get(kind, 1)}"),
                ):
                    resp = api.call(method, path, api.admin_key, {name: value})
                    assert resp.status_code < 500, (method, path, name, value, resp.json)


def test_no_query_value_produces_a_server_error(api):
    api.task(api.project()["id"])
    hostile = [
        "",
        "-1",
        "99999999999999999999",
        "1.5",
        "abc",
        "true",
        "'; --",
        "%",
        "_",
        "\u00e9",
        "a::b",
        "::",
        "{}",
        "[]",
        '{"a": [1]}',
        "x|y",
        "k::v|",
        "k::!!&&||",
    ]
    for kind in ("project", "task", "taskrun", "result", "helpingmaterial", "category", "user"):
        for name in (
            "id",
            "limit",
            "offset",
            "last_id",
            "orderby",
            "desc",
            "info",
            "all",
            "project_id",
            "name",
            "related",
            "fulltextsearch",
        ):
            for value in hostile:
                params = (
                    {name: value, "info": "k::v"} if name == "fulltextsearch" else {name: value}
                )
                resp = api.call("GET", f"/api/{kind}", api.admin_key, **params)
                assert resp.status_code < 500, (kind, name, value, resp.json)


def test_nul_characters_and_huge_ids_are_refused_cleanly(api):
    resp = api.call(
        "POST",
        "/api/project",
        api.owner_key,
        {"name": "a\u0000b", "short_name": "nul", "description": "d"},
    )
    assert_error(resp, 400, "BadRequest", "project")
    assert api.call("GET", "/api/task", name="x", project_id="1\u0000").status_code == 400
    assert api.call("GET", "/api/project/99999999999999999999").status_code == 404


def test_an_unpaired_surrogate_in_an_info_filter_is_400(api):
    resp = api.call("GET", "/api/project", info='{"k": "\\ud800"}')
    assert_error(resp, 400, "ValidationError", "project")


def test_a_parameter_given_twice_is_a_bad_request_on_lists_newtask_and_exports(api):
    project = api.project("twice")
    for path, query in (
        ("/api/task", "limit=1&limit=2"),
        (f"/api/project/{project['id']}/newtask", "offset=0&offset=1"),
        (f"/api/project/{project['id']}/export", "type=task&type=result"),
    ):
        resp = api.client.simulate_get(path, query_string=f"api_key={api.owner_key}&{query}")
        assert resp.status_code == 400 and resp.json["exception_cls"] == "BadRequest", path
        assert "is given more than once" in resp.json["exception_msg"], path


def _raw_post(api, path: str, text: str, key: str | None = None):
    params = {"api_key": key} if key else None
    return api.client.simulate_post(path, params=params, body=text, content_type="application/json")


def test_numbers_that_are_not_json_are_400_in_every_info(api):
    before = len(api.call("GET", "/api/project", all="1").json)
    for number in ("1e400", "-1e400", "NaN", "Infinity", "1" + "0" * 400):
        resp = _raw_post(
            api,
            "/api/project",
            f'{{"name": "N", "short_name": "n", "description": "d", "info": {{"x": {number}}}}}',
            api.owner_key,
        )
        assert_error(resp, 400, "BadRequest", "project")
    assert len(api.call("GET", "/api/project", all="1").json) == before
    project = api.project("numbers", allow_anonymous_contributors=True)
    api.publish(project)
    resp = _raw_post(
        api, "/api/task", f'{{"project_id": {project["id"]}, "info": [1e400]}}', api.owner_key
    )
    assert_error(resp, 400, "BadRequest", "task")
    resp = api.client.simulate_put(
        f"/api/project/{project['id']}",
        params={"api_key": api.owner_key},
        body='{"info": {"x": 1e400}}',
        content_type="application/json",
    )
    assert_error(resp, 400, "BadRequest", "project")
    task = api.call("GET", f"/api/project/{project['id']}/newtask").json  # an anonymous volunteer
    resp = _raw_post(
        api,
        "/api/taskrun",
        f'{{"project_id": {project["id"]}, "task_id": {task["id"]}, "info": {{"answer": 1e400}}}}',
    )
    assert_error(resp, 400, "BadRequest", "taskrun")
    assert api.call("GET", "/api/taskrun", all="1").json == []
    assert api.call("GET", "/api/task", project_id=project["id"], all="1").status_code == 200


def _multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = "fuzzboundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return (
        "".join(parts) + f"--{boundary}--\r\n"
    ).encode(), f"multipart/form-data; boundary={boundary}"


def test_hostile_json_in_a_multipart_info_part_is_400(api):
    project = api.project("parts")
    for info in ("[" * 100_000, '{"x": 1e400}', '{"x": NaN}', '{"x": "a\\u0000b"}', "a\x00b"):
        body, content_type = _multipart({"project_id": str(project["id"]), "info": info})
        resp = api.client.simulate_post(
            "/api/helpingmaterial",
            body=body,
            params={"api_key": api.owner_key},
            content_type=content_type,
        )
        assert_error(resp, 400, "BadRequest", "helpingmaterial")
    assert api.call("GET", "/api/helpingmaterial", all="1").json == []


def test_nul_in_account_form_fields_is_400(api):
    for path in ("/account/signin", "/account/register"):
        client = api.client
        page = client.simulate_get(path)
        csrf = page.json["form"]["csrf"]
        cookies = {name: c.value for name, c in page.cookies.items()}
        fields = {
            "email": "a\x00@example.com",
            "password": "p\x00ssword1",
            "name": "n\x00",
            "fullname": "F\x00",
            "email_addr": "a\x00@example.com",
            "confirm": "p\x00ssword1",
        }
        encoded = "&".join(f"{k}={v.replace(chr(0), '%00')}" for k, v in fields.items())
        resp = client.simulate_post(
            path,
            body=encoded,
            cookies=cookies,
            headers={"X-CSRFToken": csrf},
            content_type="application/x-www-form-urlencoded",
        )
        assert resp.status_code == 400, (path, resp.status_code, resp.text)
        body, content_type = _multipart(fields)
        resp = client.simulate_post(
            path,
            body=body,
            cookies=cookies,
            headers={"X-CSRFToken": csrf},
            content_type=content_type,
        )
        assert resp.status_code == 400, (path, resp.status_code, resp.text)


def test_nul_in_an_api_key_or_a_list_filter_is_never_a_server_error(api):
    assert api.call("GET", "/api/project", "key\x00").status_code < 500
    for params in (
        {"name": "a\x00"},
        {"info": "k::a\x00"},
        {"info": '{"k": "\\u0000"}'},
        {"info": '{"k": 1e400}'},
    ):
        resp = api.call("GET", "/api/project", **params)
        assert resp.status_code == 400, (params, resp.status_code)


def test_integers_beyond_64_bits_are_stored_and_found_by_an_info_filter(api):
    """JSON allows them; SQLite cannot bind them (they once answered 500 there)."""
    project = api.project()
    huge = api.task(project["id"], info={"n": 10**30})
    api.task(project["id"], info={"n": 1})
    for number in (10**30, 2**63):
        query = {"project_id": project["id"], "info": json.dumps({"n": number})}
        resp = api.client.simulate_get("/api/task", params=query)
        assert resp.status_code == 200, resp.text
        assert [task["id"] for task in resp.json] == ([huge["id"]] if number == 10**30 else [])
