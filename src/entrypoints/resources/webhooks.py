"""A project's webhook deliveries over HTTP: the list with their attempts, and resending one."""
import falcon

from entrypoints.bootstrap import Services
from entrypoints.resources.objects import path_id
from entrypoints.schemas.webhooks import render_delivery
from pybossa_core import errors, queries
from pybossa_core.use_cases import webhooks

LIST_PARAMS = frozenset({"limit", "offset", "api_key"})


class WebhookList:
    """GET /api/project/{id}/webhooks: the project's webhook deliveries, newest first."""

    target = "webhook"

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        offset, limit = _page(req)
        listed = webhooks.list_deliveries(self.services.uow, path_id(object_id, "project"),
                                          req.context.actor, offset=offset, limit=limit)
        resp.media = [render_delivery(delivery, attempts) for delivery, attempts in listed]


class WebhookResend:
    """POST /api/project/{id}/webhooks/{webhook_id}/resend: deliver a webhook again."""

    target = "webhook"

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_post(self, req: falcon.Request, resp: falcon.Response, object_id: str,
                webhook_id: str) -> None:
        delivery, attempts = webhooks.resend(
            self.services.uow, path_id(object_id, "project"), path_id(webhook_id, "webhook"),
            req.context.actor, jobs=self.services.jobs, now=self.services.clock())
        resp.media = render_delivery(delivery, attempts)


def _page(req: falcon.Request) -> tuple[int, int]:
    """`offset` and `limit` (default 20, at most 100); any other parameter is a 415."""
    unknown = sorted(set(req.params) - LIST_PARAMS)
    if unknown:
        raise errors.UnknownAttribute(f"webhooks have no parameter '{unknown[0]}'", "webhook")
    offset = _count(req, "offset", 0)
    limit = _count(req, "limit", queries.DEFAULT_LIMIT)
    return offset, min(limit, queries.MAX_LIMIT)


def _count(req: falcon.Request, name: str, default: int) -> int:
    raw = req.get_param(name)
    if raw is None:
        return default
    value = queries.parse_value(name, raw, int, "webhook")
    if value < 0:
        raise errors.InvalidInput(f"{name}: must not be negative", "webhook",
                                  {name: ["must not be negative"]})
    return value
