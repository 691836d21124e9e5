"""The JSON account endpoints as a PYBOSSA JavaScript front end drives them.

Imported by tests/unit (fakes) and tests/integration (SQLite, PostgreSQL) with
`from http_accounts import *`; each folder provides the `api` fixture, whose services record
mail (api.services.mailer.sent) and run jobs inline.
"""

import dataclasses
import io
import re
import zipfile
from datetime import timedelta

from falcon import testing
from PIL import Image

from entrypoints.wsgi import create_app
from http_contract import assert_view_error

PASSWORD = "s3cret-password"


def served_again(api, **settings) -> None:
    """Serve the api's services (with these settings changed) by a new app: resources take
    their collaborators and settings when the app is built."""
    if settings:
        api.services.settings = dataclasses.replace(api.services.settings, **settings)
    api.client = testing.TestClient(create_app(api.services))


class Browser:
    """A cookie-keeping client that reads CSRF tokens from forms, as a front end does."""

    def __init__(self, api) -> None:
        self.api = api
        self.client = testing.TestClient(api.client.app)
        self.cookies: dict[str, str] = {}
        self.csrf = None

    def get(self, path: str, headers=None, **params):
        resp = self.client.simulate_get(
            path, params=params or None, headers=headers, cookies=self.cookies
        )
        self._keep(resp)
        return resp

    def post(self, path: str, body=None, csrf=True, **kwargs):
        headers = {"X-CSRFToken": self.csrf} if csrf and self.csrf else {}
        payload = {"body": body} if isinstance(body, bytes | str) else {"json": body}
        resp = self.client.simulate_post(
            path, headers=headers, cookies=self.cookies, **payload, **kwargs
        )
        self._keep(resp)
        return resp

    def _keep(self, resp) -> None:
        for name, cookie in resp.cookies.items():
            self.cookies[name] = cookie.value
        form = (
            resp.json.get("form")
            if resp.content_type.startswith("application/json") and isinstance(resp.json, dict)
            else None
        )
        if isinstance(form, dict) and form.get("csrf"):
            self.csrf = form["csrf"]


def _register(api, name="dana", email="dana@example.com", password=PASSWORD) -> Browser:
    browser = Browser(api)
    browser.get("/account/register")
    resp = browser.post(
        "/account/register",
        {
            "name": name,
            "fullname": "Dana Scully",
            "email_addr": email,
            "password": password,
            "confirm": password,
        },
    )
    assert resp.json == {"flash": "Thanks for signing-up", "next": "/", "status": "success"}
    return browser


def _mailed_link(api, path: str) -> str:
    body = api.services.mailer.sent[-1].body
    return re.search(re.escape(path) + r"\?key=([^\s]+)", body).group(1)


def test_the_register_form_gives_a_csrf_token_and_posting_without_it_is_refused(api):
    browser = Browser(api)
    page = browser.get("/account/register").json
    assert page["title"] == "Register" and page["form"]["csrf"] and page["form"]["errors"] == {}
    assert "session" in browser.cookies
    refused = browser.post("/account/register", {"name": "x"}, csrf=False)
    assert refused.status_code == 400 and "CSRF" in refused.json["description"]


def test_registering_signs_the_user_in(api):
    browser = _register(api)
    me = browser.get("/account/profile").json
    assert me["user"]["name"] == "dana" and me["user"]["api_key"]
    assert me["user"]["email_addr"] == "dana@example.com" and "passwd_hash" not in me["user"]


def test_registration_errors_come_back_per_field_without_the_password(api):
    browser = Browser(api)
    browser.get("/account/register")
    resp = browser.post(
        "/account/register",
        {
            "name": "owner",
            "fullname": "X",
            "email_addr": "nope",
            "password": "short",
            "confirm": "other",
        },
    )
    assert resp.status_code == 200 and resp.json["status"] == "error"
    errors = resp.json["form"]["errors"]
    assert {"name", "fullname", "email_addr", "password"} <= set(errors)
    assert resp.json["form"]["password"] == "" and resp.json["form"]["name"] == "owner"


def test_sign_in_answers_a_wrong_password_and_an_unknown_email_alike(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/signin")
    wrong = browser.post("/account/signin", {"email": "dana@example.com", "password": "x"})
    assert wrong.json["status"] == "error" and "Incorrect" in wrong.json["flash"]
    unknown = browser.post("/account/signin", {"email": "who@example.com", "password": "x"})
    assert {k: unknown.json[k] for k in ("status", "flash")} == {
        k: wrong.json[k] for k in ("status", "flash")
    }
    right = browser.post("/account/signin", {"email": "dana@example.com", "password": PASSWORD})
    assert right.json == {"flash": "Welcome back Dana Scully", "next": "/", "status": "success"}
    assert browser.get("/account/signin").json == {"next": "/"}


def test_repeated_failed_sign_ins_to_one_account_are_throttled_with_a_429(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/signin")
    for _ in range(10):
        resp = browser.post("/account/signin", {"email": "dana@example.com", "password": "x"})
        assert resp.status_code == 200
    resp = browser.post("/account/signin", {"email": "DANA@example.com", "password": PASSWORD})
    assert resp.status_code == 429 and resp.json["code"] == 429
    assert int(resp.headers["Retry-After"]) >= 1
    other = browser.post("/account/signin", {"email": "who@example.com", "password": "x"})
    assert other.status_code == 200  # another account still has its own budget


def test_reset_mails_to_one_address_are_limited_whether_or_not_it_is_registered(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/forgot-password")
    for address in ("dana@example.com", "ghost@example.com"):
        answers = [
            browser.post("/account/forgot-password", {"email_addr": address}) for _ in range(4)
        ]
        assert [r.status_code for r in answers] == [200, 200, 200, 429]
        assert "Retry-After" in answers[-1].headers
    assert len([m for m in api.services.mailer.sent if "dana@" in str(m)]) <= 3 + 1


def test_signing_out_makes_a_copy_of_the_old_cookie_worthless(api):
    browser = _register(api)
    kept = dict(browser.cookies)
    browser.get("/account/signout")
    thief = Browser(api)
    thief.cookies = kept
    assert thief.get("/account/profile").json["status"] == "not_signed_in"


def test_signing_out_everywhere_ends_every_session_of_the_user(api):
    laptop = _register(api)
    phone = Browser(api)
    phone.get("/account/signin")
    phone.post("/account/signin", {"email": "dana@example.com", "password": PASSWORD})
    assert phone.get("/account/profile").json["user"]["name"] == "dana"
    laptop.get("/account/dana/signout-everywhere")
    done = laptop.post("/account/dana/signout-everywhere")
    assert done.json["status"] == "success"
    assert phone.get("/account/profile").json["status"] == "not_signed_in"
    assert laptop.get("/account/profile").json["status"] == "not_signed_in"


def test_a_password_change_or_api_key_reset_ends_the_other_sessions_only(api):
    here = _register(api)
    for change in ("password", "api key"):
        there = Browser(api)
        there.get("/account/signin")
        password = PASSWORD if change == "password" else "n3w-password"
        there.post("/account/signin", {"email": "dana@example.com", "password": password})
        assert there.get("/account/profile").json["user"]["name"] == "dana"
        here.get("/account/dana/update")
        if change == "password":
            here.post(
                "/account/dana/update",
                {
                    "btn": "Password",
                    "current_password": PASSWORD,
                    "new_password": "n3w-password",
                    "confirm": "n3w-password",
                },
            )
        else:
            here.post("/account/dana/resetapikey")
        assert there.get("/account/profile").json["status"] == "not_signed_in", change
        assert here.get("/account/profile").json["user"]["name"] == "dana", change


def test_user_names_are_unique_regardless_of_case(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/register")
    resp = browser.post(
        "/account/register",
        {
            "name": "DANA",
            "fullname": "Another Dana",
            "email_addr": "dana2@example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert resp.json["status"] == "error" and resp.json["form"]["errors"]["name"]


def test_signing_out_ends_the_session(api):
    browser = _register(api)
    assert browser.get("/account/signout").json["status"] == "success"
    assert browser.get("/account/profile").json == {
        "next": "/account/signin",
        "status": "not_signed_in",
    }


def test_a_forgotten_password_is_reset_through_a_single_use_mailed_key(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/forgot-password")
    sent = browser.post("/account/forgot-password", {"email_addr": "dana@example.com"})
    assert sent.json["status"] == "success"
    key = _mailed_link(api, "/account/reset-password")
    assert browser.get("/account/reset-password", key=key).json["form"]["csrf"]
    done = browser.post(
        f"/account/reset-password?key={key}",
        {"new_password": "n3w-password", "confirm": "n3w-password"},
    )
    assert done.json["status"] == "success"
    assert browser.get("/account/reset-password", key=key).status_code >= 400
    assert browser.get("/account/reset-password", key=key + "x").status_code >= 400


def test_an_unknown_email_gets_no_reset_mail_but_the_same_answer(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/forgot-password")
    known = browser.post("/account/forgot-password", {"email_addr": "dana@example.com"})
    before = len(api.services.mailer.sent)
    resp = browser.post("/account/forgot-password", {"email_addr": "ghost@example.com"})
    assert len(api.services.mailer.sent) == before
    assert {k: resp.json.get(k) for k in ("status", "flash", "next")} == {
        k: known.json.get(k) for k in ("status", "flash", "next")
    }


def test_profile_and_password_forms_update_the_account(api):
    browser = _register(api)
    page = browser.get("/account/dana/update").json
    assert page["form"]["name"] == "dana" and page["password_form"]["csrf"]
    ok = browser.post("/account/dana/update", {"btn": "Profile", "fullname": "Dana K. Scully"})
    assert ok.json["status"] == "success"
    bad = browser.post(
        "/account/dana/update",
        {
            "btn": "Password",
            "current_password": "x",
            "new_password": "n3w-password",
            "confirm": "n3w-password",
        },
    )
    assert (
        bad.json["status"] == "error" and "current_password" in bad.json["password_form"]["errors"]
    )
    good = browser.post(
        "/account/dana/update",
        {
            "btn": "Password",
            "current_password": PASSWORD,
            "new_password": "n3w-password",
            "confirm": "n3w-password",
        },
    )
    assert good.json["status"] == "success"
    assert browser.get("/account/profile").json["user"]["fullname"] == "Dana K. Scully"


def _multipart(fields: dict, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "b0undary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="avatar"; '
        f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_an_avatar_is_cropped_and_stored_and_a_non_image_is_refused(api):
    browser = _register(api)
    browser.get("/account/dana/update")
    picture = io.BytesIO()
    Image.new("RGB", (300, 200), "red").save(picture, "PNG")
    body, content_type = _multipart(
        {"btn": "Upload", "x1": 10, "y1": 10, "x2": 100, "y2": 100}, "me.png", picture.getvalue()
    )
    ok = browser.post("/account/dana/update", body=body, content_type=content_type)
    assert ok.json["status"] == "success", ok.json
    info = browser.get("/account/profile").json["user"]["info"]
    assert info["avatar"].endswith(".png") and info["container"]
    body, content_type = _multipart({"btn": "Upload"}, "me.png", b"not-an-image at all")
    bad = browser.post("/account/dana/update", body=body, content_type=content_type)
    assert bad.json["status"] == "error" and bad.json["upload_form"]["errors"]


def test_the_api_key_can_be_rotated(api):
    browser = _register(api)
    old_key = browser.get("/account/profile").json["user"]["api_key"]
    browser.get("/account/dana/resetapikey")
    assert browser.post("/account/dana/resetapikey").json["flash"] == "New API-KEY generated"
    assert api.call("GET", "/api/project", old_key).status_code == 401
    assert browser.get("/account/profile").json["user"]["api_key"] != old_key


def test_newsletter_and_email_confirmation(api):
    browser = _register(api)
    assert browser.get("/account/newsletter", subscribe="true").json["status"] == "success"
    assert browser.get("/account/confirm-email").json["status"] == "info"
    key = _mailed_link(api, "/account/confirm-email")
    assert browser.get("/account/confirm-email", key=key).json["status"] == "success"
    assert browser.get("/account/profile").json["user"]["valid_email"] is True
    assert "already" in browser.get("/account/confirm-email").json["flash"]


def test_the_data_export_is_mailed_and_downloadable_only_by_its_owner(api):
    browser = _register(api)
    assert browser.get("/account/dana/export").json["flash"] == "GDPR export started"
    link = re.search(r"(/account/dana/export/[^\s]+)", api.services.mailer.sent[-1].body)[1]
    archive = browser.get(link)
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "user.json" in names
    assert api.call("GET", link, api.other_key).status_code in (403, 404)
    assert api.client.simulate_get(link).status_code in (401, 404)


def test_deleting_an_account_needs_a_post_with_the_token(api):
    browser = _register(api)
    assert browser.get("/account/dana/delete").json["form"]["csrf"]
    assert browser.get("/account/dana").status_code == 200
    assert browser.post("/account/dana/delete", csrf=False).status_code == 400
    assert browser.post("/account/dana/delete").json["job"] == "enqueued"
    assert api.call("GET", "/account/dana").status_code == 404


def test_others_see_a_public_profile_without_private_fields(api):
    _register(api)
    public = api.call("GET", "/account/dana").json
    assert public["user"]["name"] == "dana"
    assert not {"email_addr", "api_key", "passwd_hash"} & set(public["user"])
    community = api.call("GET", "/account/").json
    assert community["pagination"]["page"] == 1 and community["accounts"]


def test_a_cookie_session_needs_the_token_for_forms_but_not_for_json_api_calls(api):
    browser = _register(api)
    body = {"name": "Cookie", "short_name": "cookie", "description": "d"}
    assert browser.post("/api/project", body, csrf=False).status_code == 200
    form = browser.client.simulate_post(
        "/api/project",
        body="name=x",
        content_type="application/x-www-form-urlencoded",
        cookies=browser.cookies,
    )
    assert form.status_code == 400


def test_account_pages_of_other_users_are_refused(api):
    _register(api)
    assert_view_error(api.call("GET", "/account/dana/update", api.other_key), 403)
    assert api.call("GET", "/account/nobody").status_code == 404


def test_an_oversized_avatar_is_refused_in_the_form(api):
    browser = _register(api)
    browser.get("/account/dana/update")
    limit = api.services.settings.max_avatar_bytes
    body, content_type = _multipart({"btn": "Upload"}, "big.png", b"x" * (limit + 10))
    resp = browser.post("/account/dana/update", body=body, content_type=content_type)
    assert resp.json["status"] == "error"
    assert "larger" in resp.json["upload_form"]["errors"]["avatar"][0]


def test_an_expired_reset_key_is_refused(api):
    _register(api)
    browser = Browser(api)
    browser.get("/account/forgot-password")
    browser.post("/account/forgot-password", {"email_addr": "dana@example.com"})
    key = _mailed_link(api, "/account/reset-password")
    real_clock = api.services.clock
    api.services.clock = lambda: real_clock() + timedelta(days=2)
    served_again(api)
    assert Browser(api).get("/account/reset-password", key=key).status_code >= 400


def test_in_confirmation_mode_registering_mails_a_link_that_creates_the_account(api):
    served_again(api, account_confirmation=True)
    browser = Browser(api)
    browser.get("/account/register")
    resp = browser.post(
        "/account/register",
        {
            "name": "fox",
            "fullname": "Fox Mulder",
            "email_addr": "fox@example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert resp.json["status"] == "sent"
    assert api.call("GET", "/account/fox").status_code == 404
    key = _mailed_link(api, "/account/register/confirmation")
    assert browser.get("/account/register/confirmation", key=key).json["status"] == "success"
    assert browser.get("/account/profile").json["user"]["valid_email"] is True


def test_in_confirmation_mode_registering_a_taken_address_mails_its_owner_instead(api):
    _register(api)
    served_again(api, account_confirmation=True)
    browser = Browser(api)
    browser.get("/account/register")
    before = len(api.services.mailer.sent)
    resp = browser.post(
        "/account/register",
        {
            "name": "mole",
            "fullname": "Some Mole",
            "email_addr": "DANA@example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert resp.json["status"] == "sent"
    notice = str(api.services.mailer.sent[before:])
    assert "already has one" in notice and "/account/register/confirmation" not in notice
    assert api.call("GET", "/account/mole").status_code == 404


def test_a_user_sees_their_drafts_and_published_projects(api):
    projects = api.call("GET", "/account/owner/projects", api.owner_key)
    assert projects.json["projects_draft"] == [] and projects.json["projects_published"] == []
    api.project("mine")
    listed = api.call("GET", "/account/owner/projects", api.owner_key).json
    assert [p["short_name"] for p in listed["projects_draft"]] == ["mine"]
    assert api.call("GET", "/account/owner/projects", api.other_key).status_code == 403
