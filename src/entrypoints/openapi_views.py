"""PYBOSSA's JSON web views in OpenAPI terms: a GET answers the page (a form with its csrf), a
POST does what the form says and answers where to go next, or the page again with the form's
problems; failures are PYBOSSA's view error body {code, description, template}.

`VIEW_DESCRIBERS` maps a resource class to its describer; a view of no listed class is
described from its docstring.
"""

import re
from collections.abc import Callable

from apispec import APISpec
from marshmallow import Schema

from entrypoints.openapi_account_views import ACCOUNT_VIEW_DESCRIBERS
from entrypoints.openapi_operations import COUNT, INT32, JSON, STRING, schema_ref
from entrypoints.openapi_owner_views import OWNER_VIEW_DESCRIBERS
from entrypoints.openapi_read_views import READ_VIEW_DESCRIBERS
from entrypoints.openapi_site_views import SITE_VIEW_DESCRIBERS
from entrypoints.openapi_task_views import TASK_VIEW_DESCRIBERS
from entrypoints.resources import project_forms
from entrypoints.resources.redundancy import Redundancy
from entrypoints.schemas import project_forms as forms
from entrypoints.sessions import COOKIE, CSRF_HEADER

# Every route outside /api is a web view but for the server's own probes, metrics and files.
NOT_VIEWS = ("/health", "/ready", "/metrics")
NOT_VIEW_PREFIXES = ("/api/", "/uploads/")
VIEW_FAILURE = "ViewFailure"
VIEW_ERROR_STATUSES = ("400", "401", "403", "404", "405", "413", "415", "429")
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
DONE = {
    "type": "object",
    "required": ["flash", "next", "status"],
    "properties": {
        "flash": STRING,
        "next": {"type": "string", "description": "the path to go to next"},
        "status": {"type": "string", "enum": ["success"]},
    },
}
PAGE = {
    "type": "object",
    "description": "the page: the view's keys (`template`, `title`, the project's keys...), "
    "its form with `csrf` and `errors`; sent again with `status: error` and `flash` when the "
    "form is refused",
}
VIEW_ERROR = {
    "type": "object",
    "required": ["code", "description", "template"],
    "properties": {"code": COUNT, "description": STRING, "template": STRING},
}
SESSION = {"type": "apiKey", "in": "cookie", "name": COOKIE}
CSRF = {
    "name": CSRF_HEADER,
    "in": "header",
    "required": False,
    "schema": STRING,
    "description": "the form's csrf; required with the session cookie",
}
THUMBNAIL = {
    "type": "object",
    "properties": {
        "avatar": {"type": "string", "format": "binary"},
        "btn": {"type": "string", "enum": ["Upload"]},
        **{name: INT32 for name in forms.BOX_FIELDS},
    },
}


def is_view(template: str) -> bool:
    """Whether the route is a web view the document describes (beside /api): every route but
    /api's, the probes, /metrics and the uploaded files."""
    if template == "/api" or template in NOT_VIEWS:
        return False
    return not template.startswith(NOT_VIEW_PREFIXES)


def register_components(spec: APISpec) -> None:
    """The view error body (a shared response) and the session cookie scheme."""
    spec.components.schema(VIEW_FAILURE, VIEW_ERROR)
    spec.components.response(
        VIEW_FAILURE,
        {
            "description": "PYBOSSA's error body of a web view",
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{VIEW_FAILURE}"}}},
        },
    )
    spec.components.security_scheme("session", SESSION)


def describe(spec: APISpec, template: str, resource: object, method: str) -> dict:
    """The operation object for one method of one web view."""
    describer = next((d for cls, d in VIEW_DESCRIBERS if isinstance(resource, cls)), None)
    operation = (describer or _generic)(spec, resource, method)
    failures = {
        status: {"$ref": f"#/components/responses/{VIEW_FAILURE}"} for status in VIEW_ERROR_STATUSES
    }
    operation["responses"] = {**failures, **operation["responses"]}
    path = [
        {"name": n, "in": "path", "required": True, "schema": STRING}
        for n in re.findall(r"{(\w+)", template)
    ]
    own = operation.get("parameters", [])  # a describer's query parameters
    operation["parameters"] = path + own + ([CSRF] if method == "POST" else [])
    operation["operationId"] = method.lower() + re.sub(r"[^A-Za-z0-9]+", "_", template)
    operation["tags"] = ["web views"]
    operation["security"] = [{"session": []}, {"api_key_query": []}, {"api_key_header": []}]
    return operation


def _form(summary: str, fields: Callable[[APISpec], dict] | None) -> Callable:
    """A form view: GET the page; POST the fields (JSON or urlencoded)."""

    def describer(spec: APISpec, resource: object, method: str) -> dict:
        if method == "GET":
            return {"summary": summary, "responses": _ok(PAGE)}
        operation = {"summary": summary, "responses": _ok({"anyOf": [DONE, PAGE]})}
        if fields is not None:
            body = fields(spec)
            content = {JSON: {"schema": body}, URLENCODED: {"schema": body}}
            if isinstance(resource, project_forms.UpdateProject):
                content[MULTIPART] = {"schema": _multipart_update()}
            operation["requestBody"] = {"required": True, "content": content}
        return operation

    return describer


def _multipart_update() -> dict:
    """The settings form's fields as text parts, or the thumbnail form (one object: a oneOf
    holding a binary part is more than schemathesis can generate)."""
    text_parts = dict.fromkeys(forms.UpdateProjectForm().fields, STRING)
    return {
        **THUMBNAIL,
        "description": "the settings form's fields, or the thumbnail: `avatar` (or `btn` "
        "Upload) and the crop box",
        "properties": {**text_parts, **THUMBNAIL["properties"]},
    }


def _schema(schema: type[Schema]) -> Callable[[APISpec], dict]:
    return lambda spec: schema_ref(spec, schema())


def _ok(schema: dict) -> dict:
    return {"200": {"description": "OK", "content": {JSON: {"schema": schema}}}}


def _generic(spec: APISpec, resource: object, method: str) -> dict:
    """Any other view: its class docstring's first line, and a 200."""
    lines = (type(resource).__doc__ or "").strip().splitlines()
    summary = lines[0] if lines else f"{method} {type(resource).__name__}"
    return {"summary": summary, "responses": {"200": {"description": "OK"}}}


PUBLISH_REFUSED = {
    "type": "object",
    "properties": {
        "code": COUNT,
        "description": STRING,
        "flash": STRING,
        "status": STRING,
        "template": STRING,
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": STRING}},
    },
}


def _publish(spec: APISpec, resource: object, method: str) -> dict:
    operation = _form("Publish a draft (owners, admins)", None)(spec, resource, method)
    if method == "POST":
        operation["responses"] = {
            **_ok(DONE),
            "403": {
                "description": "Forbidden, or the draft lacks a presenter or a task",
                "content": {JSON: {"schema": PUBLISH_REFUSED}},
            },
        }
    return operation


def _reset(spec: APISpec, resource: object, method: str) -> dict:
    return {"summary": "Give the project a new secret key", "responses": _ok(DONE)}


def _settings(spec: APISpec, resource: object, method: str) -> dict:
    pages = {"type": "object", "additionalProperties": STRING}
    page = {**PAGE, "properties": {"pages": pages}}
    return {"summary": "Where the project's task settings are", "responses": _ok(page)}


VIEW_DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (project_forms.NewProject, _form("Create a project", _schema(forms.NewProjectForm))),
    (
        project_forms.UpdateProject,
        _form("Change a project's settings or thumbnail", _schema(forms.UpdateProjectForm)),
    ),
    (project_forms.DeleteProject, _form("Delete a project with its tasks and files", None)),
    (project_forms.Publish, _publish),
    (project_forms.ResetSecretKey, _reset),
    (project_forms.TaskSettings, _settings),
    (Redundancy, _form("One n_answers for every task", _schema(forms.RedundancyForm))),
    *TASK_VIEW_DESCRIBERS,
    *OWNER_VIEW_DESCRIBERS,
    *READ_VIEW_DESCRIBERS,
    *SITE_VIEW_DESCRIBERS,
    *ACCOUNT_VIEW_DESCRIBERS,
]
