"""Every route of the application, in one table."""
import falcon

from entrypoints.bootstrap import Services
from entrypoints.resources import site
from entrypoints.resources.catalog import build_kinds
from entrypoints.resources.helping import HelpingMaterialCollection
from entrypoints.resources.objects import CollectionResource, ItemResource

# URL name -> kind; /api/app is PYBOSSA's old name for projects.
OBJECT_URLS = {
    "project": "project", "app": "project", "category": "category", "task": "task",
    "taskrun": "taskrun", "result": "result", "helpingmaterial": "helpingmaterial",
    "user": "user",
}
ID_MAX = 2**31 - 1  # ids are 32-bit columns; a larger one cannot exist (404)
COLLECTIONS = {"helpingmaterial": HelpingMaterialCollection}


def add_routes(app: falcon.App, services: Services) -> None:
    """Register every resource on `app`."""
    kinds = build_kinds()
    for url_name, kind_name in OBJECT_URLS.items():
        kind = kinds[kind_name]
        collection = COLLECTIONS.get(kind_name, CollectionResource)
        app.add_route(f"/api/{url_name}", collection(services, kind))
        app.add_route(f"/api/{url_name}/{{object_id:int(min=1, max={ID_MAX})}}",
                      ItemResource(services, kind))
    app.add_route("/api", site.ApiIndex())
    app.add_route("/api/globalstats", site.GlobalStats(services))
    tokens = site.Tokens(services)
    app.add_route("/api/token", tokens)
    app.add_route("/api/token/{provider}", tokens)
    app.add_route("/project/{short_name}/publish", site.Publish(services))
    app.add_route("/uploads/{container}/{filename}", site.Uploads(services))
