"""The site's own pages: the leaderboard, the statistics page and the API help page."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from pybossa_core.ports import AbstractUnitOfWork, Contributor, GlobalStats
from pybossa_core.ports.stats import ProjectAnswers, UserAnswers
from pybossa_core.queries import ListQuery
from pybossa_core.users import Actor

LEADERBOARD_SIZE = 20
# How many places above and below their own a user may ask to see on the leaderboard.
MAX_WINDOW = 20
TOP_RECENT = 5
RECENT = timedelta(hours=24)


@dataclass(frozen=True)
class SiteStats:
    """The site's figures, and its busiest projects and volunteers of the last 24 hours."""

    totals: GlobalStats
    n_anonymous: int
    top_projects: list[ProjectAnswers]
    top_users: list[UserAnswers]


def leaderboard(uow: AbstractUnitOfWork, actor: Actor, window: int = 0) -> list[Contributor]:
    """The best LEADERBOARD_SIZE contributors (with at least one answer), best first; with a
    `window` (at most MAX_WINDOW), a signed-in actor also sees their own place with `window`
    contributors above and below it, in the same order."""
    window = max(0, min(window, MAX_WINDOW))
    with uow:
        ranked = [who for who in uow.users.top_contributors(LEADERBOARD_SIZE) if who.score > 0]
        if window and actor.authenticated:
            ranked += uow.users.ranking_window(actor.user_id, window)
    unique = {who.user.id: who for who in ranked}
    return sorted(unique.values(), key=lambda who: (who.rank, who.user.id))


def site_stats(uow: AbstractUnitOfWork, now: datetime) -> SiteStats:
    """The counts of /api/globalstats, the anonymous volunteers, and the TOP_RECENT projects
    and users with the most answers in the last 24 hours."""
    since = now - RECENT
    with uow:
        return SiteStats(
            totals=uow.stats.global_stats(),
            n_anonymous=uow.stats.n_anonymous_volunteers(),
            top_projects=uow.stats.top_projects_since(since, TOP_RECENT),
            top_users=uow.stats.top_users_since(since, TOP_RECENT),
        )


def example_project_id(uow: AbstractUnitOfWork) -> int | None:
    """The id of a published project, for the API help page's examples (None without one)."""
    with uow:
        found = uow.projects.list(ListQuery(limit=1))
    return found[0].item.id if found else None
