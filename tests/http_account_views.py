"""PYBOSSA's documented account behaviour: the public profile, the sign-in form's errors,
the newsletter, and the GETs that change state (refused when another site sent them).

Imported by tests/unit (fakes) and tests/integration (SQLite, PostgreSQL) with
`from http_account_views import *`; each folder provides the `api` fixture.
"""

import pytest

from http_accounts import PASSWORD, Browser, _mailed_link, _register
from http_contract import assert_view_error

# The TestClient's own origin, and what browsers send with a request another site made.
OWN_ORIGIN = "http://falconframework.org"
CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Referer": "https://evil.example/page.html"},
    {"Referer": "http://falconframework.org.evil.example/"},
    {"Sec-Fetch-Site": "cross-site", "Origin": OWN_ORIGIN},
]
# The browser's Sec-Fetch-Site wins over Origin and Referer (which a proxy that rewrites the
# Host header would make look foreign).
SAME_SITE = [
    {},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://falconframework.org:8080"},
    {"Origin": OWN_ORIGIN},
    {"Referer": OWN_ORIGIN + ":80/account/dana/"},
    {"Referer": "https://falconframework.org/admin/users"},
    {
        "Sec-Fetch-Site": "same-origin",
        "Origin": OWN_ORIGIN,
        "Referer": OWN_ORIGIN + "/account/profile",
    },
]


def _answer_as(api, key: str, project: dict) -> None:
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": {"seen": True}}
    assert api.call("POST", "/api/taskrun", key, body).status_code == 200


def test_a_public_profile_has_the_documented_keys_and_the_full_name(api):
    browser = _register(api)
    key = browser.get("/account/profile").json["user"]["api_key"]
    birds = api.project("birds")
    api.publish(birds)
    _answer_as(api, key, birds)
    for viewer in (None, api.other_key, api.admin_key):
        page = api.call("GET", "/account/dana", viewer).json
        assert page["template"] == "/account/public_profile.html"
        assert [p["short_name"] for p in page["projects_contrib"]] == ["birds"]
        assert page["projects"] == page["projects_contrib"] and page["projects_created"] == []
        user = page["user"]
        assert (user["name"], user["fullname"]) == ("dana", "Dana Scully")
        assert {"created", "info", "n_answers", "rank", "registered_ago", "score"} <= set(user)
        assert not {"admin", "api_key", "email_addr", "id", "passwd_hash", "valid_email"} & set(
            user
        )
    created = api.call("GET", "/account/owner").json["projects_created"]
    assert [p["short_name"] for p in created] == ["birds"]
    own = browser.get("/account/dana").json
    assert own["user"]["api_key"] == key and own["user"]["email_addr"] == "dana@example.com"
    assert [p["short_name"] for p in own["projects_contrib"]] == ["birds"]


@pytest.mark.parametrize(
    ("sent", "fields"),
    [
        ({"email": "", "password": PASSWORD}, {"email"}),
        ({"email": "dana", "password": PASSWORD}, {"email"}),
        ({"email": "dana@example.com", "password": ""}, {"password"}),
        ({"email": "ghost@example.com", "password": ""}, {"password"}),
        ({}, {"email", "password"}),
    ],
)
def test_an_empty_or_malformed_sign_in_form_answers_errors_per_field(api, sent, fields):
    _register(api)
    browser = Browser(api)
    browser.get("/account/signin")
    resp = browser.post("/account/signin", sent)
    assert resp.status_code == 200
    assert (resp.json["status"], resp.json["flash"]) == ("error", "Please correct the errors")
    assert set(resp.json["form"]["errors"]) == fields and resp.json["form"]["password"] == ""
    assert resp.json["template"] == "account/signin.html"
    assert browser.get("/account/profile").json["status"] == "not_signed_in"


def test_an_empty_password_gets_the_same_answer_whether_or_not_the_account_exists(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/signin")
    answers = []
    for email in ("dana@example.com", "ghost@example.com"):
        page = browser.post("/account/signin", {"email": email, "password": ""}).json
        answers.append({**page, "form": {**page["form"], "csrf": None, "email": None}})
    assert answers[0] == answers[1]


@pytest.mark.parametrize("params", [{}, {"subscribe": "true"}])
def test_the_newsletter_needs_a_signed_in_user(api, params):
    resp = api.client.simulate_get("/account/newsletter", params=params or None)
    assert_view_error(resp, 401)


def _unsubscribed(api) -> Browser:
    """Dana, signed in, who unsubscribed (new accounts are subscribed)."""
    browser = _register(api)
    browser.get("/account/dana/update")
    resp = browser.post("/account/dana/update", {"btn": "Profile", "subscribed": False})
    assert resp.json["status"] == "success", resp.json
    return browser


def test_the_newsletter_page_and_subscribing(api):
    browser = _unsubscribed(api)
    assert browser.get("/account/newsletter").json == {
        "next": "/",
        "template": "account/newsletter.html",
        "title": "Subscribe to our Newsletter",
    }
    assert browser.get("/account/profile").json["user"]["subscribed"] is False
    assert browser.get("/account/newsletter", subscribe="true").json == {
        "flash": "You are subscribed to our newsletter",
        "next": "/",
        "status": "success",
    }
    assert browser.get("/account/profile").json["user"]["subscribed"] is True


STATE_CHANGING_GETS = [
    ("/account/newsletter", {"subscribe": "true"}),
    ("/account/dana/export", {}),
    ("/account/confirm-email", {}),
    ("/account/signout", {}),
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_account_gets_that_change_state_are_refused_when_another_site_sent_them(api, headers):
    browser = _unsubscribed(api)
    mails = len(api.services.mailer.sent)
    for path, params in STATE_CHANGING_GETS:
        resp = browser.get(path, headers=headers, **params)
        assert_view_error(resp, 403)
        assert "another site" in resp.json["description"]
    me = browser.get("/account/profile").json["user"]
    assert me["subscribed"] is False and len(api.services.mailer.sent) == mails


@pytest.mark.parametrize("headers", SAME_SITE)
def test_account_gets_that_change_state_work_from_this_site_or_a_typed_address(api, headers):
    browser = _unsubscribed(api)
    mails = len(api.services.mailer.sent)
    answers = [
        browser.get(path, headers=headers, **params).json["status"]
        for path, params in STATE_CHANGING_GETS[:3]
    ]
    assert answers == ["success", "success", "info"]
    assert browser.get("/account/profile").json["user"]["subscribed"] is True
    assert len(api.services.mailer.sent) == mails + 2
    assert browser.get("/account/signout", headers=headers).json["status"] == "success"
    assert browser.get("/account/profile").json["status"] == "not_signed_in"


def test_a_mailed_confirmation_link_works_when_a_webmail_on_another_site_opens_it(api):
    browser = _register(api)
    browser.get("/account/confirm-email")
    key = _mailed_link(api, "/account/confirm-email")
    resp = browser.get("/account/confirm-email", headers={"Sec-Fetch-Site": "cross-site"}, key=key)
    assert resp.json["status"] == "success"
