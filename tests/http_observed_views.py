"""Every request of observed-web-views.md, replayed: PYBOSSA's status and top-level keys.

The spec records what the real PYBOSSA 4.0.2 answers to its JSON web views. Each table below is
one of its tables, in its order, replayed against one site built as the spec's was (an admin, a
project owner, another user; a published project with tasks and a result, a draft, projects to
delete). Keys are checked as a floor: a view may answer more than PYBOSSA, never less. Where
PYBOSSA answers 500 or HTML to a JSON request, the row says what this server serves instead.

Imported by tests/unit (fakes) and tests/integration (SQLite, PostgreSQL) with
`from http_observed_views import *`; each folder provides the `api` fixture.
"""

from dataclasses import dataclass
from urllib.parse import quote

from http_accounts import Browser

PASSWORD = "password-1"  # http_contract.make_api_client's users
PAGE = {
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
SHORT_PAGE = {"owner", "pro_features", "project", "template", "title"}
VIEW_ERROR = {"code", "description", "template"}
DONE = {"flash", "next", "status"}
FORM = {"csrf", "csrf_token", "errors"}
CATEGORY_LIST = {"active_cat", "categories", "count", "pagination", "projects", "template", "title"}
PROJECT_JSON = {
    "allow_anonymous_contributors",
    "category_id",
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


@dataclass(frozen=True)
class Row:
    """One request of the spec: who asks, what, and what PYBOSSA answers."""

    who: str  # anonymous, html (anonymous, accepting HTML), admin, owner, other
    method: str
    path: str  # {sn}, {draft}, {bare}, {webnew}, {spare}, {task}, {cat}, {pid} filled in
    status: int
    keys: frozenset = frozenset()
    form: frozenset = frozenset()
    location: str | None = None
    body: dict | None = None
    media: str = "application/json"


def row(who, method, path, status, keys=(), form=(), location=None, body=None, media=None):
    return Row(
        who,
        method,
        path,
        status,
        frozenset(keys),
        frozenset(form),
        location,
        body,
        media or "application/json",
    )


PROJECT_VIEWS = [
    row(
        "admin",
        "GET",
        "/project/{sn}/publish",
        200,
        {"csrf", "pro_features", "project", "template"},
    ),
    row(
        "html",
        "GET",
        "/project/{sn}/publish",
        302,
        location="/account/signin?next={q_publish}",
        media="-",
    ),
    row("other", "POST", "/project/{sn}/publish", 403, VIEW_ERROR),
    row("owner", "GET", "/project/{sn}", 308, location="/project/{sn}/", media="-"),
    row("anonymous", "GET", "/project/{sn}/", 200, PAGE),
    row("owner", "GET", "/project/{sn}/", 200, PAGE),
    row("anonymous", "GET", "/project/{draft}/", 401, VIEW_ERROR),
    row("anonymous", "GET", "/project/nosuchproject/", 404, VIEW_ERROR),
    row(
        "other",
        "GET",
        "/project/new",
        200,
        {"errors", "form", "template", "title"},
        FORM | {"description", "long_description", "name", "short_name"},
    ),
    row(
        "html",
        "GET",
        "/project/new",
        302,
        location="/account/signin?next=%2Fproject%2Fnew",
        media="-",
    ),
    row(
        "other",
        "POST",
        "/project/new",
        200,
        DONE,
        body={"name": "Web New", "short_name": "webnew2", "description": "d"},
    ),
    row(
        "other",
        "POST",
        "/project/new",
        200,
        {"errors", "flash", "form", "status", "template", "title"},
        FORM | {"description", "long_description", "name", "short_name"},
        body={"name": ""},
    ),
    row(
        "owner",
        "GET",
        "/project/{sn}/update",
        200,
        PAGE | {"form", "upload_form"},
        FORM
        | {
            "allow_anonymous_contributors",
            "category_id",
            "description",
            "id",
            "long_description",
            "name",
            "password",
            "protect",
            "short_name",
            "webhook",
            "zip_download",
        },
    ),
    row("other", "GET", "/project/{sn}/update", 403, VIEW_ERROR),
    row(
        "owner",
        "POST",
        "/project/{sn}/update",
        200,
        DONE,
        body={"name": "Birds", "short_name": "{sn}", "description": "Changed"},
    ),
    row(
        "owner",
        "GET",
        "/project/{webnew}/delete",
        200,
        {
            "csrf",
            "last_activity",
            "n_tasks",
            "overall_progress",
            "owner",
            "pro_features",
            "project",
            "template",
            "title",
        },
    ),
    row("owner", "POST", "/project/{webnew}/delete", 200, DONE),
    row(
        "anonymous",
        "GET",
        "/project/{sn}/stats",
        200,
        PAGE - {"last_activity", "n_task_runs"},
    ),
    row("owner", "GET", "/project/{sn}/settings", 200, PAGE),
    row("owner", "GET", "/project/{sn}/tasks/", 200, PAGE | {"autoimporter_enabled"}),
    row("anonymous", "GET", "/project/{sn}/tasks/", 200, PAGE | {"autoimporter_enabled"}),
    row(
        "anonymous",
        "GET",
        "/project/{sn}/tasks/browse",
        200,
        PAGE - {"last_activity", "n_task_runs"} | {"pagination", "tasks"},
    ),
    row("anonymous", "GET", "/project/{sn}/tasks/browse/2", 404, VIEW_ERROR),
    row("owner", "GET", "/project/{sn}/tasks/export", 200, {"project", "template"}),
    row(
        "owner",
        "GET",
        "/project/{sn}/tasks/export?type=task&format=json",
        200,
        media="-",
    ),
    row("owner", "GET", "/project/{sn}/tasks/settings", 200, {"project", "template"}),
    row(
        "owner",
        "GET",
        "/project/{sn}/tasks/redundancy",
        200,
        SHORT_PAGE | {"form"},
        FORM | {"n_answers"},
    ),
    row("owner", "POST", "/project/{sn}/tasks/redundancy", 200, DONE, body={"n_answers": 2}),
    row(
        "owner",
        "POST",
        "/project/{sn}/tasks/redundancy",
        200,
        SHORT_PAGE | {"flash", "form", "status"},
        FORM | {"n_answers"},
        body={"n_answers": -5},
    ),
    row("other", "POST", "/project/{sn}/tasks/redundancy", 403, VIEW_ERROR, body={"n_answers": 2}),
    row(
        "owner",
        "GET",
        "/project/{sn}/tasks/scheduler",
        200,
        SHORT_PAGE | {"form"},
        FORM | {"sched"},
    ),
    row("owner", "POST", "/project/{sn}/tasks/scheduler", 200, DONE, body={"sched": "default"}),
    row(
        "owner",
        "GET",
        "/project/{sn}/tasks/priority",
        200,
        SHORT_PAGE | {"form"},
        FORM | {"priority_0", "task_ids"},
    ),
    row(
        "owner",
        "POST",
        "/project/{sn}/tasks/priority",
        200,
        SHORT_PAGE | {"flash", "form", "status"},
        FORM | {"priority_0", "task_ids"},
        body={"task_ids": "{task}", "priority_0": 0.5},
    ),
    row(
        "owner",
        "GET",
        "/project/{sn}/tasks/import",
        200,
        PAGE - {"last_activity", "n_task_runs"}
        | {"available_importers", "form", "loading_text", "target", "task_tmpls"},
    ),
    row(
        "owner",
        "GET",
        "/project/{sn}/tasks/taskpresentereditor",
        200,
        PAGE | {"errors", "form"},
        FORM | {"editor", "id"},
    ),
    row("owner", "GET", "/project/{spare}/tasks/delete", 200, PAGE | {"csrf"}),
    row("owner", "POST", "/project/{spare}/tasks/delete", 200, DONE),
    row(
        "anonymous", "GET", "/project/{sn}/tutorial", 200, {"owner", "project", "template", "title"}
    ),
    row(  # PYBOSSA: 500
        "anonymous",
        "GET",
        "/project/{sn}/newtask",
        200,
        {"flash", "owner", "project", "status", "template", "title"},
    ),
    row(  # PYBOSSA: 500
        "other",
        "GET",
        "/project/{sn}/presenter",
        200,
        {"flash", "owner", "project", "status", "template", "title"},
    ),
    row(
        "anonymous",
        "GET",
        "/project/{sn}/task/{task}",
        200,
        {"owner", "project", "template", "title"},
    ),
    row("anonymous", "GET", "/project/{sn}/{task}/results.json", 200),
    row("anonymous", "GET", "/project/{sn}/results", 200, PAGE | {"n_results"}),
    row(
        "anonymous",
        "GET",
        "/project/{sn}/blog",
        200,
        PAGE - {"last_activity", "title"} | {"blogposts"},
    ),
    row("owner", "GET", "/project/{sn}/auditlog", 200, {"project", "template"}),
    row("owner", "GET", "/project/{sn}/webhook", 200, {"project", "template"}),
    row(
        "owner",
        "GET",
        "/project/{sn}/coowners",
        200,
        {"coowners", "form", "pro_features", "project", "template", "title"},
        FORM | {"user"},
    ),
    row(
        "owner",
        "GET",
        "/project/{sn}/transferownership",
        200,
        PAGE | {"form", "target"},
        FORM | {"email_addr"},
    ),
    row(
        "anonymous",
        "GET",
        "/project/{sn}/password",  # PYBOSSA: HTML
        200,
        {"form", "owner", "project", "template", "title"},
        FORM | {"password"},
    ),
    row("anonymous", "GET", "/project/category/{cat}/", 200, CATEGORY_LIST),
    row(
        "anonymous",
        "GET",
        "/project/category/{cat}/page/1/",
        308,
        location="/project/category/{cat}/",
        media="-",
    ),
    row("anonymous", "GET", "/project/category/featured/", 200, {"next"}),
    row("admin", "GET", "/project/category/draft/", 200, CATEGORY_LIST),
    row("other", "GET", "/project/category/historical_contributions/", 200, CATEGORY_LIST),
    row("anonymous", "GET", "/project/category/nosuchcat/", 404, VIEW_ERROR),  # PYBOSSA: 500
    row("owner", "POST", "/project/{sn}/resetsecretkey", 200, DONE),
    row("admin", "POST", "/project/{sn}/publish", 302, location="/project/{sn}/", media="-"),
    row("admin", "POST", "/project/{sn}/publish", 302, location="/project/{sn}/", media="-"),
    row(
        "owner",
        "POST",
        "/project/{bare}/publish",
        403,
        VIEW_ERROR | {"flash", "status"},
    ),
]

SITE_VIEWS = [
    row("anonymous", "GET", "/", 200, {"featured", "template"}),
    row("admin", "GET", "/", 200, {"featured", "historical_contributions", "template"}),
    row("admin", "GET", "/admin/", 200, {"template"}),
    row(
        "admin",
        "GET",
        "/admin/featured",
        200,
        {"categories", "form", "projects", "template"},
        {"csrf"},
    ),
    row("admin", "GET", "/admin/announcement", 200, {"announcements", "csrf", "template", "title"}),
    row("admin", "GET", "/admin/dashboard/", 200, {"template", "title", "wait"}),
    row("anonymous", "GET", "/leaderboard/", 200, {"template", "title", "top_users"}),
    row("anonymous", "GET", "/leaderboard", 308, location="/leaderboard/", media="-"),
    row("other", "GET", "/leaderboard/window/3", 200, {"template", "title", "top_users"}),
    row(
        "anonymous",
        "GET",
        "/stats/",
        200,
        {
            "projects",
            "show_locs",
            "stats",
            "tasks",
            "template",
            "title",
            "top5_projects_24_hours",
            "top5_users_24_hours",
            "users",
        },
    ),
    row("anonymous", "GET", "/stats", 308, location="/stats/", media="-"),
    row("anonymous", "GET", "/about", 200, {"template"}),
    row("anonymous", "GET", "/search", 200, {"template"}),
    row("anonymous", "GET", "/results", 200, {"template"}),
    row("anonymous", "GET", "/help/api", 200, {"project_id", "template", "title"}),
    row("admin", "POST", "/admin/featured/{pid}", 200, PROJECT_JSON),
    row("anonymous", "GET", "/", 200, {"featured", "template"}),
    row("admin", "DELETE", "/admin/featured/{pid}", 200, PROJECT_JSON),
]

API_CLASSES = [
    row(
        "other",
        "PUT",
        "/api/taskrun/{run}",
        200,
        {
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
        },
        body={"info": {"answer": "corrected"}},
    ),
    row("anonymous", "GET", "/api/announcement", 200),
    row("anonymous", "GET", "/api/projectstats?project_id={pid}", 200),
    row("anonymous", "GET", "/api/blogpost", 200),
    row("anonymous", "GET", "/api/page", 200),
    row("other", "GET", "/api/favorites", 200),
]
PROJECT_STATS_KEYS = {
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


class Site:
    """The spec's installation: three signed-in browsers and the projects its rows name."""

    def __init__(self, api) -> None:
        self.api = api
        self.browsers = {who: self._signed_in(who) for who in ("admin", "owner", "other")}
        published = api.project("birds", category_id=self._category_id())
        api.call(
            "PUT",
            f"/api/project/{published['id']}",
            api.owner_key,
            {"info": {"task_presenter": "<p/>"}},
        )
        task = api.task(published["id"], n_answers=1)
        api.task(published["id"], n_answers=1)
        api.call("POST", "/project/birds/publish", api.owner_key)
        run = self._answer(task["id"])
        api.project("drafty")
        api.project("bare")
        api.project("webnew")
        spare = api.project("spare")
        api.task(spare["id"])
        self.values = {
            "sn": "birds",
            "draft": "drafty",
            "bare": "bare",
            "webnew": "webnew",
            "spare": "spare",
            "task": str(task["id"]),
            "run": str(run["id"]),
            "pid": str(published["id"]),
            "cat": self.category,
            "q_publish": quote("/project/birds/publish", safe=""),
        }

    def _category_id(self) -> int:
        listed = self.api.call("GET", "/api/category").json
        if listed:
            self.category = listed[0]["short_name"]
            return listed[0]["id"]
        body = {"name": "Thinking", "short_name": "thinking", "description": "d"}
        created = self.api.call("POST", "/api/category", self.api.admin_key, body).json
        self.category = created["short_name"]
        return created["id"]

    def _signed_in(self, name: str) -> Browser:
        browser = Browser(self.api)
        browser.get("/account/signin")
        resp = browser.post(
            "/account/signin", {"email": f"{name}@example.com", "password": PASSWORD}
        )
        assert resp.json["status"] == "success", resp.json
        browser.get(f"/account/{name}/update")  # signing in changed the CSRF token: read it
        return browser

    def _answer(self, task_id: int) -> dict:
        """The other user answers the task, through their api key (stamp first)."""
        key = self.api.other_key
        served = self.api.call("GET", "/api/project/birds/newtask", key).json
        body = {"project_id": served["project_id"], "task_id": task_id, "info": {"answer": 1}}
        answered = self.api.call("POST", "/api/taskrun", key, body)
        assert answered.status_code == 200, answered.json
        return answered.json

    def ask(self, spec: Row):
        path = spec.path.format(**self.values)
        body = _filled(spec.body, self.values)
        if spec.who in ("anonymous", "html"):
            accept = "text/html,application/xhtml+xml" if spec.who == "html" else "application/json"
            return self.api.client.simulate_request(
                spec.method, path, json=body, headers={"Accept": accept}
            )
        browser = self.browsers[spec.who]
        headers = {"X-CSRFToken": browser.csrf} if spec.method != "GET" else {}
        resp = browser.client.simulate_request(
            spec.method, path, json=body, headers=headers, cookies=browser.cookies
        )
        browser._keep(resp)
        return resp


def _filled(body: dict | None, values: dict) -> dict | None:
    if body is None:
        return None
    return {k: (v.format(**values) if isinstance(v, str) else v) for k, v in body.items()}


def _mismatch(site: Site, spec: Row) -> str | None:
    """What differs from the spec's row, or None."""
    resp = site.ask(spec)
    where = f"{spec.who} {spec.method} {spec.path}"
    if resp.status_code != spec.status:
        return f"{where}: {resp.status_code} (spec {spec.status}) {resp.text[:200]}"
    if spec.location is not None:
        expected = spec.location.format(**site.values)
        if resp.headers.get("location", "").split("://", 1)[-1].split("/", 1)[
            -1
        ] != expected.lstrip("/"):
            return f"{where}: Location {resp.headers.get('location')} (spec {expected})"
    if spec.media == "-":
        return None
    if not resp.content_type.startswith(spec.media):
        return f"{where}: {resp.content_type} (spec {spec.media})"
    body = resp.json
    if spec.keys and not (isinstance(body, dict) and spec.keys <= set(body)):
        missing = spec.keys - set(body) if isinstance(body, dict) else spec.keys
        return f"{where}: missing keys {sorted(missing)}"
    if spec.form and not spec.form <= set(body.get("form") or {}):
        return f"{where}: form misses {sorted(spec.form - set(body.get('form') or {}))}"
    return None


def _replay(site: Site, rows: list[Row]) -> None:
    """Every row, then one failure listing each mismatch (this module is not assert-rewritten)."""
    mismatches = [m for m in (_mismatch(site, spec) for spec in rows) if m]
    assert not mismatches, "\n".join(mismatches)


def test_the_project_views_answer_as_pybossa_does(api):
    _replay(Site(api), PROJECT_VIEWS)


def test_the_site_and_admin_views_answer_as_pybossa_does(api):
    _replay(Site(api), SITE_VIEWS)


def test_the_api_classes_outside_the_rest_docs_answer_as_pybossa_does(api):
    site = Site(api)
    _replay(site, API_CLASSES)
    stats = api.call("GET", "/api/projectstats", project_id=site.values["pid"]).json
    assert len(stats) == 1 and set(stats[0]) >= PROJECT_STATS_KEYS
