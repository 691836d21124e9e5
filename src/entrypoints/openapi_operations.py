"""Each /api resource in OpenAPI terms: its parameters, request bodies and responses.

`DESCRIBERS` maps a resource class to the function that describes its operations; a resource
of no listed class is described from its docstring (`_generic`).
"""

import re
from collections.abc import Callable

from apispec import APISpec
from marshmallow import INCLUDE, Schema

from entrypoints.resources import contributions, objects, site, vmcp
from entrypoints.resources.accuracy import ProjectAccuracy
from entrypoints.resources.exports import ProjectExport
from entrypoints.resources.favorites import Favorite, Favorites
from entrypoints.resources.helping import HelpingMaterialCollection
from entrypoints.resources.imports import MEDIA_TYPES, TaskImport
from entrypoints.resources.project_stats import ProjectStatsItem, ProjectStatsList
from entrypoints.resources.webhooks import WebhookList, WebhookResend
from entrypoints.schemas import api_docs
from entrypoints.schemas.export_formats import DEFAULT_FORMAT, FORMATS
from entrypoints.schemas.render import SCHEMAS as OUTPUTS
from entrypoints.schemas.webhooks import WebhookOut
from pybossa_core import queries, scheduler
from pybossa_core.use_cases.exports import EXPORT_KINDS

FAILURE = "Failure"
ERROR_STATUSES = ("400", "401", "403", "404", "405", "409", "415", "429")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON = "application/json"
TEXT = "text/plain"

INT32 = {
    "type": "integer",
    "format": "int32",
    "minimum": queries.INT_MIN,
    "maximum": queries.INT_MAX,
}
COUNT = {"type": "integer", "format": "int32", "minimum": 0, "maximum": queries.INT_MAX}
STRING = {"type": "string"}
BOOLEAN = {"type": "boolean"}
TYPES = {int: INT32, float: {"type": "number"}, bool: BOOLEAN, str: STRING}

SECURITY_SCHEMES = {
    "api_key_query": {"type": "apiKey", "in": "query", "name": "api_key"},
    "api_key_header": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "the bare api key as the Authorization header",
    },
    "project_token": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "from /api/auth/project/{short_name}/token, with "
        "?external_uid= for an app's own users",
    },
    "project_secret_key": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "a project's secret_key (project tokens only)",
    },
}
# Anonymous callers are welcome too: hence the empty requirement first.
SECURITY = [{}, {"api_key_query": []}, {"api_key_header": []}, {"project_token": []}]

IMPORT_REPORT = {
    "type": "object",
    "properties": {"imported": COUNT, "skipped": COUNT, "rows": COUNT},
}
TASK_ROW = {
    "type": "object",
    "description": "a task: info, n_answers, priority_0, quorum, calibration, gold_answers, "
    "dedupe_key",
}


# -- building blocks ---------------------------------------------------------------------------


def schema_ref(spec: APISpec, schema: Schema) -> dict:
    """A $ref to the schema's component, registered under its class name on first use."""
    name = type(schema).__name__
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=schema)
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, schema: dict, description: str = "", required: bool = False) -> dict:
    parameter = {"name": name, "in": "query", "required": required, "schema": schema}
    if description:
        parameter["description"] = description
    return parameter


def _ok(content: dict | None = None) -> dict:
    response = {"description": "OK"}
    if content:
        response["content"] = content
    return {"200": response}


def _json(schema: dict) -> dict:
    return {JSON: {"schema": schema}}


def _text() -> dict:
    return {TEXT: {"schema": STRING}}


def _output(spec: APISpec, kind: str) -> dict:
    return schema_ref(spec, OUTPUTS[kind](unknown=INCLUDE))


def _path_parameters(template: str) -> list[dict]:
    names = re.findall(r"{(\w+)", template)
    return [{"name": name, "in": "path", "required": True, "schema": STRING} for name in names]


# -- the document's shared parts and each operation --------------------------------------------


def register_components(spec: APISpec) -> None:
    """The error envelope (a schema and a shared response) and the security schemes."""
    ref = schema_ref(spec, api_docs.ErrorEnvelope(unknown=INCLUDE))
    spec.components.response(
        FAILURE,
        {
            "description": "PYBOSSA's error body",
            "content": _json(ref),
        },
    )
    for name, scheme in SECURITY_SCHEMES.items():
        spec.components.security_scheme(name, scheme)


def describe(spec: APISpec, template: str, resource: object, method: str) -> dict:
    """The operation object for one method of one route."""
    describer = next((d for cls, d in DESCRIBERS if isinstance(resource, cls)), _generic)
    operation = describer(spec, resource, method)
    statuses = ERROR_STATUSES
    if method in BODY_METHODS:
        statuses += ("413",)
    failures = {status: {"$ref": f"#/components/responses/{FAILURE}"} for status in statuses}
    operation["responses"] = {**failures, **operation["responses"]}
    operation["parameters"] = _path_parameters(template) + operation.get("parameters", [])
    operation["operationId"] = method.lower() + re.sub(r"[^A-Za-z0-9]+", "_", template)
    operation["tags"] = [resource.target or "api"]
    return operation


def list_parameters(entity: type) -> list[dict]:
    """PYBOSSA's list controls, api_key, and an equality filter per filterable field."""
    order = sorted({*entity.FILTERS, *queries.ORDER_ONLY})
    limit = f"default {queries.DEFAULT_LIMIT}, at most {queries.MAX_LIMIT}"
    controls = [
        _query("limit", COUNT, limit),
        _query("offset", COUNT),
        _query("last_id", COUNT, "keyset paging by id"),
        _query("orderby", {"type": "string", "enum": order}),
        _query("desc", BOOLEAN),
        _query("info", STRING, "key::value|key2::value2, or a JSON object"),
        _query("fulltextsearch", BOOLEAN),
        _query("all", BOOLEAN, "everything you may read"),
        _query("related", BOOLEAN),
        _query("api_key", STRING),
    ]
    filters = [_query(name, TYPES[kind]) for name, kind in entity.FILTERS.items()]
    return controls + filters


# -- the domain objects' collections and items --------------------------------------------------


def _collection(spec: APISpec, resource: objects.CollectionResource, method: str) -> dict:
    kind = resource.kind
    if method in ("GET", "HEAD"):
        listed = {"type": "array", "items": _output(spec, kind.name)}
        return {
            "summary": f"List {kind.name} objects",
            "parameters": list_parameters(kind.entity),
            "responses": _ok(None if method == "HEAD" else _json(listed)),
        }
    operation = {
        "summary": f"Create a {kind.name}",
        "responses": _ok(_json(_output(spec, kind.name))),
    }
    if kind.create_schema is not None:
        content = _json(schema_ref(spec, kind.create_schema))
        if isinstance(resource, HelpingMaterialCollection):
            content["multipart/form-data"] = {"schema": _upload_form()}
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def _upload_form() -> dict:
    return {
        "type": "object",
        "required": ["project_id"],
        "properties": {
            "project_id": INT32,
            "info": {"type": "string", "description": "a JSON object"},
            "file": {"type": "string", "format": "binary"},
        },
    }


def _item(spec: APISpec, resource: objects.ItemResource, method: str) -> dict:
    kind = resource.kind
    if method == "DELETE":
        return {
            "summary": f"Delete a {kind.name}",
            "responses": {"204": {"description": "Deleted"}},
        }
    out = _output(spec, kind.name)
    if method in ("GET", "HEAD"):
        return {
            "summary": f"Read a {kind.name}",
            "parameters": [_query("related", BOOLEAN)],
            "responses": _ok(None if method == "HEAD" else _json(out)),
        }
    operation = {"summary": f"Update a {kind.name}", "responses": _ok(_json(out))}
    if kind.update_schema is not None:
        content = _json(schema_ref(spec, kind.update_schema))
        operation["requestBody"] = {"required": True, "content": content}
    return operation


# -- volunteering -------------------------------------------------------------------------------


def _newtask(spec: APISpec, resource: object, method: str) -> dict:
    task = _output(spec, "task")
    none_left = {"type": "object", "maxProperties": 0}
    answer = {"oneOf": [task, {"type": "array", "items": task}, none_left]}
    orderable = {"type": "string", "enum": list(scheduler.ORDERABLE)}
    return {
        "summary": "The caller's next task(s), or {} when none is left",
        "parameters": [
            _query("limit", COUNT),
            _query("offset", COUNT),
            _query(
                "orderby",
                orderable,
                "order the candidates by this column instead of the scheduler's order",
            ),
            _query("desc", BOOLEAN, "descending (alone: by id)"),
            _query("external_uid", STRING),
        ],
        "responses": _ok(_json(answer)),
    }


def _user_progress(spec: APISpec) -> dict:
    return _json(schema_ref(spec, api_docs.UserProgressOut(unknown=INCLUDE)))


def _project_token(spec: APISpec, resource: object, method: str) -> dict:
    return {
        "summary": "A JWT for the project's external contributors",
        "security": [{"project_secret_key": []}],
        "responses": _ok(_text()),
    }


def _accuracy(spec: APISpec, resource: object, method: str) -> dict:
    row = schema_ref(spec, api_docs.VolunteerAccuracyOut(unknown=INCLUDE))
    return {
        "summary": "Each volunteer's score on the project's gold tasks (owner, admins)",
        "parameters": [_query("limit", COUNT), _query("offset", COUNT)],
        "responses": _ok(_json({"type": "array", "items": row})),
    }


def _vmcp(spec: APISpec, resource: object, method: str) -> dict:
    signed = schema_ref(spec, api_docs.VmcpOut(unknown=INCLUDE))
    salt = {"type": "string", "minLength": 1}
    return {
        "summary": "CernVM-WebAPI's VM configuration, signed with the server's key",
        "parameters": [
            _query("cvm_salt", salt, "appended by CernVM-WebAPI", required=True),
            _query("cvm_hostid", STRING),
        ],
        "responses": {
            **_ok(_json(signed)),
            "501": {"$ref": f"#/components/responses/{FAILURE}"},
        },
    }


# -- the site -----------------------------------------------------------------------------------


def _global_stats(spec: APISpec) -> dict:
    return _json(schema_ref(spec, api_docs.GlobalStatsOut(unknown=INCLUDE)))


def _tokens(spec: APISpec) -> dict:
    return _json({"type": "object"})


def _api_name(spec: APISpec) -> dict:
    return _text()


# -- the owner's workflows: bulk import, exports, webhook deliveries -----------------------------


def _import(spec: APISpec, resource: object, method: str) -> dict:
    bodies = {media: {"schema": STRING} for media in MEDIA_TYPES}
    bodies[JSON] = {"schema": {"type": "array", "items": TASK_ROW}}
    return {
        "summary": "Import tasks from a CSV, JSON array or NDJSON body, all or none",
        "requestBody": {"required": True, "content": bodies},
        "responses": _ok(_json(IMPORT_REPORT)),
    }


def _export(spec: APISpec, resource: object, method: str) -> dict:
    content = {}
    for export_format in FORMATS.values():
        media_type = export_format.content_type.split(";")[0]
        rows = {"type": "array", "items": {"type": "object"}}  # JSON: the rows; else text
        content[media_type] = {"schema": rows if media_type == JSON else STRING}
    kinds = {"type": "string", "enum": list(EXPORT_KINDS)}
    formats = {"type": "string", "enum": sorted(FORMATS), "default": DEFAULT_FORMAT}
    return {
        "summary": "Stream the project's tasks, task runs or results",
        "parameters": [_query("type", kinds, required=True), _query("format", formats)],
        "responses": _ok(content),
    }


def _deliveries(spec: APISpec, resource: object, method: str) -> dict:
    delivery = schema_ref(spec, WebhookOut(unknown=INCLUDE))
    return {
        "summary": "The project's webhook deliveries with their attempts, newest first",
        "parameters": [_query("limit", COUNT), _query("offset", COUNT)],
        "responses": _ok(_json({"type": "array", "items": delivery})),
    }


def _resend(spec: APISpec, resource: object, method: str) -> dict:
    delivery = schema_ref(spec, WebhookOut(unknown=INCLUDE))
    return {"summary": "Deliver a webhook again", "responses": _ok(_json(delivery))}


# -- favourite tasks and project statistics ------------------------------------------------------

PROJECT_STATS = {
    "type": "object",
    "properties": {
        **{name: COUNT for name in ("id", "project_id", "n_tasks", "n_task_runs", "n_results")},
        **{name: COUNT for name in ("n_volunteers", "n_completed_tasks", "n_blogposts")},
        "overall_progress": COUNT,
        "average_time": {"type": "number", "description": "seconds per answer"},
        "last_activity": {"type": "string", "nullable": True},
        "info": {"type": "object"},
        "link": STRING,
        "links": {"type": "array", "items": STRING},
    },
}


def _favorites(spec: APISpec, resource: object, method: str) -> dict:
    task = _output(spec, "task")
    if method == "POST":
        body = {"type": "object", "required": ["task_id"], "properties": {"task_id": INT32}}
        return {
            "summary": "Mark a task as one of the caller's favourites (409 if it is already)",
            "requestBody": {"required": True, "content": _json(body)},
            "responses": _ok(_json(task)),
        }
    return {
        "summary": "The caller's favourite tasks, by id",
        "parameters": [_query("limit", COUNT), _query("offset", COUNT)],
        "responses": _ok(_json({"type": "array", "items": task})),
    }


def _favorite(spec: APISpec, resource: object, method: str) -> dict:
    summary = "Unmark a favourite task" if method == "DELETE" else "One of the caller's favourites"
    return {"summary": summary, "responses": _ok(_json(_output(spec, "task")))}


def _project_stats(spec: APISpec, resource: object, method: str) -> dict:
    if method != "GET":
        return {"summary": "Refused: project statistics are read-only", "responses": _ok()}
    if isinstance(resource, ProjectStatsItem):
        return {"summary": "A project's statistics", "responses": _ok(_json(PROJECT_STATS))}
    return {
        "summary": "Statistics of the projects the caller may read",
        "parameters": [
            _query("project_id", INT32),
            _query("limit", COUNT),
            _query("offset", COUNT),
        ],
        "responses": _ok(_json({"type": "array", "items": PROJECT_STATS})),
    }


# -- which describer describes which resource ----------------------------------------------------


def _answer(summary: str, content_of: Callable[[APISpec], dict]) -> Callable:
    """A describer for a parameterless read answering `content_of(spec)`."""

    def describer(spec: APISpec, resource: object, method: str) -> dict:
        content = None if method == "HEAD" else content_of(spec)
        return {"summary": summary, "responses": _ok(content)}

    return describer


def _generic(spec: APISpec, resource: object, method: str) -> dict:
    """Any other resource: its class docstring's first line, and a 200."""
    lines = (type(resource).__doc__ or "").strip().splitlines()
    summary = lines[0] if lines else f"{method} {type(resource).__name__}"
    return {"summary": summary, "responses": _ok()}


DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (objects.CollectionResource, _collection),
    (objects.ItemResource, _item),
    (contributions.NewTask, _newtask),
    (contributions.UserProgress, _answer("The caller's answers in the project", _user_progress)),
    (contributions.ProjectToken, _project_token),
    (ProjectAccuracy, _accuracy),
    (site.GlobalStats, _answer("Counts over the whole site", _global_stats)),
    (site.Tokens, _answer("The caller's oauth tokens", _tokens)),
    (site.ApiIndex, _answer("The API's name", _api_name)),
    (vmcp.Vmcp, _vmcp),
    (TaskImport, _import),
    (ProjectExport, _export),
    (WebhookList, _deliveries),
    (WebhookResend, _resend),
    (Favorites, _favorites),
    (Favorite, _favorite),
    (ProjectStatsList, _project_stats),
    (ProjectStatsItem, _project_stats),
]
