"""Creating, editing, publishing and deleting a project through PYBOSSA's JSON web views,
as a front end drives them: a cookie session with its CSRF token, or an api key.

Shared like http_contract: `from http_project_forms import *` where an `api` fixture exists.
"""

import io

import pytest
from PIL import Image

from http_accounts import Browser, _multipart
from http_contract import assert_view_error

# csrf_token joins these once forms carry PYBOSSA's second token field.
NEW_FORM = {"csrf", "description", "errors", "long_description", "name", "short_name"}
UPDATE_FORM = {
    "allow_anonymous_contributors",
    "category_id",
    "csrf",
    "description",
    "errors",
    "id",
    "long_description",
    "name",
    "password",
    "protect",
    "short_name",
    "webhook",
    "zip_download",
}
PAGE_KEYS = {
    "last_activity",
    "n_completed_tasks",
    "n_task_runs",
    "n_tasks",
    "n_volunteers",
    "overall_progress",
    "owner",
    "pro_features",
    "project",
    "template",
    "title",
}
DONE = {"flash", "next", "status"}
NEW_PROJECT = {"name": "Bird Count", "short_name": "birds", "description": "Count birds"}


def _signed_in(api, name: str = "owner") -> Browser:
    """A user of the api fixture signed in by cookie, holding the session's form token."""
    browser = Browser(api)
    browser.get("/account/signin")
    resp = browser.post(
        "/account/signin", {"email": f"{name}@example.com", "password": "password-1"}
    )
    assert resp.json["status"] == "success", resp.json
    assert browser.get("/project/new").status_code == 200
    return browser


def _project(api, short_name: str = "birds") -> dict:
    found = api.call("GET", "/api/project", api.admin_key, short_name=short_name, all=1).json
    return found[0] if found else None


def _png(size=(40, 30)) -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", size, "blue").save(picture, "PNG")
    return picture.getvalue()


def test_the_new_project_form_makes_a_draft_and_leads_to_its_settings(api):
    browser = _signed_in(api)
    page = browser.get("/project/new")
    assert set(page.json) == {"errors", "form", "template", "title"}
    assert set(page.json["form"]) >= NEW_FORM and page.json["form"]["errors"] == {}
    done = browser.post("/project/new", {**NEW_PROJECT, "csrf": browser.csrf})
    assert done.status_code == 200, done.json
    assert done.json == {
        "flash": "Project created!",
        "next": "/project/birds/update",
        "status": "success",
    }
    project = _project(api)
    assert (project["name"], project["description"], project["published"]) == (
        "Bird Count",
        "Count birds",
        False,
    )
    owner = api.call("GET", "/api/user", api.admin_key, name="owner").json[0]
    assert project["owner_id"] == owner["id"]


def test_a_blank_description_is_taken_from_the_long_one(api):
    browser = _signed_in(api)
    body = {**NEW_PROJECT, "description": "", "long_description": "  Birds, " + "x" * 400}
    assert browser.post("/project/new", body).json["status"] == "success"
    description = _project(api)["description"]
    assert description.startswith("Birds, x") and len(description) == 255


@pytest.mark.parametrize(
    "body, field",
    [
        ({"short_name": "birds", "description": "d"}, "name"),
        ({"name": "Birds", "description": "d"}, "short_name"),
        ({**NEW_PROJECT, "name": ""}, "name"),
        ({**NEW_PROJECT, "short_name": "two words"}, "short_name"),
        ({**NEW_PROJECT, "short_name": "taken"}, "short_name"),
        ({**NEW_PROJECT, "name": "Taken"}, "name"),
    ],
)
def test_a_refused_new_project_is_the_form_again_and_nothing_is_written(api, body, field):
    api.project("taken")
    browser = _signed_in(api)
    resp = browser.post("/project/new", body)
    assert resp.status_code == 200, resp.json
    assert set(resp.json) == {"errors", "flash", "form", "status", "template", "title"}
    assert resp.json["status"] == "error" and resp.json["flash"] == "Please correct the errors"
    assert set(resp.json["form"]) >= NEW_FORM
    assert list(resp.json["form"]["errors"]) == [field]
    assert resp.json["form"]["description"] == body.get("description", "")
    assert len(api.call("GET", "/api/project", api.admin_key, all=1).json) == 1


def test_new_projects_need_a_signed_in_caller_and_the_form_token(api):
    assert_view_error(api.call("GET", "/project/new"), 401)
    browser = _signed_in(api)
    assert browser.post("/project/new", NEW_PROJECT, csrf=False).status_code == 400
    assert _project(api) is None
    by_key = api.call("POST", "/project/new", api.other_key, NEW_PROJECT)
    assert by_key.json["status"] == "success" and _project(api) is not None
    unknown = browser.post("/project/new", {**NEW_PROJECT, "owner_id": 1})
    assert_view_error(unknown, 415)


def test_the_update_form_shows_the_settings_to_owners_and_admins_only(api):
    project = api.project("birds")
    browser = _signed_in(api)
    page = browser.get("/project/birds/update")
    assert page.status_code == 200, page.json
    assert set(page.json) == PAGE_KEYS | {"form", "upload_form"}
    form = page.json["form"]
    assert set(form) >= UPDATE_FORM
    assert (form["id"], form["name"], form["password"], form["protect"]) == (
        project["id"],
        "Birds",
        "",
        False,
    )
    assert set(page.json["upload_form"]) >= {"avatar", "id", "x1", "y1", "x2", "y2", "csrf"}
    assert page.json["template"] == "/projects/update.html"
    assert page.json["project"]["secret_key"] == project["secret_key"]
    assert api.call("GET", "/project/birds/update", api.admin_key).status_code == 200
    assert_view_error(api.call("GET", "/project/birds/update", api.other_key), 403)
    assert_view_error(api.call("GET", "/project/birds/update"), 401)
    assert_view_error(api.call("GET", "/project/nope/update", api.owner_key), 404)


def test_the_update_form_saves_the_fields_sent(api):
    api.project("birds")
    category = api.call(
        "POST", "/api/category", api.admin_key, {"name": "Nature", "short_name": "nature"}
    ).json
    browser = _signed_in(api)
    browser.get("/project/birds/update")
    body = {
        "name": "Bird Count",
        "short_name": "bird-count",
        "description": "New",
        "category_id": category["id"],
        "webhook": "https://example.com/hook",
        "zip_download": False,
        "allow_anonymous_contributors": "False",
        "protect": False,
        "password": "",
        "csrf": browser.csrf,
    }
    done = browser.post("/project/birds/update", body)
    assert done.json == {
        "flash": "Project updated!",
        "next": "/project/bird-count/",
        "status": "success",
    }
    project = _project(api, "bird-count")
    assert (
        project["name"],
        project["category_id"],
        project["webhook"],
        project["zip_download"],
        project["allow_anonymous_contributors"],
    ) == ("Bird Count", category["id"], "https://example.com/hook", False, False)
    by_key = api.call("POST", "/project/bird-count/update", api.owner_key, {"webhook": ""})
    assert by_key.json["status"] == "success" and _project(api, "bird-count")["webhook"] is None


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": ""}, "name"),
        ({"short_name": "taken"}, "short_name"),
        ({"short_name": "no spaces"}, "short_name"),
        ({"category_id": 999}, "category_id"),
        ({"category_id": "many"}, "category_id"),
        ({"webhook": "not a url"}, "webhook"),
        ({"id": 999}, "id"),
        ({"protect": True, "password": "s3cret"}, "password"),
        ({"password": "s3cret"}, "password"),
    ],
)
def test_a_refused_update_is_the_form_again_and_nothing_is_written(api, body, field):
    api.project("taken")
    before = api.project("birds")
    browser = _signed_in(api)
    resp = browser.post("/project/birds/update", {"description": "changed", **body})
    assert resp.status_code == 200, resp.json
    assert set(resp.json) == PAGE_KEYS | {"form", "upload_form", "flash", "status"}
    assert resp.json["status"] == "error"
    assert list(resp.json["form"]["errors"]) == [field]
    assert resp.json["form"]["description"] == "changed"
    assert resp.json["form"]["password"] == ""
    after = _project(api)
    assert (after["description"], after["updated"]) == (before["description"], before["updated"])


def test_only_owners_and_admins_update_a_project(api):
    api.project("birds")
    other = _signed_in(api, "other")
    assert_view_error(other.post("/project/birds/update", {"name": ""}), 403)
    assert_view_error(other.post("/project/birds/update", {"description": "mine"}), 403)
    admin = api.call("POST", "/project/birds/update", api.admin_key, {"description": "admin"})
    assert admin.json["status"] == "success"
    assert _project(api)["description"] == "admin"


def _upload(browser, short_name: str, data: bytes, **fields):
    body, content_type = _multipart({"btn": "Upload", **fields}, "thumb.png", data)
    return browser.post(f"/project/{short_name}/update", body=body, content_type=content_type)


def test_a_thumbnail_is_stored_and_named_in_the_projects_info(api):
    project = api.project("birds")
    browser = _signed_in(api)
    done = _upload(browser, "birds", _png())
    assert done.json["status"] == "success", done.json
    assert done.json["next"] == "/project/birds/update"
    info = _project(api)["info"]
    container = f"project_{project['id']}"
    assert info["container"] == container and info["thumbnail"].endswith(".png")
    assert info["thumbnail_url"] == f"/uploads/{container}/{info['thumbnail']}"
    got = api.call("GET", info["thumbnail_url"])
    assert got.status_code == 200, got.text
    again = _upload(browser, "birds", _png((20, 20)), x1=0, y1=0, x2=10, y2=10)
    assert again.json["status"] == "success", again.json
    newer = _project(api)["info"]
    assert newer["thumbnail"] != info["thumbnail"]
    assert api.call("GET", newer["thumbnail_url"]).status_code == 200
    assert api.call("GET", info["thumbnail_url"]).status_code == 404


def test_a_thumbnail_that_is_not_an_image_is_the_upload_form_again(api):
    api.project("birds")
    browser = _signed_in(api)
    resp = _upload(browser, "birds", b"not-an-image at all")
    assert resp.status_code == 200 and resp.json["status"] == "error"
    assert resp.json["upload_form"]["errors"]["avatar"]
    assert resp.json["form"]["errors"] == {}
    assert "thumbnail" not in _project(api)["info"]
    assert_view_error(_upload(_signed_in(api, "other"), "birds", _png()), 403)


def test_a_thumbnail_named_by_the_owner_elsewhere_is_never_deleted(api):
    mine = api.project("mine", key=api.other_key)
    _upload(_signed_in(api, "other"), "mine", _png())
    theirs = _project(api, "mine")["info"]
    api.project("birds")
    forged = {"thumbnail": theirs["thumbnail"], "container": f"project_{mine['id']}"}
    project = _project(api)
    api.call("PUT", f"/api/project/{project['id']}", api.owner_key, {"info": forged})
    assert _upload(_signed_in(api), "birds", _png()).json["status"] == "success"
    assert api.call("GET", theirs["thumbnail_url"]).status_code == 200


def test_the_delete_form_asks_then_deletes_the_project_and_its_files(api):
    project = api.project("birds")
    api.task(project["id"])
    browser = _signed_in(api)
    _upload(browser, "birds", _png())
    thumbnail = _project(api)["info"]["thumbnail_url"]
    page = browser.get("/project/birds/delete")
    assert set(page.json) == {
        "csrf",
        "last_activity",
        "n_tasks",
        "overall_progress",
        "owner",
        "pro_features",
        "project",
        "template",
        "title",
    }
    assert page.json["n_tasks"] == 1 and page.json["csrf"] == browser.csrf
    assert_view_error(api.call("GET", "/project/birds/delete", api.other_key), 403)
    assert_view_error(api.call("POST", "/project/birds/delete", api.other_key), 403)
    assert browser.post("/project/birds/delete", csrf=False).status_code == 400
    done = browser.post("/project/birds/delete")
    assert done.json == {
        "flash": "Project deleted!",
        "next": "/account/owner/",
        "status": "success",
    }
    assert _project(api) is None
    assert api.call("GET", "/api/task", api.admin_key, project_id=project["id"]).json == []
    assert api.call("GET", thumbnail).status_code == 404
    assert_view_error(browser.post("/project/birds/delete"), 404)


def test_the_publish_form_publishes_once_the_draft_is_ready(api):
    project = api.project("birds")
    browser = _signed_in(api)
    page = browser.get("/project/birds/publish")
    assert set(page.json) == {"csrf", "pro_features", "project", "template"}
    assert page.json["template"] == "/projects/publish.html"
    refused = browser.post("/project/birds/publish")
    assert refused.status_code == 403
    assert set(refused.json) >= {"code", "description", "flash", "status", "template"}
    assert refused.json["status"] == "error" and not _project(api)["published"]
    api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"task_presenter": "<p/>"}}
    )
    api.task(project["id"])
    assert_view_error(api.call("POST", "/project/birds/publish", api.other_key), 403)
    for _ in range(2):  # publishing a published project again changes nothing
        done = browser.post("/project/birds/publish")
        assert done.status_code == 302 and set(done.json) == DONE
        assert done.headers["location"].endswith("/project/birds/")
        assert done.json["next"] == "/project/birds/"
    assert _project(api)["published"] is True
    assert_view_error(api.call("GET", "/project/birds/publish", api.other_key), 403)


def test_the_redundancy_form_shows_n_answers_to_owners_and_admins(api):
    api.project("birds")
    browser = _signed_in(api)
    page = browser.get("/project/birds/tasks/redundancy")
    assert set(page.json) == {"form", "owner", "pro_features", "project", "template", "title"}
    assert set(page.json["form"]) >= {"csrf", "errors", "n_answers"}
    done = browser.post("/project/birds/tasks/redundancy", {"n_answers": "2"})
    assert done.json["status"] == "success" and set(done.json) >= DONE
    assert done.json["next"] == "/project/birds/tasks/"
    assert_view_error(api.call("GET", "/project/birds/tasks/redundancy", api.other_key), 403)
    assert_view_error(api.call("GET", "/project/birds/tasks/redundancy"), 401)
    other = _signed_in(api, "other")
    assert_view_error(other.post("/project/birds/tasks/redundancy", {"n_answers": 0}), 403)


def test_a_new_secret_key_replaces_the_old_one(api):
    project = api.project("birds")
    old = project["secret_key"]
    browser = _signed_in(api)
    assert browser.post("/project/birds/resetsecretkey", csrf=False).status_code == 400
    done = browser.post("/project/birds/resetsecretkey")
    assert done.json == {
        "flash": "New secret key generated",
        "next": "/project/birds/update",
        "status": "success",
    }
    new = api.call("GET", f"/api/project/{project['id']}", api.owner_key).json["secret_key"]
    assert new and new != old and old not in str(done.json)
    token = api.client.simulate_get("/api/auth/project/birds/token", headers={"Authorization": old})
    assert token.status_code == 404
    token = api.client.simulate_get("/api/auth/project/birds/token", headers={"Authorization": new})
    assert token.status_code == 200
    assert_view_error(api.call("POST", "/project/birds/resetsecretkey", api.other_key), 403)
    assert api.call("POST", "/project/birds/resetsecretkey", api.admin_key).status_code == 200
    assert api.call("GET", "/project/birds/resetsecretkey", api.owner_key).status_code == 405
    logs = api.call("GET", "/project/birds/auditlog", api.owner_key).json["logs"]
    resets = [log for log in logs if log["attribute"] == "secret_key"]
    assert len(resets) == 2 and {r["user_name"] for r in resets} == {"owner", "admin"}
    assert old not in str(logs) and new not in str(logs)


def test_the_task_settings_page_links_the_task_settings(api):
    api.project("birds")
    page = api.call("GET", "/project/birds/tasks/settings", api.owner_key)
    assert page.status_code == 200
    assert set(page.json) == PAGE_KEYS | {"pages"}
    assert page.json["template"] == "/projects/task_settings.html"
    assert page.json["pages"]["redundancy"] == "/project/birds/tasks/redundancy"
    assert set(page.json["pages"]) == {
        "redundancy",
        "scheduler",
        "priority",
        "task_presenter_editor",
        "delete",
        "import",
        "export",
    }
    assert_view_error(api.call("GET", "/project/birds/tasks/settings", api.other_key), 403)
    assert_view_error(api.call("GET", "/project/birds/tasks/settings"), 401)
