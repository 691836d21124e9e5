"""The site's own pages as PYBOSSA's JSON front ends read them: the leaderboard, the
statistics, the API help and the pages that are all template (about, search, results)."""

import falcon

from entrypoints.resources.base import Resource
from entrypoints.schemas.account_views import user_public
from entrypoints.schemas.site_views import stats_page
from pybossa_core import errors
from pybossa_core.clock import Clock
from pybossa_core.use_cases import site_pages

LEADERBOARD = {"template": "/stats/leaderboard.html", "title": "Community Leaderboard"}


class Leaderboard(Resource):
    """GET /leaderboard/ (the best contributors) and /leaderboard/window/{window} (with the
    signed-in caller's place and `window` places around it)."""

    target = "leaderboard"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_get(self, req: falcon.Request, resp: falcon.Response, window: str = "0") -> None:
        ranked = site_pages.leaderboard(req.context.uow, req.context.actor, _count(window))
        now = self.clock()
        resp.media = {**LEADERBOARD, "top_users": [user_public(who, now) for who in ranked]}

    on_head = on_get


class SiteStats(Resource):
    """GET /stats/: the site's figures and the last 24 hours' busiest projects and users."""

    target = "stats"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = stats_page(site_pages.site_stats(req.context.uow, self.clock()))

    on_head = on_get


class TemplatePage(Resource):
    """A page that is only its template for a JSON front end (/about, /search, /results)."""

    target = "page"

    def __init__(self, template: str) -> None:
        self.template = template

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"template": self.template}

    on_head = on_get


class ApiHelp(Resource):
    """GET /help/api: the API help page, with a published project's id for its examples."""

    target = "help"

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {
            "project_id": site_pages.example_project_id(req.context.uow),
            "template": "help/api.html",
            "title": "Help: API",
        }

    on_head = on_get


def _count(raw: str) -> int:
    """A path's count: digits, or NotFound."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise errors.NotFound("page", raw)
    return int(raw)
