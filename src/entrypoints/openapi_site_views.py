"""The describers of the site's own views and the admin console, which openapi_views takes in:
each names its answer's top-level keys, its query and path parameters and its form's fields."""

from collections.abc import Callable

from apispec import APISpec
from marshmallow import INCLUDE

from entrypoints.openapi_operations import BOOLEAN, COUNT, INT32, JSON, STRING, _query
from entrypoints.resources import (
    admin,
    admin_console,
    home,
    project_listings,
    publications,
    site,
    site_pages,
)
from entrypoints.schemas import api_docs
from entrypoints.schemas.export_formats import FORMATS
from entrypoints.schemas.render import SCHEMAS as OUTPUTS

URLENCODED = "application/x-www-form-urlencoded"
ARRAY = {"type": "array", "items": {"type": "object"}}
OBJECT = {"type": "object"}
FORM = {"type": "object", "description": "the form: `csrf`, `errors` and its fields' values"}
NEXT = {"type": "object", "required": ["next"], "properties": {"next": STRING}}
FLASHED = {
    "type": "object",
    "required": ["flash", "next", "status"],
    "properties": {"flash": STRING, "next": STRING, "status": STRING},
}


def keys(*required: str, **typed: dict) -> dict:
    """An answer object with these top-level keys (strings unless typed otherwise)."""
    names = sorted({*required, *typed})
    properties = {name: typed.get(name, STRING) for name in names}
    return {"type": "object", "required": list(required), "properties": properties}


EXPORTED_USER = keys(
    *("id", "name", "fullname", "email_addr", "created", "locale", "admin"),
    id=INT32,
    admin=BOOLEAN,
)
EXPORTED_USERS = {"type": "array", "items": EXPORTED_USER}
HOME = keys(
    "categories",
    "categories_projects",
    "featured",
    "template",
    "top_projects",
    "top_users",
    categories=ARRAY,
    categories_projects=OBJECT,
    featured=ARRAY,
    top_projects=ARRAY,
    top_users=ARRAY,
    historical_contributions={**ARRAY, "description": "the signed-in caller's projects"},
)
LEADERBOARD = keys("template", "title", "top_users", top_users=ARRAY)
STATS = keys(
    *("projects", "show_locs", "stats", "tasks", "template", "title", "users"),
    *("top5_projects_24_hours", "top5_users_24_hours"),
    projects=OBJECT,
    show_locs=BOOLEAN,
    stats=OBJECT,
    tasks=OBJECT,
    users=OBJECT,
    top5_projects_24_hours=ARRAY,
    top5_users_24_hours=ARRAY,
)
TEMPLATE = keys("template")
API_HELP = keys("project_id", "template", "title", project_id={**INT32, "nullable": True})
LISTING = keys(
    *("active_cat", "categories", "count", "pagination", "projects", "template", "title"),
    active_cat=OBJECT,
    categories=ARRAY,
    count=COUNT,
    pagination=OBJECT,
    projects=ARRAY,
)
FEATURED = keys(
    "categories", "form", "projects", "template", categories=ARRAY, form=FORM, projects=OBJECT
)
WEEK = {"type": "object", "properties": {"labels": {"type": "array", "items": STRING}}}
DASHBOARD = keys(
    *("new_users_week", "new_projects_week", "new_tasks_week", "new_task_runs_week"),
    *("active_users_week", "active_anon_week", "template", "title", "wait"),
    **dict.fromkeys(
        (
            "new_users_week",
            "new_projects_week",
            "new_tasks_week",
            "new_task_runs_week",
            "active_users_week",
            "active_anon_week",
        ),
        WEEK,
    ),
    wait=BOOLEAN,
)
ADMIN_USERS = keys(
    "form", "found", "template", "title", "users", form=FORM, found=ARRAY, users=ARRAY
)
CATEGORIES = keys(
    *("categories", "form", "n_projects_per_category", "template", "title"),
    categories=ARRAY,
    form=FORM,
    n_projects_per_category={"type": "object", "additionalProperties": COUNT},
)
CATEGORY_PAGE = keys("category", "form", "template", "title", category=OBJECT, form=FORM)
ANNOUNCEMENTS = keys("announcements", "csrf", "template", "title", announcements=ARRAY)
ANNOUNCEMENT_PAGE = keys(
    "announcement", "form", "template", "title", announcement=OBJECT, form=FORM
)
ANNOUNCEMENT_FORM = keys("form", "template", "title", form=FORM)
BLOG = {
    "type": "object",
    "description": "the project's keys (as /project/{short_name}) and its `blogposts`",
    "required": ["blogposts", "project", "template"],
    "properties": {"blogposts": ARRAY, "project": OBJECT, "template": STRING},
}


def _ok(schema: dict, method: str) -> dict:
    response = {"description": "OK"}
    if method != "HEAD":
        response["content"] = {JSON: {"schema": schema}}
    return {"200": response}


def _body(fields: dict[str, dict]) -> dict:
    schema = {"type": "object", "properties": fields}
    return {
        "required": False,
        "content": {JSON: {"schema": schema}, URLENCODED: {"schema": schema}},
    }


def _page(summary: str, answer: dict, parameters: tuple[dict, ...] = ()) -> Callable:
    """A view that reads: its answer's keys and its query parameters."""

    def describer(spec: APISpec, resource: object, method: str) -> dict:
        operation = {"summary": summary, "responses": _ok(answer, method)}
        if parameters:
            operation["parameters"] = list(parameters)
        return operation

    return describer


def _form(summary: str, page: dict, fields: tuple[str, ...], posted: dict) -> Callable:
    """A form view: GET its page; POST its fields (JSON or urlencoded), answering `posted`."""

    def describer(spec: APISpec, resource: object, method: str) -> dict:
        if method in ("GET", "HEAD"):
            return {"summary": f"{summary}: the page", "responses": _ok(page, method)}
        operation = {"summary": summary, "responses": _ok(posted, method)}
        if fields:
            typed = {name: BOOLEAN if name == "published" else STRING for name in fields}
            operation["requestBody"] = _body(typed)
        return operation

    return describer


def _project_page(spec: APISpec, resource: object, method: str) -> dict:
    name = api_docs.ProjectViewOut.__name__
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=api_docs.ProjectViewOut(unknown=INCLUDE))
    answer = {"$ref": f"#/components/schemas/{name}"}
    return {"summary": "The project's page", "responses": _ok(answer, method)}


def _category_delete(spec: APISpec, resource: object, method: str) -> dict:
    operation = _form("Delete an empty category", CATEGORY_PAGE, (), FLASHED)(
        spec, resource, method
    )
    if method == "POST":
        refused = {
            "description": "The category still has projects",
            "content": {JSON: {"schema": FLASHED}},
        }
        operation["responses"]["409"] = refused
    return operation


def _featuring(spec: APISpec, resource: object, method: str) -> dict:
    name = "ProjectOut"
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=OUTPUTS["project"](unknown=INCLUDE))
    verb = "Feature the project" if method == "POST" else "Stop featuring the project"
    return {
        "summary": f"{verb} (admins; 409 when it already is or is not)",
        "responses": {
            **_ok({"$ref": f"#/components/schemas/{name}"}, method),
            "409": {"$ref": "#/components/responses/ViewFailure"},
        },
    }


def _users_export(spec: APISpec, resource: object, method: str) -> dict:
    streamed = {}
    for name in admin_console.USER_EXPORT_FORMATS:
        media_type = FORMATS[name].content_type.split(";")[0]
        streamed[media_type] = {"schema": EXPORTED_USERS if media_type == JSON else STRING}
    formats = {"type": "string", "enum": list(admin_console.USER_EXPORT_FORMATS)}
    return {
        "summary": "Every user, streamed as all_users.json or all_users.csv (admins)",
        "parameters": [_query("format", formats, "anything else is a 400", required=True)],
        "responses": {"200": {"description": "OK", "content": streamed}},
    }


WINDOW = "the places shown around the signed-in caller's (digits)"
PAGE_NUMBER = "a page number from 1 (the path's {page})"
SITE_VIEW_DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (home.Home, _page("The front page", HOME)),
    (site_pages.Leaderboard, _page("The best contributors; {window}: " + WINDOW, LEADERBOARD)),
    (site_pages.SiteStats, _page("The site's figures and the last 24 hours' busiest", STATS)),
    (site_pages.TemplatePage, _page("A page that is only its template", TEMPLATE)),
    (site_pages.ApiHelp, _page("The API help, with a published project's id", API_HELP)),
    (
        project_listings.ProjectListing,
        _page(
            "A category's (or featured, draft, historical) projects; " + PAGE_NUMBER,
            {"oneOf": [LISTING, NEXT]},
        ),
    ),
    (site.ProjectView, _project_page),
    (publications.ProjectBlog, _page("The project's blog posts, newest first", BLOG)),
    (admin_console.AdminIndex, _page("The admin console's index (admins)", TEMPLATE)),
    (admin_console.Featured, _page("Published projects by category, featured or not", FEATURED)),
    (admin_console.FeatureProject, _featuring),
    (admin_console.UsersExport, _users_export),
    (admin_console.Dashboard, _page("The last week's activity, day by day (admins)", DASHBOARD)),
    (
        admin.Users,
        _form("The admins; POST {user} also finds users", ADMIN_USERS, ("user",), ADMIN_USERS),
    ),
    (admin.AdminRight, _form("Grant or take away the admin right (admins)", NEXT, (), NEXT)),
    (
        admin.Categories,
        _form("The categories; POST adds one", CATEGORIES, ("name", "description"), CATEGORIES),
    ),
    (admin.CategoryDelete, _category_delete),
    (
        admin.CategoryUpdate,
        _form(
            "Change a category",
            CATEGORY_PAGE,
            ("name", "description"),
            {"oneOf": [FLASHED, CATEGORY_PAGE]},
        ),
    ),
    (publications.Announcements, _page("The announcements (admins)", ANNOUNCEMENTS)),
    (
        publications.NewAnnouncement,
        _form(
            "Publish an announcement",
            ANNOUNCEMENT_FORM,
            publications.POST_FIELDS,
            {"oneOf": [FLASHED, ANNOUNCEMENT_FORM]},
        ),
    ),
    (
        publications.AnnouncementUpdate,
        _form(
            "Change an announcement",
            ANNOUNCEMENT_FORM,
            publications.POST_FIELDS,
            {"oneOf": [FLASHED, ANNOUNCEMENT_FORM]},
        ),
    ),
    (
        publications.AnnouncementDelete,
        _form("Delete an announcement", ANNOUNCEMENT_PAGE, (), FLASHED),
    ),
]
