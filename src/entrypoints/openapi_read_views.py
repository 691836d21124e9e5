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


READ_VIEW_DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (view, _describe) for view in ANSWERS
]
