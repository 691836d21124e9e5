"""The HTTP contract of /api, run over fakes (tests/unit) and over SQLite and PostgreSQL.

Test modules import these tests with `from http_contract import *`; each folder's conftest
provides the `api` fixture (an ApiClient over its own services).
"""

from dataclasses import dataclass

import pytest
from falcon import testing

from pybossa_core.use_cases import users

ERROR_KEYS = {"status", "action", "target", "exception_cls", "exception_msg", "status_code"}


@dataclass
class ApiClient:
    """A TestClient with three callers: an admin, a project owner and some other user."""

    client: testing.TestClient
    admin_key: str
    owner_key: str
    other_key: str
    services: object = None

    def call(self, method: str, path: str, key: str | None = None, body=None, **params):
        if key:
            params["api_key"] = key
        return self.client.simulate_request(method, path, params=params or None, json=body)

    def project(self, short_name="birds", key=None, **fields) -> dict:
        body = {
            "name": short_name.title(),
            "short_name": short_name,
            "description": "A project",
            **fields,
        }
        resp = self.call("POST", "/api/project", key or self.owner_key, body)
        assert resp.status_code == 200, resp.json
        return resp.json

    def task(self, project_id: int, key=None, **fields) -> dict:
        body = {"project_id": project_id, "info": {"q": "?"}, **fields}
        resp = self.call("POST", "/api/task", key or self.owner_key, body)
        assert resp.status_code == 200, resp.json
        return resp.json

    def publish(self, project: dict, key=None) -> None:
        key = key or self.owner_key
        self.call(
            "PUT", f"/api/project/{project['id']}", key, {"info": {"task_presenter": "<p>hi</p>"}}
        )
        self.task(project["id"], key)
        resp = self.call("POST", f"/project/{project['short_name']}/publish", key)
        assert resp.status_code == 302, resp.json


def make_api_client(app, services) -> ApiClient:
    """Create the three callers through the use case the CLI uses, then wrap the app."""
    keys = []
    for name, admin in (("admin", True), ("owner", False), ("other", False)):
        user = users.create_user(
            services.units_of_work(),
            services.hasher,
            name=name,
            admin=admin,
            email_addr=f"{name}@example.com",
            password="password-1",
            now=services.clock(),
            keys=services.keys,
        )
        keys.append(user.api_key)
    return ApiClient(testing.TestClient(app), *keys, services=services)


VIEW_ERROR_KEYS = {"code", "description", "template"}


def assert_view_error(resp, status: int) -> None:
    """An error of a web view (outside /api): its status and PYBOSSA's {code, description,
    template} body (a view may add keys beside them: a form's errors, flash and status)."""
    assert resp.status_code == status, resp.text
    assert set(resp.json) >= VIEW_ERROR_KEYS, resp.json
    assert resp.json["code"] == status and resp.json["template"] == f"{status}.html"
    assert isinstance(resp.json["description"], str) and resp.json["description"]
    assert not set(resp.json) & {"exception_cls", "exception_msg", "status_code"}


def assert_error(resp, status: int, exception_cls: str, target: str) -> None:
    assert resp.status_code == status, resp.text
    assert set(resp.json) >= ERROR_KEYS
    assert resp.json["status"] == "failed" and resp.json["status_code"] == status
    assert resp.json["exception_cls"] == exception_cls
    assert resp.json["target"] == target


def test_creating_a_project_answers_200_with_a_draft_owned_by_the_caller(api):
    project = api.project()
    assert project["owner_id"] and project["owners_ids"] == [project["owner_id"]]
    assert project["published"] is False and project["secret_key"]
    assert "link" not in project and "passwd_hash" not in project


def test_a_project_needs_only_name_short_name_and_description(api):
    resp = api.call(
        "POST", "/api/project", api.owner_key, {"name": "N", "short_name": "n", "description": "d"}
    )
    assert resp.status_code == 200
    assert resp.json["category_id"] is not None


def test_anonymous_project_creation_is_401(api):
    resp = api.call(
        "POST", "/api/project", None, {"name": "A", "short_name": "a", "description": "x"}
    )
    assert_error(resp, 401, "Unauthorized", "project")


def test_an_unknown_api_key_is_401(api):
    assert_error(api.call("GET", "/api/project", "not-a-key"), 401, "Unauthorized", "project")


def test_the_api_key_is_also_read_from_the_authorization_header(api):
    resp = api.client.simulate_post(
        "/api/project",
        headers={"Authorization": api.owner_key},
        json={"name": "H", "short_name": "h", "description": "d"},
    )
    assert resp.status_code == 200


def test_a_duplicate_short_name_is_a_db_integrity_error(api):
    api.project("birds")
    resp = api.call(
        "POST",
        "/api/project",
        api.owner_key,
        {"name": "Other", "short_name": "birds", "description": "d"},
    )
    assert_error(resp, 415, "DBIntegrityError", "project")


def test_an_unknown_body_attribute_is_415(api):
    resp = api.call(
        "POST",
        "/api/project",
        api.owner_key,
        {"name": "X", "short_name": "x", "description": "d", "nonexistent": 1},
    )
    assert_error(resp, 415, "TypeError", "project")
    assert "nonexistent" in resp.json["exception_msg"]


def test_a_reserved_attribute_in_a_new_object_is_400(api):
    resp = api.call(
        "POST",
        "/api/project",
        api.owner_key,
        {"id": 9, "name": "X", "short_name": "x", "description": "d"},
    )
    assert_error(resp, 400, "BadRequest", "project")


def _new_object(api, kind: str) -> tuple[str, dict]:
    """A caller's key and a body that creates an object of this kind."""
    if kind == "category":
        return api.admin_key, {"name": "Science", "short_name": "science"}
    if kind == "project":
        return api.owner_key, {"name": "X", "short_name": "x", "description": "d"}
    return api.owner_key, {"project_id": api.project()["id"]}


@pytest.mark.parametrize(
    "kind, field, value",
    [
        ("project", "published", True),
        ("project", "owner_id", 999),
        ("project", "secret_key", "chosen"),
        ("project", "featured", True),
        ("category", "id", 5),
        ("task", "state", "completed"),
        ("task", "id", 42),
        ("helpingmaterial", "created", "2024-01-01T00:00:00"),
    ],
)
def test_a_server_field_in_a_new_object_is_reserved_and_named(api, kind, field, value):
    key, body = _new_object(api, kind)
    before = api.call("GET", f"/api/{kind}", key).json
    resp = api.call("POST", f"/api/{kind}", key, {**body, field: value})
    assert_error(resp, 400, "BadRequest", kind)
    assert resp.json["exception_msg"] == f"Reserved keys in payload: {field}"
    assert api.call("GET", f"/api/{kind}", key).json == before


@pytest.mark.parametrize("kind", ["category", "task", "helpingmaterial"])
def test_an_unknown_field_in_a_new_object_is_415_and_named(api, kind):
    key, body = _new_object(api, kind)
    resp = api.call("POST", f"/api/{kind}", key, {**body, "wrongattr": 1})
    assert_error(resp, 415, "TypeError", kind)
    assert "'wrongattr' is an invalid keyword argument" in resp.json["exception_msg"]


def test_a_missing_required_field_is_400_with_field_errors(api):
    resp = api.call("POST", "/api/project", api.owner_key, {"name": "No short name"})
    assert_error(resp, 400, "ValidationError", "project")
    assert "short_name" in resp.json["errors"]


def test_a_wrong_type_is_400_not_500(api):
    project = api.project()
    resp = api.call(
        "POST", "/api/task", api.owner_key, {"project_id": project["id"], "n_answers": "many"}
    )
    assert_error(resp, 400, "ValidationError", "task")


def test_malformed_json_is_a_4xx_json_error(api):
    project = api.project()
    bad = api.client.simulate_post(
        "/api/project",
        params={"api_key": api.owner_key},
        body='{"name": "broken',
        content_type="application/json",
    )
    assert_error(bad, 400, "BadRequest", "project")
    bad_put = api.client.simulate_put(
        f"/api/project/{project['id']}",
        params={"api_key": api.owner_key},
        body='{"x": ',
        content_type="application/json",
    )
    assert_error(bad_put, 415, "ValueError", "project")


def test_a_json_array_body_is_400_not_500(api):
    resp = api.call("POST", "/api/project", api.owner_key, [1, 2])
    assert_error(resp, 400, "BadRequest", "project")


def test_a_draft_is_hidden_from_anonymous_and_other_users(api):
    project = api.project()
    assert_error(api.call("GET", f"/api/project/{project['id']}"), 401, "Unauthorized", "project")
    assert_error(
        api.call("GET", f"/api/project/{project['id']}", api.other_key), 403, "Forbidden", "project"
    )
    assert api.call("GET", "/api/project").json == []


def test_a_published_project_is_public_without_its_secrets(api):
    project = api.project()
    api.publish(project)
    public = api.call("GET", f"/api/project/{project['id']}").json
    assert "published" not in public
    assert "secret_key" not in public and "webhook" not in public
    assert public["link"].endswith(f"/api/project/{project['id']}'/>")
    assert public["links"][0].startswith("<link rel='category' title='category'")
    assert [p["id"] for p in api.call("GET", "/api/project").json] == [project["id"]]


def test_the_owner_sees_the_secret_key_and_an_admin_does_not(api):
    project = api.project()
    assert api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["secret_key"]
    as_admin = api.call("GET", f"/api/project/{project['id']}", api.admin_key).json
    assert "secret_key" not in as_admin and as_admin["published"] is False


def test_publishing_through_put_is_refused(api):
    project = api.project()
    resp = api.call("PUT", f"/api/project/{project['id']}", api.owner_key, {"published": True})
    assert_error(resp, 403, "Forbidden", "project")


def test_publishing_needs_a_presenter_and_a_task(api):
    project = api.project()
    resp = api.call("POST", f"/project/{project['short_name']}/publish", api.owner_key)
    assert resp.status_code == 403 and set(resp.json["errors"]) == {"task_presenter", "tasks"}
    assert resp.json["status"] == "error" and "task presenter" in resp.json["flash"]


def test_the_owner_updates_and_others_cannot(api):
    project = api.project()
    path = f"/api/project/{project['id']}"
    resp = api.call("PUT", path, api.owner_key, {"description": "Updated"})
    assert resp.status_code == 200 and resp.json["description"] == "Updated"
    assert_error(
        api.call("PUT", path, api.other_key, {"description": "hack"}), 403, "Forbidden", "project"
    )
    assert_error(
        api.call("PUT", path, None, {"description": "hack"}), 401, "Unauthorized", "project"
    )
    assert_error(
        api.call("PUT", "/api/project/999999", api.owner_key, {"description": "x"}),
        404,
        "NotFound",
        "project",
    )


def test_a_client_may_send_back_what_it_read_but_not_change_read_only_fields(api):
    project = api.project()
    path = f"/api/project/{project['id']}"
    read = api.call("GET", path, api.owner_key).json
    echoed = {k: v for k, v in read.items() if k not in {"published", "secret_key"}}
    echoed["description"] = "Echoed"
    assert api.call("PUT", path, api.owner_key, echoed).status_code == 200
    resp = api.call("PUT", path, api.owner_key, {"owner_id": read["owner_id"] + 1})
    assert_error(resp, 400, "BadRequest", "project")


def test_only_an_admin_features_a_project(api):
    project = api.project()
    path = f"/api/project/{project['id']}"
    assert api.call("PUT", path, api.owner_key, {"featured": True}).status_code == 400
    resp = api.call("PUT", path, api.admin_key, {"featured": True})
    assert resp.status_code == 200 and resp.json["featured"] is True


def test_deleting_a_project_answers_204_and_removes_its_tasks(api):
    project = api.project()
    task = api.task(project["id"])
    resp = api.call("DELETE", f"/api/project/{project['id']}", api.owner_key)
    assert resp.status_code == 204 and resp.text == ""
    assert api.call("GET", f"/api/task/{task['id']}").status_code == 404
    assert api.call("DELETE", f"/api/project/{project['id']}", api.owner_key).status_code == 404


def test_tasks_are_created_by_the_project_owner_only(api):
    project = api.project()
    task = api.task(project["id"], n_answers=2)
    assert task["state"] == "ongoing" and task["n_answers"] == 2
    other = api.call("POST", "/api/task", api.other_key, {"project_id": project["id"]})
    assert_error(other, 403, "Forbidden", "task")
    anonymous = api.call("POST", "/api/task", None, {"project_id": project["id"]})
    assert_error(anonymous, 401, "Unauthorized", "task")
    missing = api.call("POST", "/api/task", api.owner_key, {"project_id": 99999})
    assert_error(missing, 400, "ValidationError", "task")


def test_task_lists_filter_page_and_order(api):
    project = api.project()
    ids = [api.task(project["id"], info={"animal": a})["id"] for a in ("cat", "dog", "bird")]
    listed = api.call("GET", "/api/task", project_id=project["id"]).json
    assert [t["id"] for t in listed] == ids
    assert listed[0]["links"][0].endswith(f"/api/project/{project['id']}'/>")
    assert [t["id"] for t in api.call("GET", "/api/task", last_id=ids[0]).json] == ids[1:]
    assert [t["id"] for t in api.call("GET", "/api/task", limit=1, offset=1).json] == ids[1:2]
    assert [t["id"] for t in api.call("GET", "/api/task", desc="true").json] == ids[::-1]
    assert [t["id"] for t in api.call("GET", "/api/task", info="animal::dog").json] == ids[1:2]
    contains = api.call("GET", "/api/task", info='{"animal": "bird"}').json
    assert [t["id"] for t in contains] == ids[2:]


def test_full_text_search_adds_headline_and_rank(api):
    project = api.project()
    cat = api.task(project["id"], info={"animal": "cat and dog"})
    api.task(project["id"], info={"animal": "fish"})
    found = api.call("GET", "/api/task", info="animal::cat", fulltextsearch=1).json
    assert [t["id"] for t in found] == [cat["id"]]
    assert "cat" in found[0]["headline"] and found[0]["rank"] > 0


def test_full_text_search_with_operator_soup_is_not_a_500(api):
    project = api.project()
    api.task(project["id"], info={"animal": "cat"})
    resp = api.call("GET", "/api/task", info="animal::!!&&||", fulltextsearch=1)
    assert resp.status_code == 200 and isinstance(resp.json, list)


def test_limit_is_capped_at_100_and_a_bad_limit_is_400(api):
    project = api.project()
    api.task(project["id"])
    assert api.call("GET", "/api/task", limit=1000).status_code == 200
    assert_error(api.call("GET", "/api/task", limit="abc"), 400, "ValidationError", "task")


def test_an_unknown_filter_is_415(api):
    resp = api.call("GET", "/api/project", wrongattr=1)
    assert_error(resp, 415, "AttributeError", "project")
    assert resp.json["exception_msg"] == "type object 'Project' has no attribute 'wrongattr'"


def test_with_an_api_key_a_list_shows_your_own_objects_unless_all_is_given(api):
    mine = api.project("mine")
    theirs = api.project("theirs", key=api.other_key)
    api.publish(theirs, api.other_key)
    assert [p["id"] for p in api.call("GET", "/api/project", api.owner_key).json] == [mine["id"]]
    everything = api.call("GET", "/api/project", api.owner_key, all=1).json
    assert [p["id"] for p in everything] == [mine["id"], theirs["id"]]


def test_related_adds_task_runs_and_result_to_a_task(api):
    task = api.task(api.project()["id"])
    resp = api.call("GET", f"/api/task/{task['id']}", related="True")
    assert resp.json["task_runs"] == [] and resp.json["result"] is None
