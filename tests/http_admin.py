"""The front page and the admin console's JSON pages, as a JavaScript front end drives them.

Imported by tests/unit (fakes) and tests/integration (SQLite, PostgreSQL) with
`from http_admin import *`; each folder provides the `api` fixture (admin, owner, other).
"""

import pytest

from http_account_views import CROSS_SITE, SAME_SITE
from http_accounts import Browser
from http_contract import assert_view_error

FEATURED = {
    "created": None,
    "description": None,
    "id": None,
    "name": "Featured",
    "short_name": "featured",
}
SUMMARY_KEYS = {
    "description",
    "id",
    "info",
    "n_tasks",
    "n_volunteers",
    "name",
    "overall_progress",
    "owner_id",
    "short_name",
}
ADMIN_USER_KEYS = {
    "admin",
    "confirmation_email_sent",
    "consent",
    "created",
    "email_addr",
    "fullname",
    "id",
    "info",
    "locale",
    "name",
    "privacy_mode",
    "subscribed",
    "valid_email",
}
ADMIN_PAGES = [
    "/admin/users",
    "/admin/users/add/2",
    "/admin/users/del/2",
    "/admin/categories",
    "/admin/categories/del/1",
    "/admin/categories/update/1",
]


def _admin_browser(api) -> Browser:
    """The admin signed in by the session cookie, holding a fresh form token."""
    browser = Browser(api)
    browser.get("/account/signin")
    signed_in = browser.post(
        "/account/signin", {"email": "admin@example.com", "password": "password-1"}
    )
    assert signed_in.json["status"] == "success"
    browser.get("/admin/users")
    return browser


def _user_id(api, name: str) -> int:
    return api.call("GET", "/api/user", api.admin_key, name=name).json[0]["id"]


def _category(api, name: str) -> dict:
    body = {"name": name, "short_name": name.lower(), "description": name}
    resp = api.call("POST", "/api/category", api.admin_key, body)
    assert resp.status_code == 200, resp.json
    return resp.json


def _published(api, short_name: str, **fields) -> dict:
    project = api.project(short_name, **fields)
    api.publish(project)
    return project


def _answer(api, project: dict, key: str) -> None:
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": {"seen": True}}
    assert api.call("POST", "/api/taskrun", key, body).status_code == 200


def _change_user(api, name: str, **values) -> None:
    with api.services.units_of_work() as uow:
        user = uow.users.get_by_name(name)
        for field, value in values.items():
            setattr(user, field, value)
        uow.commit()


def _names(projects: list[dict]) -> list[str]:
    return [p["short_name"] for p in projects]


def test_an_empty_site_has_only_the_featured_pseudo_category(api):
    assert api.call("GET", "/").json == {
        "categories": [FEATURED],
        "categories_projects": {"featured": []},
        "featured": [],
        "template": "/home/index.html",
        "top_projects": [],
        "top_users": [],
    }


def test_the_front_page_shows_published_projects_by_category_and_never_drafts(api):
    science = _category(api, "Science")
    birds, frogs = _published(api, "birds"), _published(api, "frogs", category_id=science["id"])
    stars = _published(api, "stars")
    api.project("hidden", category_id=science["id"])
    api.call("PUT", f"/api/project/{stars['id']}", api.admin_key, {"featured": True})
    for key in (api.admin_key, api.other_key):
        _answer(api, birds, key)
    _answer(api, frogs, api.other_key)
    page = api.call("GET", "/").json
    assert page["categories"][0] == FEATURED and page["template"] == "/home/index.html"
    assert [c["short_name"] for c in page["categories"][1:]] == ["thinking", "science"]
    projects = page["categories_projects"]
    assert {k: _names(v) for k, v in projects.items()} == {
        "thinking": ["birds", "stars"],
        "science": ["frogs"],
        "featured": ["stars"],
    }
    assert _names(page["top_projects"]) == ["birds", "frogs"]
    assert [p["n_volunteers"] for p in page["top_projects"]] == [2, 1]
    assert set(page["top_projects"][0]) == SUMMARY_KEYS
    assert "hidden" not in str(page) and page["categories"][2]["id"] == science["id"]


def test_top_users_are_contributors_shown_as_their_privacy_mode_allows(api):
    birds = _published(api, "birds")
    _answer(api, birds, api.other_key)
    _answer(api, birds, api.admin_key)
    _change_user(api, "other", privacy_mode=False)
    top = {u["name"]: u for u in api.call("GET", "/").json["top_users"]}
    assert set(top) == {"admin", "other"}
    assert "fullname" not in top["admin"] and top["other"]["fullname"] == "other"
    assert top["other"]["score"] == 1 and top["admin"]["score"] == 1
    assert not {"email_addr", "api_key", "passwd_hash"} & (set(top["admin"]) | set(top["other"]))


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_callers_get_a_401_json_body_not_a_redirect(api, path):
    resp = api.call("GET", path)
    assert_view_error(resp, 401)
    assert "Location" not in resp.headers


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_users_who_are_not_admins_get_a_403(api, path):
    assert_view_error(api.call("GET", path, api.owner_key), 403)


def test_non_admins_cannot_post_to_the_console(api):
    owner_id = _user_id(api, "owner")
    for path, body in (
        ("/admin/users", {"user": "o"}),
        ("/admin/categories", {"name": "X"}),
        (f"/admin/users/add/{owner_id}", None),
        ("/admin/categories/del/1", None),
        ("/admin/categories/update/1", {"name": "Y"}),
    ):
        assert_view_error(api.call("POST", path, api.owner_key, body), 403)
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 403


def test_the_admins_are_listed_without_api_keys_or_password_hashes(api):
    page = _admin_browser(api).get("/admin/users").json
    assert page["form"]["user"] == "" and page["form"]["errors"] == {} and page["form"]["csrf"]
    assert page["found"] == [] and page["template"] == "/admin/users.html"
    assert page["title"] == "Manage Admin Users"
    assert [u["name"] for u in page["users"]] == ["admin"]
    assert set(page["users"][0]) == ADMIN_USER_KEYS
    assert page["users"][0]["email_addr"] == "admin@example.com"


def test_a_search_matches_name_full_name_or_email_in_any_case(api):
    browser = _admin_browser(api)
    _change_user(api, "other", fullname="Fox Mulder")
    by_email = browser.post("/admin/users", {"user": "OWNER@EXAMPLE"}).json
    assert [u["name"] for u in by_email["found"]] == ["owner"]
    assert by_email["form"]["user"] == "OWNER@EXAMPLE" and by_email["users"]
    assert [u["name"] for u in browser.post("/admin/users", {"user": "mulder"}).json["found"]] == [
        "other"
    ]
    assert set(browser.post("/admin/users", {"user": "o"}).json["found"][0]) == ADMIN_USER_KEYS
    assert browser.post("/admin/users", {"user": "%"}).json["found"] == []
    assert browser.post("/admin/users", {"user": ""}).json["found"] == []


def test_a_cookie_search_needs_the_token_and_an_api_key_search_does_not(api):
    browser = _admin_browser(api)
    refused = browser.post("/admin/users", {"user": "owner"}, csrf=False)
    assert refused.status_code == 400 and "CSRF" in refused.json["description"]
    found = api.call("POST", "/admin/users", api.admin_key, {"user": "owner"})
    assert [u["name"] for u in found.json["found"]] == ["owner"]


def test_a_signed_in_admin_grants_and_takes_away_the_admin_right_by_a_plain_get(api):
    browser, owner_id = _admin_browser(api), _user_id(api, "owner")
    granted = browser.get(f"/admin/users/add/{owner_id}")  # the cookie, no X-CSRFToken
    assert granted.status_code == 200 and granted.json == {"next": "/admin/users"}
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 200
    assert [u["name"] for u in browser.get("/admin/users").json["users"]] == ["admin", "owner"]
    taken = browser.get(f"/admin/users/del/{owner_id}")
    assert taken.status_code == 200 and taken.json == {"next": "/admin/users"}
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 403


def test_a_right_change_by_post_still_needs_the_token_with_a_cookie(api):
    browser, owner_id = _admin_browser(api), _user_id(api, "owner")
    refused = browser.post(f"/admin/users/add/{owner_id}", csrf=False)
    assert refused.status_code == 400 and "CSRF" in refused.json["description"]
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 403
    assert browser.post(f"/admin/users/add/{owner_id}").json == {"next": "/admin/users"}
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 200
    assert api.call("POST", f"/admin/users/del/{owner_id}", api.admin_key).status_code == 200
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 403


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_right_change_another_site_sent_is_refused(api, headers):
    browser, owner_id = _admin_browser(api), _user_id(api, "owner")
    added = browser.get(f"/admin/users/add/{owner_id}", headers=headers)
    assert_view_error(added, 403)
    assert "another site" in added.json["description"]
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 403
    assert api.call("GET", f"/admin/users/add/{owner_id}", api.admin_key).status_code == 200
    assert_view_error(browser.get(f"/admin/users/del/{owner_id}", headers=headers), 403)
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 200


@pytest.mark.parametrize("headers", SAME_SITE)
def test_a_right_change_from_this_site_or_a_typed_address_works(api, headers):
    browser, owner_id = _admin_browser(api), _user_id(api, "owner")
    assert browser.get(f"/admin/users/add/{owner_id}", headers=headers).status_code == 200
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 200
    assert browser.get(f"/admin/users/del/{owner_id}", headers=headers).status_code == 200
    assert api.call("GET", "/admin/users", api.owner_key).status_code == 403


def test_an_unknown_user_is_a_404_for_an_admin_signed_in_by_the_cookie(api):
    browser = _admin_browser(api)
    for path in ("/admin/users/add/999", "/admin/users/del/999"):
        assert_view_error(browser.get(path), 404)


def test_an_unknown_user_is_404_and_an_admin_keeps_their_own_right(api):
    assert_view_error(api.call("GET", "/admin/users/add/999", api.admin_key), 404)
    assert_view_error(api.call("GET", "/admin/users/del/abc", api.admin_key), 404)
    own = api.call("GET", f"/admin/users/del/{_user_id(api, 'admin')}", api.admin_key)
    assert_view_error(own, 403)
    assert "own admin rights" in own.json["description"]
    assert api.call("GET", "/admin/users", api.admin_key).status_code == 200


def test_the_categories_page_counts_the_projects_of_each_category(api):
    api.project("birds")
    page = api.call("GET", "/admin/categories", api.admin_key).json
    assert page["form"]["errors"] == {} and page["form"]["csrf"]
    assert {k: page["form"][k] for k in ("description", "id", "name")} == dict.fromkeys(
        ("description", "id", "name")
    )
    assert page["template"] == "admin/categories.html" and page["title"] == "Categories"
    assert set(page["n_projects_per_category"]) == {c["short_name"] for c in page["categories"]}
    assert page["n_projects_per_category"]["thinking"] == 1
    assert set(page["categories"][0]) == {
        "created",
        "description",
        "id",
        "info",
        "name",
        "short_name",
    }


def test_an_admin_adds_a_category_whose_short_name_comes_from_the_name(api):
    browser = _admin_browser(api)
    added = browser.post(
        "/admin/categories", {"name": "Bench Category", "description": "for tests"}
    ).json
    assert (added["flash"], added["status"]) == ("Category added", "success")
    assert added["form"]["name"] == "Bench Category" and added["form"]["errors"] == {}
    new = [c for c in added["categories"] if c["short_name"] == "benchcategory"]
    assert new and new[0]["description"] == "for tests"
    assert added["n_projects_per_category"]["benchcategory"] == 0


def test_category_form_mistakes_answer_200_with_errors_per_field(api):
    browser = _admin_browser(api)
    before = len(api.call("GET", "/admin/categories", api.admin_key).json["categories"])
    for name in ("", "  ", "Thinking", "thin king", "Featured"):
        resp = browser.post("/admin/categories", {"name": name, "description": "d"})
        assert resp.status_code == 200 and resp.json["status"] == "error", name
        assert resp.json["form"]["errors"]["name"] and resp.json["categories"]
    after = api.call("GET", "/admin/categories", api.admin_key).json["categories"]
    assert len(after) == before


def test_category_posts_need_the_token_with_a_cookie_but_not_with_an_api_key(api):
    browser = _admin_browser(api)
    refused = browser.post("/admin/categories", {"name": "Art"}, csrf=False)
    assert refused.status_code == 400 and "CSRF" in refused.json["description"]
    added = api.call("POST", "/admin/categories", api.admin_key, {"name": "Art"})
    assert added.json["status"] == "success"


def test_a_category_is_shown_then_deleted(api):
    category, browser = _category(api, "Science"), _admin_browser(api)
    path = f"/admin/categories/del/{category['id']}"
    shown = browser.get(path).json
    assert shown["category"]["short_name"] == "science" and shown["form"]["csrf"]
    assert (shown["template"], shown["title"]) == ("admin/del_category.html", "Delete Category")
    assert browser.post(path).json == {
        "flash": "Category deleted",
        "next": "/admin/categories",
        "status": "success",
    }
    assert_view_error(browser.get(path), 404)


def test_a_category_that_still_has_projects_is_not_deleted(api):
    category = _category(api, "Science")
    api.project("birds", category_id=category["id"])
    api.project("frogs", category_id=category["id"])
    resp = api.call("POST", f"/admin/categories/del/{category['id']}", api.admin_key)
    assert resp.status_code == 409
    assert resp.json == {
        "flash": "The category has 2 projects: move them to another category first",
        "next": "/admin/categories",
        "status": "error",
    }
    assert api.call("GET", f"/api/category/{category['id']}").status_code == 200


def test_the_last_category_is_not_deleted(api):
    *others, last = api.call("GET", "/api/category").json
    for category in others:
        api.call("POST", f"/admin/categories/del/{category['id']}", api.admin_key)
    resp = api.call("POST", f"/admin/categories/del/{last['id']}", api.admin_key)
    assert resp.status_code == 409 and resp.json["status"] == "error"
    assert "only available category" in resp.json["flash"]
    assert [c["id"] for c in api.call("GET", "/api/category").json] == [last["id"]]


def test_an_admin_updates_a_category_and_its_short_name_stays(api):
    category, browser = _category(api, "Science"), _admin_browser(api)
    path = f"/admin/categories/update/{category['id']}"
    shown = browser.get(path).json
    assert (shown["template"], shown["title"]) == ("admin/update_category.html", "Update Category")
    assert {k: shown["form"][k] for k in ("id", "name", "description", "errors")} == {
        "id": category["id"],
        "name": "Science",
        "description": "Science",
        "errors": {},
    }
    done = browser.post(path, {"name": "Natural Science", "description": "New"})
    assert done.json == {
        "flash": "Category updated",
        "next": "/admin/categories",
        "status": "success",
    }
    stored = api.call("GET", f"/api/category/{category['id']}").json
    assert (stored["name"], stored["short_name"], stored["description"]) == (
        "Natural Science",
        "science",
        "New",
    )
    bad = browser.post(path, {"name": "", "description": "x"}).json
    assert bad["status"] == "error" and bad["form"]["errors"]["name"]
    assert bad["category"]["name"] == "Natural Science"
    assert_view_error(api.call("GET", "/admin/categories/update/999", api.admin_key), 404)
