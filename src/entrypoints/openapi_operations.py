"""Each /api resource in OpenAPI terms: its parameters, request bodies and responses."""
import re
from collections.abc import Callable

from apispec import APISpec
from marshmallow import INCLUDE

from entrypoints import openapi_workflows
from entrypoints.openapi_parts import (
    BODY_METHODS,
    COUNT,
    ERROR_STATUSES,
    FAILURE,
    INT32,
    JSON,
    SECURITY_SCHEMES,
    TEXT,
    TYPES,
    schema_ref,
)
from entrypoints.openapi_parts import json_content as _json
from entrypoints.openapi_parts import ok as _ok
from entrypoints.openapi_parts import query as _query
from entrypoints.resources import contributions, objects, site, vmcp
from entrypoints.resources.accuracy import ProjectAccuracy
from entrypoints.resources.helping import HelpingMaterialCollection
from entrypoints.schemas import api_docs
from entrypoints.schemas.render import SCHEMAS as OUTPUTS
from pybossa_core import queries, scheduler


def register_components(spec: APISpec) -> None:
    """The error envelope (a schema and a shared response) and the security schemes."""
    ref = schema_ref(spec, api_docs.ErrorEnvelope(unknown=INCLUDE))
    spec.components.response(FAILURE, {
        "description": "PYBOSSA's error body", "content": {JSON: {"schema": ref}}})
    for name, scheme in SECURITY_SCHEMES.items():
        spec.components.security_scheme(name, scheme)


def describe(spec: APISpec, template: str, resource: object, method: str) -> dict:
    """The operation object for one method of one route."""
    describer = next((d for cls, d in DESCRIBERS if isinstance(resource, cls)), _generic)
    operation = describer(spec, resource, method)
    target = getattr(resource, "target", None) or "api"
    statuses = ERROR_STATUSES + (("413",) if method in BODY_METHODS else ())
    operation["responses"] = {**{s: {"$ref": f"#/components/responses/{FAILURE}"}
                                 for s in statuses}, **operation["responses"]}
    operation["parameters"] = _path_parameters(template) + operation.get("parameters", [])
    operation["operationId"] = method.lower() + re.sub(r"[^A-Za-z0-9]+", "_", template)
    operation["tags"] = [target]
    return operation


def _path_parameters(template: str) -> list[dict]:
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)", template)]


def _output(spec: APISpec, kind: str) -> dict:
    return schema_ref(spec, OUTPUTS[kind](unknown=INCLUDE))


def list_parameters(entity: type) -> list[dict]:
    """PYBOSSA's list controls, api_key, and an equality filter per filterable field."""
    flag = {"type": "boolean"}
    order = sorted({*entity.FILTERS, *queries.ORDER_ONLY})
    controls = [
        _query("limit", COUNT, f"default {queries.DEFAULT_LIMIT}, at most {queries.MAX_LIMIT}"),
        _query("offset", COUNT), _query("last_id", COUNT, "keyset paging by id"),
        _query("orderby", {"type": "string", "enum": order}), _query("desc", flag),
        _query("info", {"type": "string"}, "key::value|key2::value2, or a JSON object"),
        _query("fulltextsearch", flag), _query("all", flag, "everything you may read"),
        _query("related", flag), _query("api_key", {"type": "string"}),
    ]
    return controls + [_query(name, TYPES[kind]) for name, kind in entity.FILTERS.items()]


def _collection(spec: APISpec, resource: objects.CollectionResource, method: str) -> dict:
    kind = resource.kind
    if method in ("GET", "HEAD"):
        listed = {"type": "array", "items": _output(spec, kind.name)}
        return {"summary": f"List {kind.name} objects", "parameters": list_parameters(
            kind.entity), "responses": _ok(None if method == "HEAD" else _json(listed))}
    operation = {"summary": f"Create a {kind.name}", "responses": _ok(_json(
        _output(spec, kind.name)))}
    if kind.create_schema is not None:
        content = _json(schema_ref(spec, kind.create_schema))
        if isinstance(resource, HelpingMaterialCollection):
            content["multipart/form-data"] = {"schema": _upload_form()}
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def _upload_form() -> dict:
    return {"type": "object", "required": ["project_id"], "properties": {
        "project_id": INT32, "info": {"type": "string", "description": "a JSON object"},
        "file": {"type": "string", "format": "binary"}}}


def _item(spec: APISpec, resource: objects.ItemResource, method: str) -> dict:
    kind = resource.kind
    if method == "DELETE":
        return {"summary": f"Delete a {kind.name}",
                "responses": {"204": {"description": "Deleted"}}}
    out = _output(spec, kind.name)
    if method in ("GET", "HEAD"):
        return {"summary": f"Read a {kind.name}",
                "parameters": [_query("related", {"type": "boolean"})],
                "responses": _ok(None if method == "HEAD" else _json(out))}
    operation = {"summary": f"Update a {kind.name}", "responses": _ok(_json(out))}
    if kind.update_schema is not None:
        operation["requestBody"] = {"required": True, "content": _json(
            schema_ref(spec, kind.update_schema))}
    return operation


def _newtask(spec: APISpec, resource: object, method: str) -> dict:
    task = _output(spec, "task")
    answer = {"oneOf": [task, {"type": "array", "items": task},
                        {"type": "object", "maxProperties": 0}]}
    return {"summary": "The caller's next task(s), or {} when none is left",
            "parameters": [_query("limit", COUNT), _query("offset", COUNT),
                           _query("orderby", {"type": "string", "enum": list(
                               scheduler.ORDERABLE)}, "order the candidates by this column "
                               "instead of the scheduler's order"),
                           _query("desc", {"type": "boolean"}, "descending (alone: by id)"),
                           _query("external_uid", {"type": "string"})],
            "responses": _ok(_json(answer))}


def _accuracy(spec: APISpec, resource: object, method: str) -> dict:
    row = schema_ref(spec, api_docs.VolunteerAccuracyOut(unknown=INCLUDE))
    return {"summary": "Each volunteer's score on the project's gold tasks (owner, admins)",
            "parameters": [_query("limit", COUNT), _query("offset", COUNT)],
            "responses": _ok(_json({"type": "array", "items": row}))}


def _project_token(spec: APISpec, resource: object, method: str) -> dict:
    return {"summary": "A JWT for the project's external contributors",
            "security": [{"project_secret_key": []}],
            "responses": _ok({TEXT: {"schema": {"type": "string"}}})}


def _vmcp(spec: APISpec, resource: object, method: str) -> dict:
    failure = {"$ref": f"#/components/responses/{FAILURE}"}
    return {"summary": "CernVM-WebAPI's VM configuration, signed with the server's key",
            "parameters": [_query("cvm_salt", {"type": "string", "minLength": 1},
                                  "appended by CernVM-WebAPI", required=True),
                           _query("cvm_hostid", {"type": "string"})],
            "responses": {**_ok(_json(schema_ref(spec, api_docs.VmcpOut(unknown=INCLUDE)))),
                          "501": failure}}


def _answer(summary: str, content_of: Callable[[APISpec], dict]) -> Callable:
    """A describer for a parameterless read answering `content_of(spec)`."""
    def describer(spec: APISpec, resource: object, method: str) -> dict:
        return {"summary": summary, "responses": _ok(
            None if method == "HEAD" else content_of(spec))}
    return describer


def _generic(spec: APISpec, resource: object, method: str) -> dict:
    """Any other resource: its class docstring's first line, and a 200."""
    summary = (type(resource).__doc__ or "").strip().splitlines()
    return {"summary": summary[0] if summary else f"{method} {type(resource).__name__}",
            "responses": _ok()}


DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (objects.CollectionResource, _collection),
    (objects.ItemResource, _item),
    (contributions.NewTask, _newtask),
    (contributions.UserProgress, _answer("The caller's answers in the project", lambda spec: _json(
        schema_ref(spec, api_docs.UserProgressOut(unknown=INCLUDE))))),
    (contributions.ProjectToken, _project_token),
    (ProjectAccuracy, _accuracy),
    (site.GlobalStats, _answer("Counts over the whole site", lambda spec: _json(
        schema_ref(spec, api_docs.GlobalStatsOut(unknown=INCLUDE))))),
    (site.Tokens, _answer("The caller's oauth tokens", lambda spec: _json({"type": "object"}))),
    (site.ApiIndex, _answer("The API's name", lambda spec: {TEXT: {"schema": {
        "type": "string"}}})),
    (vmcp.Vmcp, _vmcp),
    *openapi_workflows.DESCRIBERS,
]
