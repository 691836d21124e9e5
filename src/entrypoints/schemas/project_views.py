"""The keys every PYBOSSA project view shares: the project, its owner and its progress."""

from datetime import datetime
from typing import Any

from entrypoints.schemas.account_views import user_public
from entrypoints.schemas.render import render
from pybossa_core import permissions
from pybossa_core.tasks import Task
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


def task_progress(task: Task, actor: Actor, sees_gold: bool, prefix: str) -> dict[str, Any]:
    """A task of the task browser: the task as the API shows it to `actor`, with its answers
    so far and their share of the answers it needs (`pct_status`, 0 to 1, as PYBOSSA)."""
    hidden = permissions.hidden_fields(actor, "task", task, gold=sees_gold)
    return {
        **render("task", task, hidden, prefix),
        "n_task_runs": task.n_task_runs,
        "pct_status": min(1.0, task.n_task_runs / task.n_answers) if task.n_answers else 0.0,
    }
