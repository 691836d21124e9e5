"""The describers of the views that manage a project's owners, audit log and webhooks, which
openapi_views takes in."""

from collections.abc import Callable

from apispec import APISpec

from entrypoints.openapi_operations import COUNT, JSON, STRING, _json, _ok, _query
from entrypoints.resources.project_owners import (
    AddCoowner,
    AuditLog,
    Coowners,
    DelCoowner,
    TransferOwnership,
    WebhookRetry,
    WebhookView,
)

FLASH = {"type": "object", "required": ["flash", "next", "status"]}


def _view(summary: str, fields: tuple[str, ...] = (), paged: bool = False) -> Callable:
    """A describer of a project view: its summary, form fields (POST) and paging (GET)."""

    def describer(spec: APISpec, resource: object, method: str) -> dict:
        operation = {"summary": summary, "responses": _ok(_json({"type": "object"}))}
        if paged and method == "GET":
            operation["parameters"] = [_query("limit", COUNT), _query("offset", COUNT)]
        if fields and method == "POST":
            form = {"type": "object", "properties": dict.fromkeys(fields, STRING)}
            operation["requestBody"] = {"content": {JSON: {"schema": form}}}
        return operation

    return describer


def _webhook_view(spec: APISpec, resource: object, method: str) -> dict:
    if method == "GET":
        return _view("The project's webhook deliveries (owners, admins)", paged=True)(
            spec, resource, method
        )
    return {
        "summary": "Send every failed delivery again (?all=true)",
        "parameters": [_query("all", {"type": "string", "enum": ["true"]}, required=True)],
        "responses": _ok(_json(FLASH)),
    }


OWNER_VIEW_DESCRIBERS: list[tuple[type, Callable[[APISpec, object, str], dict]]] = [
    (Coowners, _view("The project's owners; POST {user} searches users by name", ("user",))),
    (AddCoowner, _view("Make a user a co-owner (the owner, admins)")),
    (DelCoowner, _view("A co-owner no longer manages the project (the owner, admins)")),
    (TransferOwnership, _view("Hand the project to the user with this address", ("email_addr",))),
    (AuditLog, _view("Who changed which setting of the project, newest first", paged=True)),
    (WebhookView, _webhook_view),
    (WebhookRetry, _view("Send one webhook delivery again (owners, admins)")),
]
