"""PYBOSSA's shapes of the web views: their error body, forms' csrf_token, the sign-in
redirect of browsers and the 308s to canonical paths.

Shared like http_contract: `from http_view_shapes import *` where an `api` fixture exists.
"""

import pytest

from http_accounts import Browser
from http_contract import assert_error, assert_view_error

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def _published(api, short_name="shapes") -> dict:
    project = api.project(short_name)
    api.publish(project)
    return project


def test_web_view_errors_are_code_description_template_and_the_api_keeps_its_envelope(api):
    missing = api.call("GET", "/project/no-such-project/")
    assert_view_error(missing, 404)
    assert "project" in missing.json["description"]
    assert_error(api.call("GET", "/api/project/999999"), 404, "NotFound", "project")
    assert_view_error(api.call("GET", "/admin/users", api.owner_key), 403)
    assert_view_error(api.call("GET", "/admin/users"), 401)


def test_a_csrf_failure_and_a_bad_body_of_a_view_take_the_view_shape(api):
    browser = Browser(api)
    browser.get("/account/register")
    refused = browser.post("/account/signin", {"email": "a@b.org", "password": "x"}, csrf=False)
    assert_view_error(refused, 400)
    assert "CSRF" in refused.json["description"]
    malformed = browser.client.simulate_post(
        "/account/signin",
        body="{not json",
        headers={"Content-Type": "application/json", "X-CSRFToken": browser.csrf},
        cookies=browser.cookies,
    )
    assert_view_error(malformed, 400)


def test_a_views_refusal_of_field_values_carries_its_errors_and_a_flash(api):
    project = api.project("unready")
    refused = api.call("POST", "/project/unready/publish", api.owner_key)
    assert_view_error(refused, 403)
    assert refused.json["errors"]["tasks"] and refused.json["status"] == "error"
    assert refused.json["flash"] == refused.json["description"]
    assert api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["published"] is (
        False
    )


def test_every_form_carries_csrf_and_an_empty_csrf_token(api):
    browser = Browser(api)
    for path in ("/account/register", "/account/signin", "/account/forgot-password"):
        form = browser.get(path).json["form"]
        assert form["csrf"] and form["csrf_token"] == "", path
    admin_form = api.call("GET", "/admin/categories", api.admin_key).json["form"]
    assert admin_form["csrf"] and admin_form["csrf_token"] == ""


def _found_user(api, name: str) -> dict:
    found = api.call("POST", "/admin/users", api.admin_key, {"user": name}).json["found"]
    return next(user for user in found if user["name"] == name)


@pytest.mark.parametrize(
    "sent, stored",
    [(True, True), (False, False), ("y", True), (None, False), ("", False)],
)
def test_the_register_form_asks_for_consent_and_the_account_keeps_the_answer(api, sent, stored):
    browser = Browser(api)
    form = browser.get("/account/register").json["form"]
    assert form["consent"] is False and form["csrf_token"] == ""
    body = {
        "name": "dana",
        "fullname": "Dana Scully",
        "email_addr": "dana@example.com",
        "password": "s3cret-password",
        "confirm": "s3cret-password",
    }
    if sent is not None:
        body["consent"] = sent
    assert browser.post("/account/register", body).json["status"] == "success"
    assert _found_user(api, "dana")["consent"] is stored


def test_a_refused_registration_echoes_consent_and_a_bad_one_is_a_400(api):
    browser = Browser(api)
    browser.get("/account/register")
    refused = browser.post("/account/register", {"name": "x", "consent": True}).json
    assert refused["status"] == "error" and refused["form"]["consent"] is True
    assert_view_error(browser.post("/account/register", {"name": "y", "consent": [1]}), 400)


@pytest.mark.parametrize("path", ["/admin/users", "/admin/categories"])
def test_a_browser_that_is_not_signed_in_is_sent_to_the_sign_in_page(api, path):
    resp = api.client.simulate_get(path, headers=HTML)
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/account/signin?next=" + path.replace("/", "%2F")
    for headers in (
        {},
        {"Accept": "application/json"},
        {**HTML, "Content-Type": "application/json"},
    ):
        assert_view_error(api.client.simulate_get(path, headers=headers), 401)


def test_a_browser_on_a_drafts_page_is_sent_to_sign_in_and_the_api_keeps_its_401(api):
    draft = api.project("drafty")
    resp = api.client.simulate_get("/project/drafty/", headers=HTML)
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/account/signin?next=%2Fproject%2Fdrafty%2F"
    api_resp = api.client.simulate_get(f"/api/project/{draft['id']}", headers=HTML)
    assert_error(api_resp, 401, "Unauthorized", "project")


def test_a_project_page_without_its_slash_is_a_308_to_it(api):
    _published(api)
    resp = api.client.simulate_get("/project/shapes", query_string="lang=en")
    assert resp.status_code == 308
    assert resp.headers["Location"] == "/project/shapes/?lang=en"
    assert api.call("GET", "/project/shapes/").status_code == 200
    tasks = api.client.simulate_get("/project/shapes/tasks")
    assert (tasks.status_code, tasks.headers["Location"]) == (308, "/project/shapes/tasks/")


def test_a_308_location_is_percent_encoded_whatever_the_path_holds(api):
    for sent, moved in (
        ("/project/a%0D%0ASet-Cookie:x", "/project/a%0D%0ASet-Cookie:x/"),
        ("/project/caf%C3%A9", "/project/caf%C3%A9/"),
        ("/project/50%25", "/project/50%25/"),
        ("/project/category/a%0Ab", "/project/category/a%0Ab/"),
    ):
        resp = api.client.simulate_get(sent, query_string="q=a%20b&next=/x")
        assert resp.status_code == 308, sent
        assert resp.headers["Location"] == moved + "?q=a%20b&next=/x", sent
    assert "Set-Cookie" not in api.client.simulate_get("/project/a%0D%0ASet-Cookie:x").headers


def test_a_listings_first_page_is_a_308_to_the_listing(api):
    first = api.client.simulate_get("/account/page/1/")
    assert (first.status_code, first.headers["Location"]) == (308, "/account/")
    assert api.call("GET", "/account/").json["pagination"]["page"] == 1
    assert_view_error(api.call("GET", "/account/page/2"), 404)  # past the end, not moved


def test_api_paths_take_a_trailing_slash_or_none_as_before(api):
    project = _published(api)
    for path in ("/api/project", "/api/project/", f"/api/project/{project['id']}/"):
        assert api.call("GET", path).status_code == 200, path


@pytest.mark.parametrize("path", ["//leaderboard", "//stats", "///admin"])
def test_a_path_with_doubled_slashes_is_redirected_on_this_site_never_to_another_host(api, path):
    # "//stats/" in a Location is another host (named "stats") to a browser
    resp = api.client.simulate_get(path)
    assert resp.status_code == 308
    assert resp.headers["Location"] == "/" + path.lstrip("/") + "/"
