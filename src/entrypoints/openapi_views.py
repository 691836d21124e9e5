"""The JSON web views the OpenAPI document describes beside /api: PYBOSSA's project views
that read. Their failures answer the web views' error body (`ViewFailure`)."""

from apispec import APISpec
from marshmallow import INCLUDE

from entrypoints.resources import project_views
from entrypoints.schemas import api_docs
from entrypoints.schemas.render import SCHEMAS as OUTPUTS

VIEW_FAILURE = "ViewFailure"
JSON = "application/json"
PER_PAGE = {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}
# view class -> its answer's schema (None: the answer is the task runs' list)
VIEWS = {
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


def register_components(spec: APISpec) -> None:
    """The web views' error body, as a schema and a shared response."""
    ref = _ref(spec, api_docs.ViewError(unknown=INCLUDE))
    spec.components.response(
        VIEW_FAILURE,
        {"description": "PYBOSSA's error body of web views", "content": {JSON: {"schema": ref}}},
    )


def describes(resource: object) -> bool:
    """Whether the resource is a web view the document describes."""
    return type(resource) in VIEWS


def describe(spec: APISpec, resource: object, method: str) -> dict:
    """A view's operation: its docstring's first line, its parameters and its answer."""
    schema = VIEWS[type(resource)]
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
