"""The site's pages (front page, leaderboard, statistics, help), the project listings by
category, and the admin console's index, featured projects, users export and dashboard.

Shared like http_contract: `from http_site_views import *` where an `api` fixture exists
(tests/unit over fakes, tests/integration over SQLite and PostgreSQL).
"""

import csv
import io

import pytest

from http_admin import _admin_browser, _answer, _category, _change_user, _published
from http_contract import assert_view_error

LISTING_KEYS = {"active_cat", "categories", "count", "pagination", "projects", "template", "title"}
STATS_KEYS = {
    "projects",
    "show_locs",
    "stats",
    "tasks",
    "template",
    "title",
    "top5_projects_24_hours",
    "top5_users_24_hours",
    "users",
}
# POST/DELETE /admin/featured/<id>, as PYBOSSA answers; the secret key is its owner's alone.
FEATURED_PROJECT_KEYS = {
    "allow_anonymous_contributors",
    "category_id",
    "contacted",
    "created",
    "description",
    "featured",
    "id",
    "info",
    "long_description",
    "name",
    "owner_id",
    "owners_ids",
    "published",
    "short_name",
    "updated",
    "webhook",
    "zip_download",
}
USER_EXPORT_KEYS = ["id", "name", "fullname", "email_addr", "created", "locale", "admin"]
ADMIN_VIEWS = ["/admin/", "/admin/featured", "/admin/dashboard/", "/admin/users/export"]
CREDENTIALS = {"api_key", "passwd_hash", "email_addr"}


def _names(projects: list[dict]) -> list[str]:
    return [p["short_name"] for p in projects]


def _feature(api, project: dict, method: str = "POST", key=None):
    return api.call(method, f"/admin/featured/{project['id']}", key or api.admin_key)


# -- The front page --------------------------------------------------------------------


def test_the_front_page_answers_pybossas_featured_and_a_users_contributions(api):
    birds, frogs = _published(api, "birds"), _published(api, "frogs")
    assert _feature(api, frogs).status_code == 200
    _answer(api, birds, api.other_key)
    anonymous = api.call("GET", "/").json
    assert _names(anonymous["featured"]) == ["frogs"]
    assert "historical_contributions" not in anonymous
    assert anonymous["template"] == "/home/index.html" and "categories_projects" in anonymous
    signed_in = api.call("GET", "/", api.other_key).json
    assert _names(signed_in["historical_contributions"]) == ["birds"]
    assert signed_in["historical_contributions"][0]["n_volunteers"] == 1
    assert api.call("GET", "/", api.owner_key).json["historical_contributions"] == []


# -- The leaderboard -------------------------------------------------------------------


def test_the_leaderboard_ranks_contributors_as_others_see_them(api):
    birds = _published(api, "birds")
    _answer(api, birds, api.other_key)
    _answer(api, birds, api.admin_key)
    _change_user(api, "other", privacy_mode=False)
    page = api.call("GET", "/leaderboard/")
    assert page.status_code == 200 and set(page.json) == {"template", "title", "top_users"}
    top = page.json["top_users"]
    assert [u["name"] for u in top] == ["admin", "other"]  # same score: by id
    assert [u["score"] for u in top] == [1, 1] and top[0]["rank"] == 1
    assert "fullname" not in top[0] and top[1]["fullname"] == "other"
    assert not CREDENTIALS & {key for user in top for key in user}


def test_the_leaderboard_window_adds_the_callers_place_and_its_neighbours(api):
    birds = _published(api, "birds")
    api.task(birds["id"], n_answers=2)
    for key in (api.admin_key, api.admin_key, api.other_key):
        _answer(api, birds, key)
    top = api.call("GET", "/leaderboard/", api.owner_key).json["top_users"]
    assert [u["name"] for u in top] == ["admin", "other"]  # without answers, not in the top
    window = api.call("GET", "/leaderboard/window/1", api.owner_key)
    assert window.status_code == 200 and set(window.json) == {"template", "title", "top_users"}
    ranked = window.json["top_users"]
    assert [(u["name"], u["score"]) for u in ranked] == [("admin", 2), ("other", 1), ("owner", 0)]
    assert [u["rank"] for u in ranked] == [1, 2, 3]
    anonymous = api.call("GET", "/leaderboard/window/3").json["top_users"]
    assert [u["name"] for u in anonymous] == ["admin", "other"]
    assert len(api.call("GET", "/leaderboard/window/100000", api.owner_key).json["top_users"]) == 3
    assert_view_error(api.call("GET", "/leaderboard/window/x"), 404)


# -- Statistics and the other site pages ------------------------------------------------


def test_the_statistics_page_counts_the_site_and_its_last_day(api):
    birds = _published(api, "birds")
    api.project("draft")
    _answer(api, birds, api.other_key)
    _answer(api, birds, None)  # an anonymous volunteer
    page = api.call("GET", "/stats/")
    assert page.status_code == 200 and set(page.json) == STATS_KEYS
    assert page.json["show_locs"] is False
    assert page.json["stats"] == {
        "n_anon": 1,
        "n_auth": 3,
        "n_draft_projects": 1,
        "n_published_projects": 1,
        "n_task_runs": 2,
        "n_tasks": 1,
        "n_total_projects": 2,
        "n_total_users": 4,
    }
    values = {v["label"]: v["value"][1] for v in page.json["projects"]["values"]}
    assert values == {"Published": 1, "Draft": 1}
    assert page.json["top5_projects_24_hours"] == [
        {"id": birds["id"], "name": "Birds", "n_answers": 2, "short_name": "birds"}
    ]
    assert page.json["top5_users_24_hours"] == [{"n_answers": 1, "name": "other"}]  # private


@pytest.mark.parametrize("path", ["/about", "/search", "/results"])
def test_the_pages_that_are_their_template(api, path):
    page = api.call("GET", path)
    assert page.status_code == 200 and set(page.json) == {"template"}


def test_the_api_help_gives_a_published_projects_id_for_its_examples(api):
    api.project("draft")
    assert api.call("GET", "/help/api").json == {
        "project_id": None,
        "template": "help/api.html",
        "title": "Help: API",
    }
    birds = _published(api, "birds")
    assert api.call("GET", "/help/api").json["project_id"] == birds["id"]


# -- Project listings by category --------------------------------------------------------


def test_a_category_lists_its_published_projects_by_name_twenty_a_page(api):
    science = _category(api, "Science")
    for n in range(21):
        _published(api, f"p{n:02d}", category_id=science["id"])
    _published(api, "elsewhere")
    api.project("hidden", category_id=science["id"])
    first = api.call("GET", "/project/category/science/")
    assert first.status_code == 200 and set(first.json) == LISTING_KEYS
    assert first.json["active_cat"]["short_name"] == "science" and first.json["count"] == 21
    assert _names(first.json["projects"]) == [f"p{n:02d}" for n in range(20)]
    assert first.json["pagination"] == {
        "next": True,
        "page": 1,
        "per_page": 20,
        "prev": False,
        "total": 21,
    }
    assert set(first.json["projects"][0]) >= {"n_tasks", "n_volunteers", "overall_progress"}
    categories = [c["short_name"] for c in first.json["categories"]]
    assert categories[0] == "thinking" and categories[-1] == "science"  # by id, all of them
    second = api.call("GET", "/project/category/science/page/2/").json
    assert _names(second["projects"]) == ["p20"] and second["pagination"]["prev"] is True
    assert_view_error(api.call("GET", "/project/category/science/page/3/"), 404)
    assert_view_error(api.call("GET", "/project/category/nosuchcat/"), 404)


def test_the_featured_listing_sends_to_the_first_category_until_one_is_featured(api):
    birds = _published(api, "birds")
    assert api.call("GET", "/project/category/featured/").json == {
        "next": "/project/category/thinking/"
    }
    _feature(api, birds)
    page = api.call("GET", "/project/category/featured/").json
    assert set(page) == LISTING_KEYS and _names(page["projects"]) == ["birds"]
    assert page["active_cat"]["short_name"] == "featured"
    assert page["categories"][0]["short_name"] == "featured"


def test_drafts_are_listed_to_their_owner_and_every_draft_to_admins(api):
    api.project("mine")
    api.project("theirs", key=api.other_key)
    _published(api, "public")
    assert_view_error(api.call("GET", "/project/category/draft/"), 401)
    own = api.call("GET", "/project/category/draft/", api.owner_key).json
    assert set(own) == LISTING_KEYS and _names(own["projects"]) == ["mine"]
    assert own["active_cat"]["short_name"] == "draft"
    every = api.call("GET", "/project/category/draft/", api.admin_key).json
    assert _names(every["projects"]) == ["mine", "theirs"] and every["count"] == 2


def test_historical_contributions_are_the_projects_the_caller_answered(api):
    birds, _ = _published(api, "birds"), _published(api, "frogs")
    _answer(api, birds, api.other_key)
    assert_view_error(api.call("GET", "/project/category/historical_contributions/"), 401)
    page = api.call("GET", "/project/category/historical_contributions/", api.other_key).json
    assert set(page) == LISTING_KEYS and _names(page["projects"]) == ["birds"]
    assert page["projects"][0]["n_volunteers"] == 1 and page["count"] == 1


def test_no_category_may_take_a_listings_name(api):
    for name in ("featured", "draft", "historical_contributions"):
        resp = api.call("POST", "/admin/categories", api.admin_key, {"name": name})
        assert resp.json["status"] == "error" and resp.json["form"]["errors"]["name"]


# -- The admin console ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ADMIN_VIEWS)
def test_the_admin_views_are_for_admins(api, path):
    assert_view_error(api.call("GET", path, format="json"), 401)
    assert_view_error(api.call("GET", path, api.owner_key, format="json"), 403)


def test_the_admin_index_and_the_featured_page(api):
    assert api.call("GET", "/admin/", api.admin_key).json == {"template": "/admin/index.html"}
    birds, _ = _published(api, "birds"), api.project("draft")
    _feature(api, birds)
    page = _admin_browser(api).get("/admin/featured").json
    assert set(page) == {"categories", "form", "projects", "template"} and page["form"]["csrf"]
    assert set(page["projects"]) == {c["short_name"] for c in page["categories"]}
    assert [(p["short_name"], p["featured"]) for p in page["projects"]["thinking"]] == [
        ("birds", True)
    ]


def test_an_admin_features_a_project_and_stops_featuring_it(api):
    birds = _published(api, "birds")
    featured = _feature(api, birds)
    assert featured.status_code == 200 and set(featured.json) == FEATURED_PROJECT_KEYS
    assert featured.json["featured"] is True
    assert _names(api.call("GET", "/").json["featured"]) == ["birds"]
    assert _feature(api, birds).status_code == 409
    unfeatured = _feature(api, birds, "DELETE")
    assert unfeatured.status_code == 200 and unfeatured.json["featured"] is False
    assert api.call("GET", "/").json["featured"] == []
    assert _feature(api, birds, "DELETE").status_code == 409
    assert_view_error(api.call("POST", "/admin/featured/99999", api.admin_key), 404)
    for method in ("POST", "DELETE"):
        assert_view_error(_feature(api, birds, method, api.owner_key), 403)
    assert api.call("GET", f"/api/project/{birds['id']}").json["featured"] is False


def test_featuring_under_the_session_cookie_needs_the_form_token(api):
    birds = _published(api, "birds")
    browser = _admin_browser(api)
    browser.get("/admin/featured")
    path = f"/admin/featured/{birds['id']}"
    assert browser.post(path, csrf=False).status_code == 400
    assert api.call("GET", f"/api/project/{birds['id']}").json["featured"] is False
    assert browser.post(path).json["featured"] is True
    unsigned = browser.client.simulate_delete(path, cookies=browser.cookies)
    assert unsigned.status_code == 400
    assert api.call("GET", f"/api/project/{birds['id']}").json["featured"] is True
    deleted = browser.client.simulate_delete(
        path, cookies=browser.cookies, headers={"X-CSRFToken": browser.csrf}
    )
    assert deleted.status_code == 200 and deleted.json["featured"] is False


def test_the_users_export_streams_every_user_without_credentials(api):
    as_json = api.call("GET", "/admin/users/export", api.admin_key, format="json")
    assert as_json.status_code == 200, as_json.text
    assert "all_users.json" in as_json.headers["content-disposition"]
    assert [u["name"] for u in as_json.json] == ["admin", "owner", "other"]
    assert all(list(user) == USER_EXPORT_KEYS for user in as_json.json)
    assert as_json.json[0]["admin"] is True and as_json.json[1]["email_addr"] == "owner@example.com"
    as_csv = api.call("GET", "/admin/users/export", api.admin_key, format="csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == USER_EXPORT_KEYS and [row[1] for row in rows[1:]] == [
        "admin",
        "owner",
        "other",
    ]
    for format_name in ("xml", ""):
        resp = api.call("GET", "/admin/users/export", api.admin_key, format=format_name)
        assert_view_error(resp, 400)


def test_the_dashboard_counts_the_last_weeks_activity_per_day(api):
    birds = _published(api, "birds")
    _answer(api, birds, api.other_key)
    _answer(api, birds, None)
    page = api.call("GET", "/admin/dashboard/", api.admin_key)
    assert page.status_code == 200 and page.json["wait"] is False
    assert {"template", "title", "wait"} <= set(page.json)
    today = {
        key: page.json[key]["series"][0][-1]
        for key in (
            "new_users_week",
            "new_projects_week",
            "new_tasks_week",
            "new_task_runs_week",
            "active_users_week",
            "active_anon_week",
        )
    }
    assert today == {
        "new_users_week": 3,
        "new_projects_week": 1,
        "new_tasks_week": 1,
        "new_task_runs_week": 2,
        "active_users_week": 1,
        "active_anon_week": 1,
    }
    assert len(page.json["new_users_week"]["labels"]) == 7
