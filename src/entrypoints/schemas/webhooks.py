"""Webhook deliveries as their project's owners see them: each with its attempts."""

from marshmallow import Schema, fields

from pybossa_core.webhooks import WebhookAttempt, WebhookDelivery

ISO = "iso"


class WebhookAttemptOut(Schema):
    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    status = fields.String()
    response_status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)


class WebhookOut(Schema):
    """A delivery; never the project's secret key (only its signature went out)."""

    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    updated = fields.DateTime(format=ISO)
    event = fields.String()
    payload = fields.Raw()
    status = fields.String()
    n_attempts = fields.Integer()
    response_status_code = fields.Integer(allow_none=True)
    attempts = fields.List(fields.Nested(WebhookAttemptOut))


_DELIVERY = WebhookOut(exclude=("attempts",))
_ATTEMPTS = WebhookAttemptOut(many=True)


def render_delivery(delivery: WebhookDelivery, attempts: list[WebhookAttempt]) -> dict:
    """The delivery with its attempts, oldest first."""
    return {**_DELIVERY.dump(delivery), "attempts": _ATTEMPTS.dump(attempts)}
