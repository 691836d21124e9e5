"""The describers of a project's task management views, which openapi_views takes in."""

from collections.abc import Callable

from apispec import APISpec

from entrypoints.resources import task_views
from entrypoints.resources.imports import MEDIA_TYPES
from entrypoints.resources.task_export_view import EXPORT_FORMATS, TYPES, ExportView
from entrypoints.resources.task_import_view import IMPORTERS, ImportView
from pybossa_core.use_cases.task_settings import MAX_PRIORITY_IDS, SCHEDULERS

JSON = "application/json"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
OBJECT = {"type": "object", "additionalProperties": True}
TEXT = {"type": "string"}
PAGE = {
    "type": "object",
    "description": "The project, its owner and figures (as /project/<short_name>/), the "
    "view's template and title, and its `form` (`csrf`, `errors`, the fields) where it has one",
    "additionalProperties": True,
}
DONE = {
    "type": "object",
    "description": "`status` success, a `flash` message and the page to go `next` to; a "
    "refused form answers 200 with `status` error, the `flash` and the form's `errors`",
    "properties": {"flash": TEXT, "next": TEXT, "status": TEXT},
}


def _ok(media_type: str, schema: dict) -> dict:
    return {"200": {"description": "OK", "content": {media_type: {"schema": schema}}}}


def _form_body(fields: dict[str, dict]) -> dict:
    schema = {"type": "object", "properties": fields}
    return {"required": False, "content": {m: {"schema": schema} for m in (JSON, *FORMS)}}


def _settings_view(summary: str, fields: dict[str, dict], posted: dict = DONE) -> Callable:
    """A view whose GET answers its page and whose POST takes its form's `fields`."""

    def describer(spec: APISpec, resource: object, method: str) -> dict:
        if method == "GET":
            return {"summary": f"{summary}: the form", "responses": _ok(JSON, PAGE)}
        operation = {"summary": summary, "responses": _ok(JSON, posted)}
        if fields:
            operation["requestBody"] = _form_body(fields)
        return operation

    return describer


def _import(spec: APISpec, resource: object, method: str) -> dict:
    if method == "GET":
        return {"summary": "The importers there are", "responses": _ok(JSON, PAGE)}
    bodies = {media: {"schema": TEXT} for media in MEDIA_TYPES}
    bodies[JSON] = {"schema": {"type": "array", "items": OBJECT}}
    bodies["multipart/form-data"] = {
        "schema": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": list(IMPORTERS)},
                "file": {"type": "string", "format": "binary"},
            },
        }
    }
    type_parameter = {"type": "string", "enum": list(IMPORTERS)}
    return {
        "summary": "Import tasks from a CSV, JSON or NDJSON body or uploaded file, all or none",
        "parameters": [{"name": "type", "in": "query", "schema": type_parameter}],
        "requestBody": {"required": True, "content": bodies},
        "responses": _ok(JSON, DONE),
    }


def _export(spec: APISpec, resource: object, method: str) -> dict:
    zipped = {"type": "string", "format": "binary"}
    responses = _ok(JSON, PAGE)
    responses["200"]["content"]["application/octet-stream"] = {"schema": zipped}
    return {
        "summary": "The export choices (no parameters), or one export as a zip file",
        "parameters": [
            {"name": "type", "in": "query", "schema": {"type": "string", "enum": list(TYPES)}},
            {
                "name": "format",
                "in": "query",
                "schema": {"type": "string", "enum": list(EXPORT_FORMATS), "default": "json"},
            },
        ],
        "responses": responses,
    }


TASK_IDS = {
    "type": "string",
    "description": f"Comma-separated task ids of the project (at most {MAX_PRIORITY_IDS})",
}
PRIORITY = {"type": "number", "minimum": 0, "maximum": 1}
TASK_VIEW_DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (
        task_views.TaskScheduler,
        _settings_view(
            "The project's task scheduler", {"sched": {"type": "string", "enum": list(SCHEDULERS)}}
        ),
    ),
    (
        task_views.TaskPriority,
        _settings_view(
            "Give tasks a priority",
            {"task_ids": TASK_IDS, "priority_0": PRIORITY},
            posted=PAGE,
        ),
    ),
    (
        task_views.TaskPresenterEditor,
        _settings_view("The project's task presenter", {"editor": TEXT}),
    ),
    (task_views.DeleteTasks, _settings_view("Delete every task with its answers and results", {})),
    (ImportView, _import),
    (ExportView, _export),
]
