"""GET /project/category/{short_name}/[page/{page}/]: a category's published projects, the
featured ones, drafts or the caller's contributions, as PYBOSSA's JSON front ends read them."""

import falcon

from entrypoints.resources.base import Resource
from entrypoints.resources.objects import path_id
from entrypoints.schemas.site_views import listing_page
from pybossa_core.use_cases import project_listings


class ProjectListing(Resource):
    """One page of the listing; the featured listing without a featured project answers
    `{"next": <the first category's page>}`, as PYBOSSA does."""

    target = "project"

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, short_name: str, page: str = "1"
    ) -> None:
        listing = project_listings.project_listing(
            req.context.uow, short_name, path_id(page, "page"), req.context.actor
        )
        if listing.redirect_to is not None:
            resp.media = {"next": f"/project/category/{listing.redirect_to}/"}
            return
        resp.media = listing_page(listing)

    on_head = on_get
