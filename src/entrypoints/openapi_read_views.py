"""The describers of PYBOSSA's project views that read, which openapi_views takes in."""

from collections.abc import Callable

from apispec import APISpec
from marshmallow import INCLUDE

from entrypoints.resources import project_views
from entrypoints.schemas import api_docs
from entrypoints.schemas.render import SCHEMAS as OUTPUTS

JSON = "application/json"
PER_PAGE = {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}
# view class -> its answer's schema (None: the answer is the task runs' list)
ANSWERS = {
    project_views.ProjectStatistics: api_docs.ProjectViewOut,
    project_views.ProjectSettings: api_docs.ProjectViewOut,
    project_views.TasksOverview: api_docs.ProjectViewOut,
    project_views.TaskBrowser: api_docs.TaskBrowseOut,
    project_views.Tutorial: api_docs.ProjectViewOut,
    project_views.TaskPage: api_docs.ProjectViewOut,
    project_views.Presenter: api_docs.ProjectViewOut,
    project_views.ProjectResults: api_docs.ProjectViewOut,
    project_views.TaskResultsJson: None,
}


def _ref(spec: APISpec, schema) -> dict:
    name = type(schema).__name__
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=schema)
    return {"$ref": f"#/components/schemas/{name}"}


def _describe(spec: APISpec, resource: object, method: str) -> dict:
    """A view's operation: its docstring's first line, its parameters and its answer."""
    schema = ANSWERS[type(resource)]
    if schema is None:
        run = _ref(spec, OUTPUTS["taskrun"](unknown=INCLUDE))
        answer = {"type": "array", "items": run}
    else:
        answer = _ref(spec, schema(unknown=INCLUDE))
    response = {"description": "OK"}
    if method != "HEAD":
        response["content"] = {JSON: {"schema": answer}}
    operation = {
        "summary": (type(resource).__doc__ or "").strip().splitlines()[0],
        "responses": {"200": response},
    }
    if isinstance(resource, project_views.TaskBrowser):
        per_page = {"name": "per_page", "in": "query", "required": False, "schema": PER_PAGE}
        operation["parameters"] = [per_page]
    return operation


PASSWORD_PAGE = {
    "type": "object",
    "required": ["form", "project", "protected", "template", "title"],
    "properties": {
        "form": {"type": "object", "description": "`password`, `csrf`, `errors`"},
        "project": {"type": "object"},
        "owner": {"type": "object", "nullable": True},
        "protected": {"type": "boolean", "enum": [False]},
        "next": {"type": "string"},
        "template": {"type": "string"},
        "title": {"type": "string"},
    },
}
ON_TO_THE_PROJECT = {
    "type": "object",
    "required": ["flash", "next", "status"],
    "properties": {
        "flash": {"type": "string"},
        "next": {"type": "string"},
        "status": {"type": "string", "enum": ["info"]},
    },
}


def _password(spec: APISpec, resource: object, method: str) -> dict:
    """PYBOSSA's page to unlock a protected project: none is protected here."""
    if method == "POST":
        body = {"type": "object", "properties": {"password": {"type": "string"}}}
        return {
            "summary": "Send a project's password: no project here has one, on to its page",
            "requestBody": {"content": {JSON: {"schema": body}}},
            "responses": {
                "200": {"description": "OK", "content": {JSON: {"schema": ON_TO_THE_PROJECT}}}
            },
        }
    response = {"description": "OK"}
    if method != "HEAD":
        response["content"] = {JSON: {"schema": PASSWORD_PAGE}}
    return {
        "summary": "The password page (no project here is protected)",
        "responses": {"200": response},
    }


READ_VIEW_DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    *((view, _describe) for view in ANSWERS),
    (project_views.ProjectPassword, _password),
]
