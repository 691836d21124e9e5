"""OpenAPI operations of the owner workflows: bulk import, exports and webhook deliveries."""
from apispec import APISpec
from marshmallow import INCLUDE

from entrypoints.openapi_parts import COUNT, JSON, json_content, ok, query, schema_ref
from entrypoints.resources.exports import ProjectExport
from entrypoints.resources.imports import MEDIA_TYPES, TaskImport
from entrypoints.resources.webhooks import WebhookList, WebhookResend
from entrypoints.schemas.export_formats import DEFAULT_FORMAT, FORMATS
from entrypoints.schemas.webhooks import WebhookOut
from pybossa_core.use_cases.exports import EXPORT_KINDS

IMPORT_REPORT = {"type": "object", "properties": {
    "imported": COUNT, "skipped": COUNT, "rows": COUNT}}
TASK_ROW = {"type": "object", "description": "a task: info, n_answers, priority_0, quorum, "
                                             "calibration, gold_answers, dedupe_key"}


def _import(spec: APISpec, resource: object, method: str) -> dict:
    bodies = {"text/csv": {"schema": {"type": "string"}},
              JSON: {"schema": {"type": "array", "items": TASK_ROW}},
              **{media: {"schema": {"type": "string"}} for media in MEDIA_TYPES
                 if media not in ("text/csv", JSON)}}
    return {"summary": "Import tasks from a CSV, JSON array or NDJSON body, all or none",
            "requestBody": {"required": True, "content": bodies},
            "responses": ok(json_content(IMPORT_REPORT))}


def _export(spec: APISpec, resource: object, method: str) -> dict:
    content = {f.content_type.split(";")[0]: {"schema": {"type": "string"}}
               for f in FORMATS.values()}
    return {"summary": "Stream the project's tasks, task runs or results",
            "parameters": [
                query("type", {"type": "string", "enum": list(EXPORT_KINDS)}, required=True),
                query("format", {"type": "string", "enum": sorted(FORMATS),
                                 "default": DEFAULT_FORMAT})],
            "responses": ok(content)}


def _deliveries(spec: APISpec, resource: object, method: str) -> dict:
    delivery = schema_ref(spec, WebhookOut(unknown=INCLUDE))
    return {"summary": "The project's webhook deliveries with their attempts, newest first",
            "parameters": [query("limit", COUNT), query("offset", COUNT)],
            "responses": ok(json_content({"type": "array", "items": delivery}))}


def _resend(spec: APISpec, resource: object, method: str) -> dict:
    delivery = schema_ref(spec, WebhookOut(unknown=INCLUDE))
    return {"summary": "Deliver a webhook again", "responses": ok(json_content(delivery))}


DESCRIBERS = [(TaskImport, _import), (ProjectExport, _export), (WebhookList, _deliveries),
              (WebhookResend, _resend)]
