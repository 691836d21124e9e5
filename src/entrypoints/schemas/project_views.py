"""The keys every PYBOSSA project view shares: the project, its owner and its progress."""

from datetime import datetime
from typing import Any

from entrypoints.schemas.account_views import user_public
from entrypoints.schemas.render import render
from pybossa_core import permissions
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

# PYBOSSA's project views say which optional features the site has, for its theme: webhooks
# and the audit log are here; task auto-importers are not.
PRO_FEATURES = {"auditlog_enabled": True, "autoimporter_enabled": False, "webhooks_enabled": True}


def project_context(
    page: ProjectPage, actor: Actor, now: datetime, prefix: str, template: str, title: str
) -> dict[str, Any]:
    """The project as `actor` may see it, its owner's public profile and its figures, with the
    view's template and title: the keys PYBOSSA's project page, settings, tasks, results...
    answer with (a view adds its own beside them)."""
    project, counts = page.project, page.stats
    return {
        "project": render(
            "project", project, permissions.hidden_fields(actor, "project", project), prefix
        ),
        "owner": user_public(page.owner, now) if page.owner else None,
        "n_tasks": counts.n_tasks,
        "n_task_runs": counts.n_task_runs,
        "n_completed_tasks": counts.n_completed_tasks,
        "n_volunteers": counts.n_volunteers,
        "overall_progress": counts.overall_progress,
        "last_activity": counts.last_activity.isoformat() if counts.last_activity else None,
        "pro_features": PRO_FEATURES,
        "template": template,
        "title": title,
    }
