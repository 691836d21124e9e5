"""Categories, results, task runs, helping materials, users, stats and tokens over HTTP.

Shared like http_contract: `from http_catalog import *` where an `api` fixture exists.
"""

from http_contract import assert_error


def test_categories_are_managed_by_admins_only(api):
    body = {"name": "Birds", "short_name": "birds", "description": "Birds"}
    assert_error(
        api.call("POST", "/api/category", api.owner_key, body), 403, "Forbidden", "category"
    )
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
    assert_error(
        api.call("POST", "/api/result", api.owner_key, {"info": {}}),
        405,
        "MethodNotAllowed",
        "result",
    )
    assert_error(
        api.call("DELETE", "/api/result/1", api.owner_key), 405, "MethodNotAllowed", "result"
    )


def test_task_runs_cannot_be_created_here_and_unknown_ones_are_404(api):
    assert_error(api.call("GET", "/api/taskrun/12345"), 404, "NotFound", "taskrun")
    assert api.call("GET", "/api/taskrun").json == []


def test_helping_material_json_create_update_delete(api):
    project = api.project()
    created = api.call(
        "POST",
        "/api/helpingmaterial",
        api.owner_key,
        {"project_id": project["id"], "info": {"text": "Look"}},
    ).json
    path = f"/api/helpingmaterial/{created['id']}"
    assert api.call("PUT", path, api.owner_key, {"info": {"text": "Up"}}).json["info"] == {
        "text": "Up"
    }
    assert_error(
        api.call("PUT", path, api.other_key, {"info": {}}), 403, "Forbidden", "helpingmaterial"
    )
    assert api.call("DELETE", path, api.owner_key).status_code == 204


def test_helping_material_multipart_upload_is_stored_and_served(api):
    project = api.project()
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="project_id"\r\n\r\n'
        f'{project["id"]}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file";'
        f' filename="../../bird.png"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n'
        f"--{boundary}--\r\n"
    )
    resp = api.client.simulate_post(
        "/api/helpingmaterial",
        params={"api_key": api.owner_key},
        body=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert resp.status_code == 200, resp.json
    assert ".." not in resp.json["media_url"] and resp.json["info"]["file_name"].endswith(
        "bird.png"
    )
    served = api.client.simulate_get(resp.json["media_url"])
    assert served.status_code == 200 and served.content == b"PNGDATA"


def test_users_are_shown_according_to_privacy_mode(api):
    anonymous = api.call("GET", "/api/user").json
    assert anonymous == [
        {"name": "admin", "locale": "en"},
        {"name": "owner", "locale": "en"},
        {"name": "other", "locale": "en"},
    ]
    as_owner = api.call("GET", "/api/user", api.owner_key, name="owner").json[0]
    assert as_owner["email_addr"] == "owner@example.com"
    assert "api_key" not in as_owner and "passwd_hash" not in as_owner
    as_admin = api.call("GET", "/api/user", api.admin_key, name="owner").json[0]
    assert "email_addr" not in as_admin and "api_key" not in as_admin


def test_only_admins_filter_users_by_email(api):
    assert_error(
        api.call("GET", "/api/user", email_addr="owner@example.com"), 403, "Forbidden", "user"
    )
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


def test_integers_may_come_as_numeric_strings_but_never_truncated(api):
    task = api.task(api.project()["id"])
    path = f"/api/task/{task['id']}"
    assert api.call("PUT", path, api.owner_key, {"n_answers": "5"}).json["n_answers"] == 5
    assert api.call("PUT", path, api.owner_key, {"n_answers": 5.5}).status_code == 400


def test_users_cannot_be_filtered_ordered_or_searched_by_what_is_hidden(api):
    leaks = [
        {"orderby": "email_addr"},
        {"orderby": "admin"},
        {"orderby": "created"},
        {"fullname": "Owner"},
        {"id": "2"},
        {"admin": "true"},
        {"privacy_mode": "false"},
        {"last_id": "1"},
        {"info": "token::secret"},
        {"info": "token::secret", "fulltextsearch": "1"},
        {"info": '{"token": "s"}'},
    ]
    for params in leaks:
        for key in (None, api.other_key):
            resp = api.call("GET", "/api/user", key, **params)
            assert resp.status_code in (401, 403), (params, key, resp.status_code)
        assert api.call("GET", "/api/user", api.admin_key, **params).status_code == 200, params
    assert api.call("GET", "/api/user", name="owner", orderby="name").json == [
        {"name": "owner", "locale": "en"}
    ]


def test_projects_cannot_be_filtered_by_settings_others_do_not_see(api):
    project = api.project("settings", allow_anonymous_contributors=False)
    for params in (
        {"published": "false"},
        {"allow_anonymous_contributors": "false"},
        {"orderby": "published"},
    ):
        for key in (None, api.other_key):  # a signed-in caller lists only theirs, but all=1
            resp = api.call("GET", "/api/project", key, all="1", **params)
            assert resp.status_code in (401, 403), (params, key, resp.status_code)
    own = api.call("GET", "/api/project", api.owner_key, allow_anonymous_contributors="false")
    assert [p["id"] for p in own.json] == [project["id"]]
    assert (
        api.call("GET", "/api/project", api.admin_key, all="1", published="false").status_code
        == 200
    )
