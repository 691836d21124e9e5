"""A project's webhook deliveries over HTTP: the list with their attempts, and resending one."""

import falcon

from entrypoints.resources.base import Resource
from entrypoints.resources.objects import page_params, path_id, project_key
from entrypoints.schemas.webhooks import render_delivery
from pybossa_core.clock import Clock
from pybossa_core.use_cases import webhooks


class WebhookList(Resource):
    """GET /api/project/{id or short_name}/webhooks: its webhook deliveries, newest first."""

    target = "webhook"

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        limit, offset = page_params(req, self.target)
        listed = webhooks.list_deliveries(
            req.context.uow, project_key(object_id), req.context.actor, offset=offset, limit=limit
        )
        resp.media = [render_delivery(delivery, attempts) for delivery, attempts in listed]


class WebhookResend(Resource):
    """POST /api/project/{id or short_name}/webhooks/{webhook_id}/resend: deliver it again."""

    target = "webhook"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_post(
        self, req: falcon.Request, resp: falcon.Response, object_id: str, webhook_id: str
    ) -> None:
        delivery, attempts = webhooks.resend(
            req.context.uow,
            project_key(object_id),
            path_id(webhook_id, "webhook"),
            req.context.actor,
            now=self.clock(),
        )
        resp.media = render_delivery(delivery, attempts)
