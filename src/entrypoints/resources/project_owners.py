"""The views that manage a project as PYBOSSA's JSON front ends call them: its co-owners,
handing it over, its audit log and its webhook deliveries."""

import falcon

from entrypoints.resources.base import Resource
from entrypoints.resources.objects import page_params, path_id
from entrypoints.schemas import project_owners as answers
from entrypoints.schemas.forms import form, read_form
from entrypoints.schemas.project_views import project_context
from entrypoints.schemas.webhooks import render_delivery
from pybossa_core import errors
from pybossa_core.clock import Clock
from pybossa_core.use_cases import audit_log, coowners, webhooks

TRUE = ("true", "1")


class ProjectResource(Resource):
    """Shared plumbing: the clock and the body limit."""

    target = "project"

    def __init__(self, clock: Clock, max_body_bytes: int) -> None:
        self.clock, self.max_body_bytes = clock, max_body_bytes


class Coowners(ProjectResource):
    """GET /project/{short_name}/coowners: the owners and the search form; POST {user}
    searches users by name (as PYBOSSA's page does) and answers the same with `found`."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        self._answer(req, resp, short_name, {"user": ""})

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        self._answer(req, resp, short_name, _text_form(req, self.max_body_bytes, "user"))

    def _answer(self, req, resp, short_name: str, values: dict) -> None:
        search = values["user"] if req.method == "POST" else None
        page = coowners.owners_page(req.context.uow, short_name, req.context.actor, search)
        sent = form(values, req.context.session.form_token())
        resp.media = answers.coowners_page(page, req.context.actor, sent, req.prefix)


class AddCoowner(ProjectResource):
    """POST /project/{short_name}/add_coowner/{user_name} (the owner or an admin)."""

    def on_post(
        self, req: falcon.Request, resp: falcon.Response, short_name: str, user_name: str
    ) -> None:
        added = coowners.add_coowner(
            req.context.uow, short_name, user_name, req.context.actor, self.clock()
        )
        resp.media = _flash(
            short_name,
            ("success", "User was added to the list of owners")
            if added
            else ("warning", "User is already an owner"),
        )


class DelCoowner(ProjectResource):
    """POST /project/{short_name}/del_coowner/{user_name} (the owner or an admin; never the
    owner)."""

    def on_post(
        self, req: falcon.Request, resp: falcon.Response, short_name: str, user_name: str
    ) -> None:
        removed = coowners.remove_coowner(
            req.context.uow, short_name, user_name, req.context.actor, self.clock()
        )
        resp.media = _flash(
            short_name,
            ("success", "User was deleted from the list of owners")
            if removed
            else ("warning", "User is not a project owner"),
        )


def _text_form(req: falcon.Request, max_body_bytes: int, name: str) -> dict:
    """The form's one field, which must be text (read_form also lets a checkbox's boolean
    through): anything else is a 400, not a search or a transfer."""
    values = read_form(req, max_body_bytes, (name,), refuse_unknown=True)
    if not isinstance(values[name], str):
        message = f"{name} must be text"
        raise errors.InvalidInput(message, "project", {name: [message]})
    return values


def _flash(short_name: str, outcome: tuple[str, str]) -> dict:
    status, flash = outcome
    return {"flash": flash, "next": f"/project/{short_name}/coowners", "status": status}


class TransferOwnership(ProjectResource):
    """GET the form (with the project's page keys); POST {email_addr} hands the project to
    that user, or answers the form with PYBOSSA's "User not found" (200, status error)."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = coowners.ownership_page(req.context.uow, short_name, req.context.actor)
        resp.media = self._form(req, page, {"email_addr": ""})

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        values = _text_form(req, self.max_body_bytes, "email_addr")
        page, refused = coowners.transfer_ownership(
            req.context.uow, short_name, values["email_addr"], req.context.actor, self.clock()
        )
        if refused is None:
            resp.media = {
                "flash": "Project owner updated",
                "next": f"/project/{short_name}/",
                "status": "success",
            }
            return
        answer = self._form(req, page, values, refused.problems)
        resp.media = {**answer, "flash": "User not found", "status": "error"}

    def _form(self, req: falcon.Request, page, values: dict, problems=None) -> dict:
        context = project_context(
            page,
            req.context.actor,
            self.clock(),
            req.prefix,
            template="/projects/transferownership.html",
            title=f"Project: {page.project.name} · Transfer ownership",
        )
        return {
            **context,
            "form": form(values, req.context.session.form_token(), problems),
            "target": "project.transfer_ownership",
        }


class AuditLog(ProjectResource):
    """GET /project/{short_name}/auditlog?offset=&limit=: the log, newest first (its owners'
    and admins'); PYBOSSA answers HTML, this its content as JSON."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        limit, offset = page_params(req, self.target)
        page = audit_log.project_log(
            req.context.uow, short_name, req.context.actor, offset=offset, limit=limit
        )
        resp.media = answers.audit_log_page(
            page, req.context.actor, self.clock(), req.prefix, offset, limit
        )


class WebhookView(ProjectResource):
    """GET /project/{short_name}/webhook: the deliveries, newest first (its owners' and
    admins'). POST ?all=true (or ?failed=true) queues every failed delivery again."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        limit, offset = page_params(req, "webhook")
        project, listed = webhooks.project_deliveries(
            req.context.uow, short_name, req.context.actor, offset=offset, limit=limit
        )
        resp.media = answers.webhooks_page(
            project, listed, req.context.actor, req.prefix, offset, limit
        )

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        if not any(req.get_param(name, default="").lower() in TRUE for name in ("all", "failed")):
            raise errors.InvalidInput(
                "Name the deliveries to send again: ?all=true (every failed one)", "webhook"
            )
        queued = webhooks.resend_failed(
            req.context.uow, short_name, req.context.actor, now=self.clock()
        )
        resp.media = {
            "flash": f"{queued} webhooks queued again",
            "n_queued": queued,
            "next": f"/project/{short_name}/webhook",
            "status": "success",
        }


class WebhookRetry(ProjectResource):
    """POST /project/{short_name}/webhook/{webhook_id}: send that delivery again."""

    def on_post(
        self, req: falcon.Request, resp: falcon.Response, short_name: str, webhook_id: str
    ) -> None:
        delivery, attempts = webhooks.resend(
            req.context.uow,
            short_name,
            path_id(webhook_id, "webhook"),
            req.context.actor,
            now=self.clock(),
        )
        resp.media = {
            "flash": "Webhook queued again",
            "next": f"/project/{short_name}/webhook",
            "status": "success",
            "webhook": render_delivery(delivery, attempts),
        }
