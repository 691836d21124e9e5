"""How the site's pages, the project listings and the admins' dashboard look as JSON."""

from typing import Any

from entrypoints.schemas.account_views import project_summary
from entrypoints.schemas.admin_views import FEATURED, category_view
from pybossa_core import permissions
from pybossa_core.ports import UserAnswers
from pybossa_core.use_cases.admin_console import Dashboard
from pybossa_core.use_cases.project_listings import DRAFT, HISTORICAL, ProjectListing
from pybossa_core.use_cases.site_pages import SiteStats

# The listings that are no category, shown as one (as the front page shows FEATURED).
PSEUDO_CATEGORIES = {
    "featured": FEATURED,
    DRAFT: {**FEATURED, "name": "Draft", "short_name": DRAFT},
    HISTORICAL: {**FEATURED, "name": "Historical Contributions", "short_name": HISTORICAL},
}
# The dashboard's figures under the names of PYBOSSA's dashboard.
DASHBOARD_KEYS = {
    "users": "new_users_week",
    "projects": "new_projects_week",
    "tasks": "new_tasks_week",
    "task_runs": "new_task_runs_week",
    "active_users": "active_users_week",
    "active_anonymous": "active_anon_week",
}


def listing_page(listing: ProjectListing) -> dict[str, Any]:
    """A listing as PYBOSSA's /project/category/<short_name>/ answers it."""
    active = listing.category
    categories = [category_view(c) for c in listing.categories]
    return {
        "active_cat": category_view(active) if active else PSEUDO_CATEGORIES[listing.short_name],
        "categories": ([FEATURED] if listing.any_featured else []) + categories,
        "count": listing.total,
        "pagination": {
            "next": listing.has_next,
            "page": listing.page,
            "per_page": listing.per_page,
            "prev": listing.has_prev,
            "total": listing.total,
        },
        "projects": [project_summary(p, listing.stats.get(p.id)) for p in listing.projects],
        "template": "/projects/index.html",
        "title": "Projects",
    }


def stats_page(found: SiteStats) -> dict[str, Any]:
    """The statistics page: the figures, as numbers and as PYBOSSA's chart series."""
    totals = found.totals
    n_published = totals.n_projects - totals.n_drafts
    figures = {
        "n_anon": found.n_anonymous,
        "n_auth": totals.n_users,
        "n_draft_projects": totals.n_drafts,
        "n_published_projects": n_published,
        "n_task_runs": totals.n_task_runs,
        "n_tasks": totals.n_tasks,
        "n_total_projects": totals.n_projects,
        "n_total_users": totals.n_users + found.n_anonymous,
    }
    return {
        "projects": _chart("Projects Statistics", Published=n_published, Draft=totals.n_drafts),
        "show_locs": False,
        "stats": figures,
        "tasks": _chart(
            "Task and Task Run Statistics", Tasks=totals.n_tasks, Answers=totals.n_task_runs
        ),
        "template": "/stats/global.html",
        "title": "Statistics",
        "top5_projects_24_hours": [
            {
                "id": p.project_id,
                "name": p.name,
                "n_answers": p.n_answers,
                "short_name": p.short_name,
            }
            for p in found.top_projects
        ],
        "top5_users_24_hours": [_recent_user(who) for who in found.top_users],
        "users": _chart(
            "User Statistics", Anonymous=found.n_anonymous, Authenticated=totals.n_users
        ),
    }


def dashboard_page(board: Dashboard) -> dict[str, Any]:
    """The admins' dashboard: each figure per day of the last week, ready (`wait` false)."""
    labels = [day.isoformat() for day in board.days]
    series = {
        key: {"labels": labels, "series": [board.figures[figure]]}
        for figure, key in DASHBOARD_KEYS.items()
    }
    return {**series, "template": "admin/dashboard.html", "title": "Dashboard", "wait": False}


def _chart(label: str, **values: int) -> dict[str, Any]:
    return {
        "label": label,
        "values": [{"label": name, "value": [0, value]} for name, value in values.items()],
    }


def _recent_user(who: UserAnswers) -> dict[str, Any]:
    """A busy volunteer as others see them: who they are only as their privacy mode allows."""
    user = who.user
    shown = {"n_answers": who.n_answers, "name": user.name}
    if permissions.shows_identity(user):
        shown.update(fullname=user.fullname, id=user.id)
    return shown
