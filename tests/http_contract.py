"""The HTTP contract of /api, run over fakes (tests/unit) and over SQLite and PostgreSQL.

Test modules import these tests with `from http_contract import *`; each folder's conftest
provides the `api` fixture (an ApiClient over its own services).
"""
from dataclasses import dataclass

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
        body = {"name": short_name.title(), "short_name": short_name,
                "description": "A project", **fields}
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
        self.call("PUT", f"/api/project/{project['id']}", key,
                  {"info": {"task_presenter": "<p>hi</p>"}})
        self.task(project["id"], key)
        resp = self.call("POST", f"/project/{project['short_name']}/publish", key)
        assert resp.status_code == 200, resp.json


def make_api_client(app, services) -> ApiClient:
    """Create the three callers through the use case the CLI uses, then wrap the app."""
    keys = []
    for name, admin in (("admin", True), ("owner", False), ("other", False)):
        user = users.create_user(services.uow, services.hasher, name=name, admin=admin,
                                 email_addr=f"{name}@example.com", password="password-1",
                                 now=services.clock())
        keys.append(user.api_key)
    return ApiClient(testing.TestClient(app), *keys, services=services)


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
    resp = api.call("POST", "/api/project", api.owner_key,
                    {"name": "N", "short_name": "n", "description": "d"})
    assert resp.status_code == 200
    assert resp.json["category_id"] is not None


def test_anonymous_project_creation_is_401(api):
    resp = api.call("POST", "/api/project", None, {"name": "A", "short_name": "a",
                                                   "description": "x"})
    assert_error(resp, 401, "Unauthorized", "project")


def test_an_unknown_api_key_is_401(api):
    assert_error(api.call("GET", "/api/project", "not-a-key"), 401, "Unauthorized", "project")


def test_the_api_key_is_also_read_from_the_authorization_header(api):
    resp = api.client.simulate_post("/api/project", headers={"Authorization": api.owner_key},
                                    json={"name": "H", "short_name": "h", "description": "d"})
    assert resp.status_code == 200


def test_a_duplicate_short_name_is_a_db_integrity_error(api):
    api.project("birds")
    resp = api.call("POST", "/api/project", api.owner_key,
                    {"name": "Other", "short_name": "birds", "description": "d"})
    assert_error(resp, 415, "DBIntegrityError", "project")


def test_an_unknown_body_attribute_is_415(api):
    resp = api.call("POST", "/api/project", api.owner_key,
                    {"name": "X", "short_name": "x", "description": "d", "nonexistent": 1})
    assert_error(resp, 415, "TypeError", "project")
    assert "nonexistent" in resp.json["exception_msg"]


def test_a_reserved_attribute_in_a_new_object_is_400(api):
    resp = api.call("POST", "/api/project", api.owner_key,
                    {"id": 9, "name": "X", "short_name": "x", "description": "d"})
    assert_error(resp, 400, "BadRequest", "project")


def test_a_missing_required_field_is_400_with_field_errors(api):
    resp = api.call("POST", "/api/project", api.owner_key, {"name": "No short name"})
    assert_error(resp, 400, "ValidationError", "project")
    assert "short_name" in resp.json["errors"]


def test_a_wrong_type_is_400_not_500(api):
    project = api.project()
    resp = api.call("POST", "/api/task", api.owner_key,
                    {"project_id": project["id"], "n_answers": "many"})
    assert_error(resp, 400, "ValidationError", "task")


def test_malformed_json_is_a_4xx_json_error(api):
    project = api.project()
    bad = api.client.simulate_post("/api/project", params={"api_key": api.owner_key},
                                   body='{"name": "broken', content_type="application/json")
    assert_error(bad, 400, "BadRequest", "project")
    bad_put = api.client.simulate_put(f"/api/project/{project['id']}",
                                      params={"api_key": api.owner_key}, body='{"x": ',
                                      content_type="application/json")
    assert_error(bad_put, 415, "ValueError", "project")


def test_a_json_array_body_is_400_not_500(api):
    resp = api.call("POST", "/api/project", api.owner_key, [1, 2])
    assert_error(resp, 400, "BadRequest", "project")


def test_a_draft_is_hidden_from_anonymous_and_other_users(api):
    project = api.project()
    assert_error(api.call("GET", f"/api/project/{project['id']}"), 401, "Unauthorized",
                 "project")
    assert_error(api.call("GET", f"/api/project/{project['id']}", api.other_key), 403,
                 "Forbidden", "project")
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
    assert resp.status_code == 400 and set(resp.json["errors"]) == {"task_presenter", "tasks"}


def test_the_owner_updates_and_others_cannot(api):
    project = api.project()
    path = f"/api/project/{project['id']}"
    resp = api.call("PUT", path, api.owner_key, {"description": "Updated"})
    assert resp.status_code == 200 and resp.json["description"] == "Updated"
    assert_error(api.call("PUT", path, api.other_key, {"description": "hack"}), 403,
                 "Forbidden", "project")
    assert_error(api.call("PUT", path, None, {"description": "hack"}), 401, "Unauthorized",
                 "project")
    assert_error(api.call("PUT", "/api/project/999999", api.owner_key, {"description": "x"}),
                 404, "NotFound", "project")


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


def test_categories_are_managed_by_admins_only(api):
    body = {"name": "Birds", "short_name": "birds", "description": "Birds"}
    assert_error(api.call("POST", "/api/category", api.owner_key, body), 403, "Forbidden",
                 "category")
    created = api.call("POST", "/api/category", api.admin_key, body).json
    assert created["short_name"] == "birds"
    listed = api.call("GET", "/api/category").json
    assert created["id"] in [c["id"] for c in listed]
    assert "links" not in listed[0] and listed[0]["link"].startswith("<link rel='self'")
    path = f"/api/category/{created['id']}"
    assert api.call("PUT", path, api.admin_key, {"description": "B"}).json["description"] == "B"
    assert api.call("DELETE", path, api.admin_key).status_code == 204


def test_a_category_with_projects_cannot_be_deleted(api):
    project = api.project()
    resp = api.call("DELETE", f"/api/category/{project['category_id']}", api.admin_key)
    assert_error(resp, 409, "Conflict", "category")


def test_results_can_be_read_but_not_created_or_deleted(api):
    assert api.call("GET", "/api/result").json == []
    assert_error(api.call("POST", "/api/result", api.owner_key, {"info": {}}), 405,
                 "MethodNotAllowed", "result")
    assert_error(api.call("DELETE", "/api/result/1", api.owner_key), 405,
                 "MethodNotAllowed", "result")


def test_task_runs_cannot_be_created_here_and_unknown_ones_are_404(api):
    assert_error(api.call("GET", "/api/taskrun/12345"), 404, "NotFound", "taskrun")
    assert api.call("GET", "/api/taskrun").json == []


def test_helping_material_json_create_update_delete(api):
    project = api.project()
    created = api.call("POST", "/api/helpingmaterial", api.owner_key,
                       {"project_id": project["id"], "info": {"text": "Look"}}).json
    path = f"/api/helpingmaterial/{created['id']}"
    assert api.call("PUT", path, api.owner_key, {"info": {"text": "Up"}}).json["info"] == {
        "text": "Up"}
    assert_error(api.call("PUT", path, api.other_key, {"info": {}}), 403, "Forbidden",
                 "helpingmaterial")
    assert api.call("DELETE", path, api.owner_key).status_code == 204


def test_helping_material_multipart_upload_is_stored_and_served(api):
    project = api.project()
    boundary = "XyZ"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"project_id\"\r\n\r\n"
            f"{project['id']}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\";"
            f" filename=\"../../bird.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n"
            f"--{boundary}--\r\n")
    resp = api.client.simulate_post(
        "/api/helpingmaterial", params={"api_key": api.owner_key}, body=body,
        content_type=f"multipart/form-data; boundary={boundary}")
    assert resp.status_code == 200, resp.json
    assert ".." not in resp.json["media_url"] and resp.json["info"]["file_name"].endswith(
        "bird.png")
    served = api.client.simulate_get(resp.json["media_url"])
    assert served.status_code == 200 and served.content == b"PNGDATA"


def test_users_are_shown_according_to_privacy_mode(api):
    anonymous = api.call("GET", "/api/user").json
    assert anonymous == [{"name": "admin", "locale": "en"}, {"name": "owner", "locale": "en"},
                         {"name": "other", "locale": "en"}]
    as_owner = api.call("GET", "/api/user", api.owner_key, name="owner").json[0]
    assert as_owner["email_addr"] == "owner@example.com"
    assert "api_key" not in as_owner and "passwd_hash" not in as_owner
    as_admin = api.call("GET", "/api/user", api.admin_key, name="owner").json[0]
    assert "email_addr" not in as_admin and "api_key" not in as_admin


def test_only_admins_filter_users_by_email(api):
    assert_error(api.call("GET", "/api/user", email_addr="owner@example.com"), 403,
                 "Forbidden", "user")
    found = api.call("GET", "/api/user", api.admin_key, email_addr="owner@example.com").json
    assert [u["name"] for u in found] == ["owner"]


def test_users_cannot_be_written_through_the_api(api):
    resp = api.call("POST", "/api/user", api.admin_key, {"name": "x"})
    assert_error(resp, 405, "MethodNotAllowed", "user")


def test_global_stats_count_everything(api):
    project = api.project()
    api.task(project["id"])
    stats = api.call("GET", "/api/globalstats").json
    assert stats["n_projects"] == 1 and stats["n_tasks"] == 1 and stats["n_users"] == 3
    assert {"draft": 1} in stats["categories"]
    assert api.call("POST", "/api/globalstats").status_code == 405


def test_tokens_need_a_user_and_an_unknown_provider_is_404(api):
    assert_error(api.call("GET", "/api/token"), 401, "Unauthorized", "token")
    assert api.call("GET", "/api/token", api.owner_key).json == {}
    assert_error(api.call("GET", "/api/token/twitter", api.owner_key), 404, "NotFound", "token")


def test_head_answers_like_get_without_a_body(api):
    resp = api.call("HEAD", "/api/project")
    assert resp.status_code == 200 and resp.text == ""


def test_the_app_alias_serves_projects(api):
    project = api.project()
    assert api.call("GET", f"/api/app/{project['id']}", api.owner_key).json["id"] == project["id"]


def test_unknown_routes_and_non_integer_ids_are_404_json(api):
    assert api.call("GET", "/api/nosuchresource").json["status_code"] == 404
    assert api.call("GET", "/api/project/abc").json["status_code"] == 404


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


def _loop_project(api, n_tasks=2, n_answers=2, **info) -> dict:
    project = api.project("loop")
    api.call("PUT", f"/api/project/{project['id']}", api.owner_key,
             {"info": {"task_presenter": "<p/>", **info}})
    for _ in range(n_tasks):
        api.task(project["id"], n_answers=n_answers)
    api.call("POST", "/project/loop/publish", api.owner_key)
    return project


def _answer(api, project, key=None, **extra):
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key, **extra).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": {"answer": "yes"}}
    return task, api.call("POST", "/api/taskrun", key, body, **extra)


def test_newtask_serves_the_next_task_then_an_empty_object(api):
    project = _loop_project(api, n_tasks=1, n_answers=1)
    task, run = _answer(api, project)
    assert run.status_code == 200, run.json
    assert run.json["task_id"] == task["id"] and run.json["user_id"] is None
    assert run.json["user_ip"].startswith("anon-")
    assert api.call("GET", f"/api/project/{project['id']}/newtask").json == {}
    assert api.call("GET", f"/api/task/{task['id']}").json["state"] == "completed"
    result = api.call("GET", "/api/result", task_id=task["id"]).json
    assert [r["task_run_ids"] for r in result] == [[run.json["id"]]]


def test_newtask_answers_on_every_path_clients_use(api):
    project = _loop_project(api)
    for path in (f"/api/project/{project['id']}/newtask", f"/api/{project['id']}/newtask",
                 f"/api/app/{project['id']}/newtask"):
        assert "id" in api.call("GET", path).json
    preload = api.call("GET", f"/api/project/{project['id']}/newtask", offset=1).json
    several = api.call("GET", f"/api/project/{project['id']}/newtask", limit=2).json
    assert [t["id"] for t in several][1] == preload["id"]


def test_a_run_for_a_task_not_served_is_refused(api):
    project = _loop_project(api)
    task = api.call("GET", "/api/task", project_id=project["id"]).json[0]
    body = {"project_id": project["id"], "task_id": task["id"], "info": {}}
    resp = api.call("POST", "/api/taskrun", api.other_key, body)
    assert_error(resp, 403, "Forbidden", "taskrun")
    assert resp.json["exception_msg"] == "You must request a task first!"


def test_a_second_answer_and_a_wrong_project_are_refused(api):
    project = _loop_project(api)
    task, run = _answer(api, project, api.other_key)
    assert run.status_code == 200 and run.json["user_id"] is not None
    body = {"project_id": project["id"], "task_id": task["id"], "info": {}}
    assert api.call("POST", "/api/taskrun", api.other_key, body).status_code == 403
    api.call("GET", f"/api/project/{project['id']}/newtask", api.owner_key)
    wrong = dict(body, project_id=project["id"] + 1000)
    resp = api.call("POST", "/api/taskrun", api.owner_key, wrong)
    assert_error(resp, 403, "Forbidden", "taskrun")
    assert resp.json["exception_msg"] == "Invalid project_id"


def test_identity_fields_in_a_task_run_body_are_refused(api):
    project = _loop_project(api)
    task = api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json
    body = {"project_id": project["id"], "task_id": task["id"], "user_id": 1}
    assert_error(api.call("POST", "/api/taskrun", api.other_key, body), 400, "BadRequest",
                 "taskrun")


def test_external_volunteers_need_a_project_token(api):
    project = _loop_project(api)
    secret = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["secret_key"]
    token_path = "/api/auth/project/loop/token"
    missing = api.client.simulate_get(token_path)
    assert_error(missing, 403, "Forbidden", "project")
    assert api.client.simulate_get(token_path, headers={"Authorization": "wrong"}
                                   ).status_code == 404
    token = api.client.simulate_get(token_path, headers={"Authorization": secret}).text
    bearer = {"Authorization": f"Bearer {token}"}
    path = f"/api/project/{project['id']}/newtask"
    assert api.client.simulate_get(path, params={"external_uid": "x1"}).status_code == 401
    forged = {"Authorization": f"Bearer {token[:-2]}xx"}
    assert api.client.simulate_get(path, params={"external_uid": "x1"}, headers=forged
                                   ).status_code == 401
    task = api.client.simulate_get(path, params={"external_uid": "x1"}, headers=bearer).json
    run = api.client.simulate_post("/api/taskrun", params={"external_uid": "x1"}, headers=bearer,
                                   json={"project_id": project["id"], "task_id": task["id"],
                                         "external_uid": "x1", "info": {}})
    assert run.status_code == 200 and run.json["external_uid"] == "x1"
    progress = api.client.simulate_get(f"/api/project/{project['id']}/userprogress",
                                       params={"external_uid": "x1"}, headers=bearer).json
    assert progress == {"done": 1, "total": 2}


def test_user_progress_by_id_or_short_name(api):
    project = _loop_project(api)
    _answer(api, project, api.other_key)
    for key in (project["id"], "loop"):
        assert api.call("GET", f"/api/project/{key}/userprogress", api.other_key).json == {
            "done": 1, "total": 2}
        assert api.call("GET", f"/api/app/{key}/userprogress").json == {"done": 0, "total": 2}


def test_projects_closed_to_anonymous_volunteers_ask_for_sign_in(api):
    project = _loop_project(api)
    api.call("PUT", f"/api/project/{project['id']}", api.owner_key,
             {"allow_anonymous_contributors": False})
    resp = api.call("GET", f"/api/project/{project['id']}/newtask")
    assert_error(resp, 401, "Unauthorized", "project")
    assert "id" in api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json


def test_newtask_refuses_unknown_parameters_and_bad_limits(api):
    project = _loop_project(api)
    path = f"/api/project/{project['id']}/newtask"
    assert api.call("GET", path, orderby="id").status_code == 415
    assert api.call("GET", path, limit=0).status_code == 400
    assert api.call("GET", path, limit="x").status_code == 400
    assert api.call("GET", "/api/project/999999/newtask").status_code == 404


def test_integers_may_come_as_numeric_strings_but_never_truncated(api):
    task = api.task(api.project()["id"])
    path = f"/api/task/{task['id']}"
    assert api.call("PUT", path, api.owner_key, {"n_answers": "5"}).json["n_answers"] == 5
    assert api.call("PUT", path, api.owner_key, {"n_answers": 5.5}).status_code == 400
