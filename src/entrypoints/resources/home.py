"""GET /: the front page as PYBOSSA's JSON front ends read it."""

from datetime import datetime

import falcon

from entrypoints.resources.base import Resource
from entrypoints.schemas.account_views import project_summary, user_public
from entrypoints.schemas.admin_views import FEATURED, category_view
from pybossa_core.clock import Clock
from pybossa_core.use_cases import home


class Home(Resource):
    """Featured projects, published projects per category, the busiest projects, top users,
    and for a signed-in caller the projects they answered (`historical_contributions`)."""

    target = "home"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        page = home.home_page(req.context.uow, req.context.actor)
        resp.media = _front_page(page, self.clock())

    on_head = on_get


def _front_page(page: home.HomePage, now: datetime) -> dict:
    """The page as JSON: projects as summaries with progress, users as others see them."""

    def summaries(projects: list) -> list[dict]:
        return [project_summary(p, page.stats.get(p.id)) for p in projects]

    per_category = {c.short_name: summaries(page.projects[c.id]) for c in page.categories}
    featured = summaries(page.featured)
    shown = {
        "categories": [dict(FEATURED), *(category_view(c) for c in page.categories)],
        "categories_projects": {**per_category, "featured": featured},
        "featured": featured,
        "template": "/home/index.html",
        "top_projects": summaries(page.top_projects),
        "top_users": [user_public(who, now) for who in page.top_users],
    }
    if page.historical is not None:
        shown["historical_contributions"] = summaries(page.historical)
    return shown
