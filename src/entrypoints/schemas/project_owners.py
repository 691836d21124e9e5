"""The JSON of the views that manage a project: its co-owners, handing it over, its audit
log and its webhook deliveries."""

from typing import Any

from entrypoints.schemas.account_views import user_public
from entrypoints.schemas.project_views import PRO_FEATURES
from entrypoints.schemas.render import render
from entrypoints.schemas.webhooks import render_delivery
from pybossa_core import permissions
from pybossa_core.audit import AuditEntry
from pybossa_core.projects import Project
from pybossa_core.use_cases.audit_log import AuditLogPage
from pybossa_core.use_cases.coowners import OwnersPage
from pybossa_core.users import Actor, User


def project_for(actor: Actor, project: Project, prefix: str) -> dict[str, Any]:
    """The project as `actor` may see it (as the API shows it)."""
    return render("project", project, permissions.hidden_fields(actor, "project", project), prefix)


def owner_profile(user: User) -> dict[str, Any]:
    """A user as a project's owners page lists them: their public profile (never their
    e-mail address or api key) with their id, which the project's owners_ids shows anyway."""
    shown = {
        "id": user.id,
        "name": user.name,
        "locale": user.locale,
        "info": {k: user.info[k] for k in permissions.USER_PUBLIC_INFO if k in user.info},
    }
    if permissions.shows_identity(user):
        shown.update(fullname=user.fullname, created=user.created.isoformat())
    return shown


def coowners_page(
    page: OwnersPage, actor: Actor, form: dict[str, Any], prefix: str
) -> dict[str, Any]:
    """PYBOSSA's co-owners page; `found` only after a search."""
    answer = {
        "coowners": [owner_profile(user) for user in page.owners],
        "form": form,
        "pro_features": PRO_FEATURES,
        "project": project_for(actor, page.project, prefix),
        "template": "/projects/coowners.html",
        "title": f"Manage Co-owners of {page.project.name}",
    }
    if page.found is not None:
        answer["found"] = [owner_profile(user) for user in page.found]
    return answer


def log_entry(entry: AuditEntry) -> dict[str, Any]:
    return {
        "action": entry.action,
        "attribute": entry.attribute,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
        "user_name": entry.user_name,
        "user_id": entry.user_id,
        "created": entry.created.isoformat(),
        "caller": entry.caller,
    }


def audit_log_page(
    page: AuditLogPage, actor: Actor, now: Any, prefix: str, offset: int, limit: int
) -> dict[str, Any]:
    """One page of the project's audit log, newest first."""
    return {
        "logs": [log_entry(entry) for entry in page.entries],
        "pagination": {"offset": offset, "limit": limit, "total": page.total},
        "project": project_for(actor, page.project, prefix),
        "owner": user_public(page.owner, now) if page.owner else None,
        "pro_features": PRO_FEATURES,
        "template": "/projects/auditlog.html",
        "title": f"Project: {page.project.name} · Audit log",
    }


def webhooks_page(
    project: Project, listed: list, actor: Actor, prefix: str, offset: int, limit: int
) -> dict[str, Any]:
    """One page of the project's webhook deliveries (as /api/project/<id>/webhooks)."""
    return {
        "webhooks": [render_delivery(delivery, attempts) for delivery, attempts in listed],
        "pagination": {"offset": offset, "limit": limit},
        "project": project_for(actor, project, prefix),
        "pro_features": PRO_FEATURES,
        "template": "/projects/webhook.html",
        "title": f"Project: {project.name} · Webhooks",
    }
