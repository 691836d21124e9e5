"""How users and their projects look on account pages, for themselves and for others."""

from datetime import datetime
from typing import Any

from pybossa_core import permissions
from pybossa_core.ports import Contributor, ProjectStats

PERIODS = (
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
)


def registered_ago(created: datetime, now: datetime) -> str:
    """'2 years ago', '1 day ago', 'just now'."""
    seconds = max(0, int((now - created).total_seconds()))
    for length, unit in PERIODS:
        if seconds >= length:
            count = seconds // length
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    return "just now"


def user_private(who: Contributor, total: int, now: datetime) -> dict[str, Any]:
    """Everything the user may see of their own account (never the password hash)."""
    user = who.user
    return {
        "admin": user.admin,
        "api_key": user.api_key,
        "confirmation_email_sent": user.confirmation_email_sent,
        "created": user.created.isoformat(),
        "email_addr": user.email_addr,
        "fullname": user.fullname,
        "id": user.id,
        "info": _public_info(user.info, own=True),
        "locale": user.locale,
        "n_answers": who.score,
        "name": user.name,
        "rank": who.rank,
        "registered_ago": registered_ago(user.created, now),
        "score": who.score,
        "total": total,
        "valid_email": user.valid_email,
        "privacy_mode": user.privacy_mode,
        "subscribed": user.subscribed,
    }


def user_public(who: Contributor, now: datetime, on_profile: bool = False) -> dict[str, Any]:
    """What others see (on the user's profile page with `on_profile`); privacy mode may hide
    the full name and the creation date (permissions.shows_identity)."""
    user = who.user
    shown = {
        "info": _public_info(user.info),
        "locale": user.locale,
        "n_answers": who.score,
        "name": user.name,
        "rank": who.rank,
        "score": who.score,
    }
    if permissions.shows_identity(user, on_profile):
        shown.update(
            created=user.created.isoformat(),
            fullname=user.fullname,
            registered_ago=registered_ago(user.created, now),
        )
    return shown


def user_on_profile(who: Contributor, now: datetime) -> dict[str, Any]:
    """What others see on the user's profile page (/account/{name})."""
    return user_public(who, now, on_profile=True)


def project_summary(project: Any, stats: ProjectStats | None) -> dict[str, Any]:
    """A project in a list of projects, with its progress (none yet without `stats`)."""
    stats = stats or ProjectStats()
    return {
        "description": project.description,
        "id": project.id,
        "info": project.info,
        "n_tasks": stats.n_tasks,
        "n_volunteers": stats.n_volunteers,
        "name": project.name,
        "overall_progress": stats.overall_progress,
        "owner_id": project.owner_id,
        "short_name": project.short_name,
    }


def _public_info(info: dict, own: bool = False) -> dict:
    """Only the avatar keys of `info` are public; the owner sees all of it."""
    if own:
        return dict(info or {})
    return {k: v for k, v in (info or {}).items() if k in permissions.USER_PUBLIC_INFO}
