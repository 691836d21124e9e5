"""The rest of PYBOSSA 4's API: correcting an answer, announcements, blog posts, pages,
project statistics and favourite tasks (and their web views).

Shared like http_contract: `from http_more_api import *` where an `api` fixture exists.
"""

from http_accounts import Browser
from http_contract import assert_error, assert_view_error

RUN_KEYS = {
    "calibration",
    "created",
    "external_uid",
    "finish_time",
    "id",
    "info",
    "media_url",
    "project_id",
    "task_id",
    "timeout",
    "user_id",
    "user_ip",
}


def _published_project(api, short_name="moreapi", n_answers=1) -> dict:
    project = api.project(short_name)
    api.call(
        "PUT", f"/api/project/{project['id']}", api.owner_key, {"info": {"task_presenter": "<p/>"}}
    )
    api.task(project["id"], n_answers=n_answers)
    assert api.call("POST", f"/project/{short_name}/publish", api.owner_key).status_code == 302
    return project


def _answer(api, project: dict, key: str | None, info) -> dict:
    task = api.call("GET", f"/api/project/{project['id']}/newtask", key).json
    body = {"project_id": project["id"], "task_id": task["id"], "info": info}
    resp = api.call("POST", "/api/taskrun", key, body)
    assert resp.status_code == 200, resp.json
    return resp.json


def test_the_author_of_an_answer_corrects_its_info_and_nothing_else_moves(api):
    project = _published_project(api)
    run = _answer(api, project, api.other_key, {"answer": "no"})
    resp = api.call("PUT", f"/api/taskrun/{run['id']}", api.other_key, {"info": {"answer": "yes"}})
    assert resp.status_code == 200, resp.json
    assert set(resp.json) == RUN_KEYS
    assert resp.json["info"] == {"answer": "yes"}
    kept = ("project_id", "task_id", "user_id", "external_uid", "created", "finish_time")
    assert {k: resp.json[k] for k in kept} == {k: run[k] for k in kept}
    assert api.call("GET", f"/api/taskrun/{run['id']}").json["info"] == {"answer": "yes"}


def test_an_answer_may_be_sent_back_as_read_but_only_its_info_changes(api):
    project = _published_project(api)
    run = _answer(api, project, api.other_key, {"answer": "no"})
    path = f"/api/taskrun/{run['id']}"
    echoed = {k: v for k, v in run.items() if k not in ("link", "links")}
    resp = api.call("PUT", path, api.other_key, {**echoed, "info": {"answer": "maybe"}})
    assert resp.status_code == 200, resp.json
    for field, value in (("project_id", project["id"] + 1), ("user_id", 1), ("created", "x")):
        resp = api.call("PUT", path, api.other_key, {field: value, "info": {}})
        assert resp.status_code == 400, (field, resp.json)
        assert field in resp.json["exception_msg"]
    assert_error(
        api.call("PUT", path, api.other_key, {"colour": "red"}), 415, "TypeError", "taskrun"
    )
    assert api.call("GET", path).json["info"] == {"answer": "maybe"}


def test_only_the_author_or_an_admin_corrects_an_answer(api):
    project = _published_project(api)
    run = _answer(api, project, api.other_key, {"answer": "no"})
    path, body = f"/api/taskrun/{run['id']}", {"info": {"answer": "forged"}}
    assert_error(api.call("PUT", path, None, body), 401, "Unauthorized", "taskrun")
    assert_error(api.call("PUT", path, api.owner_key, body), 403, "Forbidden", "taskrun")
    assert api.call("PUT", path, api.admin_key, {"info": {"answer": "fixed"}}).status_code == 200
    assert api.call("GET", path).json["info"] == {"answer": "fixed"}


def test_an_anonymous_answer_cannot_be_corrected_by_anyone_but_an_admin(api):
    project = _published_project(api)
    run = _answer(api, project, None, {"answer": "no"})
    path = f"/api/taskrun/{run['id']}"
    assert_error(api.call("PUT", path, None, {"info": {}}), 401, "Unauthorized", "taskrun")
    assert_error(api.call("PUT", path, api.other_key, {"info": {}}), 403, "Forbidden", "taskrun")


def test_a_corrected_answer_is_counted_again_in_its_tasks_result(api):
    project = _published_project(api)
    settings = {"info": {"task_presenter": "<p/>", "consensus": "majority"}}
    assert (
        api.call("PUT", f"/api/project/{project['id']}", api.owner_key, settings).status_code == 200
    )
    run = _answer(api, project, api.other_key, {"answer": "no"})
    result = api.call("GET", "/api/result", task_id=run["task_id"]).json[0]
    assert result["info"]["consensus"]["answer"] == {"answer": "no"}
    api.call("PUT", f"/api/taskrun/{run['id']}", api.other_key, {"info": {"answer": "yes"}})
    result = api.call("GET", "/api/result", task_id=run["task_id"]).json[0]
    assert result["info"]["consensus"]["answer"] == {"answer": "yes"}
    assert result["task_run_ids"] == [run["id"]]


ANNOUNCEMENT_KEYS = {
    "id",
    "created",
    "updated",
    "user_id",
    "title",
    "body",
    "info",
    "media_url",
    "published",
    "link",
}


def test_admins_announce_and_everyone_reads_what_is_published(api):
    body = {"title": "Maintenance", "body": "Sunday", "published": True}
    assert_error(
        api.call("POST", "/api/announcement", None, body), 401, "Unauthorized", "announcement"
    )
    assert_error(
        api.call("POST", "/api/announcement", api.owner_key, body), 403, "Forbidden", "announcement"
    )
    made = api.call("POST", "/api/announcement", api.admin_key, body)
    assert made.status_code == 200, made.json
    draft = api.call("POST", "/api/announcement", api.admin_key, {"title": "Soon", "body": "..."})
    assert draft.json["published"] is False
    listed = api.call("GET", "/api/announcement").json
    assert [a["title"] for a in listed] == ["Maintenance"]
    assert set(listed[0]) == ANNOUNCEMENT_KEYS
    assert api.call("GET", "/api/announcement", api.other_key).json == listed
    titles = [a["title"] for a in api.call("GET", "/api/announcement", api.admin_key).json]
    assert titles == ["Maintenance", "Soon"]
    hidden = f"/api/announcement/{draft.json['id']}"
    assert_error(api.call("GET", hidden), 401, "Unauthorized", "announcement")
    assert_error(api.call("GET", hidden, api.other_key), 403, "Forbidden", "announcement")


def test_only_admins_change_and_delete_announcements(api):
    body = {"title": "Maintenance", "body": "Sunday", "published": True}
    path = (
        f"/api/announcement/{api.call('POST', '/api/announcement', api.admin_key, body).json['id']}"
    )
    assert_error(
        api.call("PUT", path, api.owner_key, {"title": "x"}), 403, "Forbidden", "announcement"
    )
    assert_error(api.call("DELETE", path, api.owner_key), 403, "Forbidden", "announcement")
    changed = api.call("PUT", path, api.admin_key, {"body": "Monday"})
    assert changed.status_code == 200 and changed.json["body"] == "Monday"
    assert_error(
        api.call("PUT", path, api.admin_key, {"user_id": 99}), 400, "BadRequest", "announcement"
    )
    assert api.call("DELETE", path, api.admin_key).status_code == 204
    assert_error(api.call("GET", path), 404, "NotFound", "announcement")


def test_an_announcement_needs_a_title_and_a_body(api):
    resp = api.call("POST", "/api/announcement", api.admin_key, {"title": "Only"})
    assert_error(resp, 400, "ValidationError", "announcement")
    resp = api.call("POST", "/api/announcement", api.admin_key, {"title": "", "body": "b"})
    assert_error(resp, 400, "ValidationError", "announcement")


def _post(api, project: dict, key=None, **fields) -> dict:
    body = {"project_id": project["id"], "title": "News", "body": "Hello", **fields}
    resp = api.call("POST", "/api/blogpost", key or api.owner_key, body)
    assert resp.status_code == 200, resp.json
    return resp.json


def test_a_projects_owners_post_on_its_blog_and_everyone_reads_the_published_posts(api):
    project = _published_project(api)
    body = {"project_id": project["id"], "title": "News", "body": "Hello", "published": True}
    assert_error(
        api.call("POST", "/api/blogpost", api.other_key, body), 403, "Forbidden", "blogpost"
    )
    assert_error(api.call("POST", "/api/blogpost", None, body), 401, "Unauthorized", "blogpost")
    post = _post(api, project, published=True)
    draft = _post(api, project, title="Draft")
    assert post["user_id"] == draft["user_id"] and post["project_id"] == project["id"]
    public = api.call("GET", "/api/blogpost", project_id=project["id"]).json
    assert [p["title"] for p in public] == ["News"]
    mine = api.call("GET", "/api/blogpost", api.owner_key, project_id=project["id"]).json
    assert [p["title"] for p in mine] == ["News", "Draft"]
    everyone = api.call("GET", "/api/blogpost", api.other_key, all="1").json
    assert [p["title"] for p in everyone] == ["News"]
    assert api.call("GET", f"/api/blogpost/{post['id']}").status_code == 200
    assert_error(
        api.call("GET", f"/api/blogpost/{draft['id']}", api.other_key), 403, "Forbidden", "blogpost"
    )
    assert api.call("GET", f"/api/blogpost/{draft['id']}", api.owner_key).status_code == 200


def test_only_a_projects_owners_and_admins_change_its_posts(api):
    project = _published_project(api)
    path = f"/api/blogpost/{_post(api, project, published=True)['id']}"
    assert_error(api.call("PUT", path, api.other_key, {"title": "x"}), 403, "Forbidden", "blogpost")
    assert api.call("PUT", path, api.owner_key, {"title": "Update"}).json["title"] == "Update"
    assert api.call("PUT", path, api.admin_key, {"published": False}).json["published"] is False
    assert_error(api.call("GET", path), 401, "Unauthorized", "blogpost")
    moved = api.call("PUT", path, api.owner_key, {"project_id": project["id"] + 1})
    assert_error(moved, 400, "ValidationError", "blogpost")
    assert_error(api.call("DELETE", path, api.other_key), 403, "Forbidden", "blogpost")
    assert api.call("DELETE", path, api.owner_key).status_code == 204


def test_the_posts_of_a_draft_project_are_its_owners(api):
    project = api.project("hidden")
    post = _post(api, project, published=True)
    assert api.call("GET", "/api/blogpost", all="1").json == []
    assert_error(api.call("GET", f"/api/blogpost/{post['id']}"), 401, "Unauthorized", "blogpost")
    assert len(api.call("GET", "/api/blogpost", api.owner_key).json) == 1


def test_deleting_a_project_deletes_its_posts_and_pages(api):
    project = api.project("gone")
    post = _post(api, project)
    page = api.call(
        "POST", "/api/page", api.owner_key, {"project_id": project["id"], "slug": "about"}
    )
    assert api.call("DELETE", f"/api/project/{project['id']}", api.owner_key).status_code == 204
    assert_error(
        api.call("GET", f"/api/blogpost/{post['id']}", api.admin_key), 404, "NotFound", "blogpost"
    )
    assert_error(
        api.call("GET", f"/api/page/{page.json['id']}", api.admin_key), 404, "NotFound", "page"
    )


def test_a_projects_owners_add_pages_which_are_shown_as_the_project_is(api):
    project = _published_project(api)
    body = {
        "project_id": project["id"],
        "slug": "about",
        "info": {"title": "About", "body": "<p/>"},
    }
    assert_error(api.call("POST", "/api/page", api.other_key, body), 403, "Forbidden", "page")
    made = api.call("POST", "/api/page", api.owner_key, body)
    assert made.status_code == 200, made.json
    assert set(made.json) == {
        "id",
        "created",
        "project_id",
        "slug",
        "info",
        "media_url",
    }
    listed = api.call("GET", "/api/page", project_id=project["id"], slug="about").json
    assert [p["info"]["title"] for p in listed] == ["About"]
    path = f"/api/page/{made.json['id']}"
    assert_error(api.call("PUT", path, api.other_key, {"slug": "x"}), 403, "Forbidden", "page")
    assert api.call("PUT", path, api.owner_key, {"slug": "team"}).json["slug"] == "team"
    bad = api.call("POST", "/api/page", api.owner_key, {**body, "slug": "no spaces"})
    assert_error(bad, 400, "ValidationError", "page")
    assert api.call("DELETE", path, api.owner_key).status_code == 204


def test_a_user_marks_favourite_tasks_and_sees_only_their_own(api):
    project = _published_project(api)
    task = api.call("GET", "/api/task", project_id=project["id"]).json[0]
    assert_error(
        api.call("POST", "/api/favorites", None, {"task_id": task["id"]}),
        401,
        "Unauthorized",
        "favorites",
    )
    assert_error(api.call("GET", "/api/favorites"), 401, "Unauthorized", "favorites")
    marked = api.call("POST", "/api/favorites", api.other_key, {"task_id": task["id"]})
    assert marked.status_code == 200, marked.json
    assert marked.json["id"] == task["id"] and marked.json["fav_user_ids"] == [
        marked.json["fav_user_ids"][0]
    ]
    again = api.call("POST", "/api/favorites", api.other_key, {"task_id": task["id"]})
    assert_error(again, 409, "Conflict", "favorites")
    mine = api.call("GET", "/api/favorites", api.other_key).json
    assert [t["id"] for t in mine] == [task["id"]]
    assert mine[0]["link"].endswith(f"/api/task/{task['id']}'/>")
    assert api.call("GET", "/api/favorites", api.owner_key).json == []
    assert api.call("GET", f"/api/favorites/{task['id']}", api.other_key).json["id"] == task["id"]
    assert_error(
        api.call("GET", f"/api/favorites/{task['id']}", api.owner_key), 404, "NotFound", "favorites"
    )


def test_a_user_unmarks_a_favourite_and_only_their_own(api):
    project = _published_project(api)
    task = api.call("GET", "/api/task", project_id=project["id"]).json[0]
    api.call("POST", "/api/favorites", api.other_key, {"task_id": task["id"]})
    path = f"/api/favorites/{task['id']}"
    assert_error(api.call("DELETE", path), 401, "Unauthorized", "favorites")
    assert_error(api.call("DELETE", path, api.owner_key), 404, "NotFound", "favorites")
    removed = api.call("DELETE", path, api.other_key)
    assert removed.status_code == 200 and removed.json["fav_user_ids"] is None
    assert api.call("GET", "/api/favorites", api.other_key).json == []
    assert api.call("GET", f"/api/task/{task['id']}").json["fav_user_ids"] is None
    assert (
        api.call("POST", "/api/favorites", api.other_key, {"task_id": task["id"]}).status_code
        == 200
    )


def test_a_favourite_names_an_existing_task_and_nothing_else(api):
    assert_error(
        api.call("POST", "/api/favorites", api.other_key, {"task_id": 999}), 404, "NotFound", "task"
    )
    bad = api.call("POST", "/api/favorites", api.other_key, {"task_id": "1"})
    assert_error(bad, 400, "ValidationError", "favorites")
    extra = api.call("POST", "/api/favorites", api.other_key, {"task_id": 1, "user_id": 1})
    assert_error(extra, 415, "TypeError", "favorites")
    assert_error(
        api.call("GET", "/api/favorites", api.other_key, limit="0"),
        400,
        "ValidationError",
        "favorites",
    )


def test_deleting_a_task_removes_it_from_the_favourites(api):
    project = _published_project(api)
    task = api.task(project["id"])
    api.call("POST", "/api/favorites", api.other_key, {"task_id": task["id"]})
    assert api.call("DELETE", f"/api/task/{task['id']}", api.owner_key).status_code == 204
    assert api.call("GET", "/api/favorites", api.other_key).json == []


STATS_KEYS = {
    "average_time",
    "id",
    "info",
    "last_activity",
    "link",
    "links",
    "n_blogposts",
    "n_completed_tasks",
    "n_results",
    "n_task_runs",
    "n_tasks",
    "n_volunteers",
    "overall_progress",
    "project_id",
}


def test_project_statistics_count_what_the_project_page_counts_and_more(api):
    project = _published_project(api)
    api.task(project["id"], n_answers=1)
    _answer(api, project, api.other_key, {"a": 1})
    _post(api, project, published=True)
    _post(api, project)
    listed = api.call("GET", "/api/projectstats", project_id=str(project["id"]))
    assert listed.status_code == 200, listed.json
    assert len(listed.json) == 1 and set(listed.json[0]) == STATS_KEYS
    stats = listed.json[0]
    page = api.call("GET", f"/project/{project['short_name']}/").json
    for key in ("n_tasks", "n_task_runs", "n_completed_tasks", "n_volunteers", "overall_progress"):
        assert stats[key] == page[key], key
    assert (stats["project_id"], stats["n_results"], stats["n_blogposts"]) == (project["id"], 1, 1)
    assert stats["average_time"] >= 0 and stats["last_activity"] is not None
    assert api.call("GET", f"/api/projectstats/{project['id']}").json == stats


def test_project_statistics_are_read_only_and_shown_as_the_project_is(api):
    draft = api.project("draftstats")
    assert api.call("GET", "/api/projectstats", project_id=str(draft["id"])).json == []
    mine = api.call("GET", "/api/projectstats", api.owner_key, project_id=str(draft["id"])).json
    assert [s["project_id"] for s in mine] == [draft["id"]]
    path = f"/api/projectstats/{draft['id']}"
    assert_error(api.call("GET", path), 401, "Unauthorized", "project")
    assert_error(api.call("GET", path, api.other_key), 403, "Forbidden", "project")
    for method in ("POST", "PUT", "DELETE"):
        target = "/api/projectstats" if method == "POST" else path
        assert_error(
            api.call(method, target, api.admin_key, {}), 405, "MethodNotAllowed", "projectstats"
        )
    assert_error(
        api.call("GET", "/api/projectstats", colour="red"), 415, "AttributeError", "projectstats"
    )


BLOG_KEYS = {
    "blogposts",
    "n_completed_tasks",
    "n_task_runs",
    "n_tasks",
    "n_volunteers",
    "overall_progress",
    "owner",
    "pro_features",
    "project",
    "template",
}


def test_a_projects_blog_shows_its_posts_and_drafts_to_its_owners(api):
    project = _published_project(api, "blogged")
    _post(api, project, title="First", published=True)
    _post(api, project, title="Draft")
    public = api.call("GET", "/project/blogged/blog")
    assert public.status_code == 200, public.json
    assert set(public.json) == BLOG_KEYS
    assert [p["title"] for p in public.json["blogposts"]] == ["First"]
    assert public.json["project"]["id"] == project["id"]
    assert "secret_key" not in public.json["project"]
    owners = api.call("GET", "/project/blogged/blog", api.owner_key).json
    assert [p["title"] for p in owners["blogposts"]] == ["Draft", "First"]
    assert_view_error(api.call("GET", "/project/nosuch/blog"), 404)


def test_a_draft_projects_blog_is_its_owners(api):
    api.project("quiet")
    assert_view_error(api.call("GET", "/project/quiet/blog"), 401)
    assert_view_error(api.call("GET", "/project/quiet/blog", api.other_key), 403)
    assert api.call("GET", "/project/quiet/blog", api.owner_key).json["blogposts"] == []


def _admin_browser(api) -> Browser:
    browser = Browser(api)
    browser.get("/account/signin")
    browser.post("/account/signin", {"email": "admin@example.com", "password": "password-1"})
    return browser


def test_admins_announce_through_the_console_forms(api):
    browser = _admin_browser(api)
    empty = browser.get("/admin/announcement/new")
    assert empty.status_code == 200 and empty.json["form"]["csrf"]
    assert set(empty.json["form"]) >= {"title", "body", "published", "csrf", "errors"}
    made = browser.post("/admin/announcement/new", {"title": "Hi", "body": "All", "published": "y"})
    assert made.json == {
        "flash": "Announcement created!",
        "next": "/admin/announcement",
        "status": "success",
    }
    page = browser.get("/admin/announcement")
    assert set(page.json) == {"announcements", "csrf", "template", "title"}
    [announcement] = page.json["announcements"]
    assert (announcement["title"], announcement["published"]) == ("Hi", True)
    assert api.call("GET", "/api/announcement").json[0]["title"] == "Hi"


def test_an_announcement_form_with_errors_answers_200_and_stores_nothing(api):
    browser = _admin_browser(api)
    browser.get("/admin/announcement/new")
    refused = browser.post("/admin/announcement/new", {"title": " ", "body": "All"})
    assert refused.status_code == 200 and refused.json["status"] == "error"
    assert set(refused.json["form"]["errors"]) == {"title"}
    assert refused.json["form"]["body"] == "All"
    assert browser.get("/admin/announcement").json["announcements"] == []


def test_admins_edit_and_delete_announcements_through_the_console(api):
    body = {"title": "Old", "body": "B", "published": True}
    made = api.call("POST", "/api/announcement", api.admin_key, body).json
    browser = _admin_browser(api)
    edit = browser.get(f"/admin/announcement/{made['id']}/update")
    assert edit.json["form"]["title"] == "Old" and edit.json["form"]["published"] is True
    changed = browser.post(
        f"/admin/announcement/{made['id']}/update", {"title": "New", "body": "B"}
    )
    assert changed.json["status"] == "success"
    assert api.call("GET", "/api/announcement", api.admin_key).json[0]["title"] == "New"
    assert api.call("GET", "/api/announcement").json == []  # unchecked: no longer published
    refused = browser.post(f"/admin/announcement/{made['id']}/update", {"title": "", "body": ""})
    assert set(refused.json["form"]["errors"]) == {"title", "body"}
    browser.get(f"/admin/announcement/{made['id']}/delete")
    deleted = browser.post(f"/admin/announcement/{made['id']}/delete")
    assert deleted.json["status"] == "success"
    assert_view_error(browser.get(f"/admin/announcement/{made['id']}/update"), 404)


def test_the_announcement_console_is_for_admins(api):
    made = api.call("POST", "/api/announcement", api.admin_key, {"title": "T", "body": "B"}).json
    for path in (
        "/admin/announcement",
        "/admin/announcement/new",
        f"/admin/announcement/{made['id']}/update",
        f"/admin/announcement/{made['id']}/delete",
    ):
        assert_view_error(api.call("GET", path), 401)
        assert_view_error(api.call("GET", path, api.owner_key), 403)
    posted = api.call("POST", "/admin/announcement/new", api.owner_key, {"title": "T", "body": "B"})
    assert_view_error(posted, 403)
    assert_view_error(
        api.call("POST", f"/admin/announcement/{made['id']}/delete", api.other_key), 403
    )
    assert len(api.call("GET", "/api/announcement", api.admin_key).json) == 1


def test_an_announcement_form_needs_the_sessions_csrf_token(api):
    browser = _admin_browser(api)
    browser.get("/admin/announcement/new")
    refused = browser.post("/admin/announcement/new", {"title": "T", "body": "B"}, csrf=False)
    assert refused.status_code in (400, 403)
    assert api.call("GET", "/api/announcement", api.admin_key).json == []


def test_an_announcement_form_refuses_a_field_it_does_not_have(api):
    browser = _admin_browser(api)
    browser.get("/admin/announcement/new")
    sent = {"title": "Hi", "body": "All", "published": True, "user_id": 2}
    assert_view_error(browser.post("/admin/announcement/new", sent), 415)
    assert browser.get("/admin/announcement").json["announcements"] == []
    echoed = {**sent, "id": None, "csrf": browser.csrf, "csrf_token": "", "errors": {}}
    del echoed["user_id"]
    assert browser.post("/admin/announcement/new", echoed).json["status"] == "success"
