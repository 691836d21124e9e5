"""Every route of the application, in one table.

Ids in paths are plain fields (`{object_id}`) that responders parse with
resources.objects.path_id, item_id and project_key (anything but a positive 32-bit integer is
PYBOSSA's 404 naming the kind and the key), not Falcon converters: a value a converter refuses
makes the router find no route, before any process_resource middleware, so the 404 would name
the path instead of the kind, and a bad id would escape the rate limit and its headers and win
over a wrong api key (401), a missing CSRF token or a too large body. Also, Falcon takes one
converter per position, and /api/project/{object_id}/userprogress takes a short name there.
"""
from collections.abc import Iterable

import falcon

from entrypoints.bootstrap import Services
from entrypoints.metrics import MetricsResource
from entrypoints.openapi import OpenApiDocument, registered_routes
from entrypoints.resources import (
    account_forms,
    account_pages,
    account_update,
    admin,
    contributions,
    exports,
    health,
    home,
    site,
)
from entrypoints.resources.accuracy import ProjectAccuracy
from entrypoints.resources.catalog import build_kinds
from entrypoints.resources.helping import HelpingMaterialCollection
from entrypoints.resources.imports import TaskImport
from entrypoints.resources.objects import CollectionResource, ItemResource
from entrypoints.resources.redundancy import Redundancy
from entrypoints.resources.vmcp import Vmcp
from entrypoints.resources.webhooks import WebhookList, WebhookResend

# URL name -> kind; /api/app is PYBOSSA's old name for projects.
OBJECT_URLS = {
    "project": "project", "app": "project", "category": "category", "task": "task",
    "taskrun": "taskrun", "result": "result", "helpingmaterial": "helpingmaterial",
    "user": "user",
}
COLLECTIONS = {"helpingmaterial": HelpingMaterialCollection,
               "taskrun": contributions.TaskRunCollection}


def add_routes(app: falcon.App, services: Services) -> None:
    """Register every resource on `app`."""
    kinds, resources = build_kinds(), {}
    for url_name, kind_name in OBJECT_URLS.items():
        if kind_name not in resources:  # /api/app is the same operation as /api/project
            collection = COLLECTIONS.get(kind_name, CollectionResource)
            resources[kind_name] = (collection(services, kinds[kind_name]),
                                    ItemResource(services, kinds[kind_name]))
        collection_resource, item_resource = resources[kind_name]
        app.add_route(f"/api/{url_name}", collection_resource)
        app.add_route(f"/api/{url_name}/{{object_id}}", item_resource)
    _add_volunteer_loop(app, services)
    _add_webhooks(app, services)
    _add_accounts(app, services)
    _add_admin(app, services)
    app.add_route("/api", site.ApiIndex())
    app.add_route("/api/globalstats", site.GlobalStats(services))
    tokens = site.Tokens(services)
    app.add_route("/api/token", tokens)
    app.add_route("/api/token/{provider}", tokens)
    app.add_route("/api/vmcp", Vmcp(services))
    app.add_route("/api/openapi.json", OpenApiDocument(app))
    app.add_route("/project/{short_name}/publish", site.Publish(services))
    app.add_route("/project/{short_name}", site.ProjectView(services))  # and .../ (stripped)
    app.add_route("/project/{short_name}/tasks/redundancy", Redundancy(services))
    app.add_route("/uploads/{container}/{filename}", site.Uploads(services))
    app.add_route("/health", health.Health())
    app.add_route("/ready", health.Ready(services.health_checks))
    app.add_route("/metrics", MetricsResource(services.metrics,
                                              services.settings.metrics_allow_ips))
    services.reserved_names = reserved_user_names(
        route.template for route in registered_routes(app))


def reserved_user_names(templates: Iterable[str]) -> frozenset[str]:
    """The literal segment after /account/ of every such route (/account/signin, the "page" of
    /account/page/{page}...): a user of that name would find the route where their pages are
    (/account/{name}), so no user may take it."""
    names = set()
    for template in templates:
        segments = template.split("/")
        if segments[1:2] == ["account"] and len(segments) > 2 and \
                not segments[2].startswith("{"):
            names.add(segments[2].lower())
    return frozenset(names)


def _add_volunteer_loop(app: falcon.App, services: Services) -> None:
    """newtask under every path clients use, user progress, exports, task imports, and project
    tokens."""
    newtask = contributions.NewTask(services)
    progress = contributions.UserProgress(services)
    task_import = TaskImport(services)
    export = exports.ProjectExport(services)
    for prefix in ("/api/project", "/api/app"):
        app.add_route(prefix + "/{object_id}/newtask", newtask)
        app.add_route(prefix + "/{object_id}/userprogress", progress)
        app.add_route(prefix + "/{object_id}/tasks/import", task_import)
        app.add_route(prefix + "/{object_id}/export", export)
    app.add_route("/api/{object_id}/newtask", newtask)
    accuracy = ProjectAccuracy(services)
    for prefix in ("/api/project", "/api/app"):
        app.add_route(prefix + "/{object_id}/accuracy", accuracy)
    app.add_route("/api/auth/project/{short_name}/token", contributions.ProjectToken(services))


def _add_webhooks(app: falcon.App, services: Services) -> None:
    """A project's webhook deliveries (its owners' and admins'), and resending one."""
    listing, resend = WebhookList(services), WebhookResend(services)
    for prefix in ("/api/project", "/api/app"):
        app.add_route(prefix + "/{object_id}/webhooks", listing)
        app.add_route(prefix + "/{object_id}/webhooks/{webhook_id}/resend", resend)


def _add_accounts(app: falcon.App, services: Services) -> None:
    """PYBOSSA's JSON account endpoints (literal paths win over /account/{name})."""
    forms = {"register": account_forms.Register, "register/confirmation":
             account_forms.RegisterConfirmation, "signin": account_forms.SignIn,
             "signout": account_forms.SignOut, "forgot-password": account_forms.ForgotPassword,
             "reset-password": account_forms.ResetPassword,
             "confirm-email": account_forms.ConfirmEmail, "profile": account_pages.OwnProfile,
             "newsletter": account_pages.Newsletter}
    for path, resource in forms.items():
        app.add_route(f"/account/{path}", resource(services))
    community = account_pages.Community(services)
    app.add_route("/account", community)
    app.add_route("/account/page/{page}", community)
    named = {"": account_pages.Profile, "/projects": account_pages.Projects,
             "/update": account_update.UpdateAccount, "/resetapikey": account_pages.ResetApiKey,
             "/delete": account_pages.DeleteAccount, "/export": account_pages.ExportAccount,
             "/signout-everywhere": account_pages.SignOutEverywhere}
    for suffix, resource in named.items():
        app.add_route("/account/{name}" + suffix, resource(services))
    app.add_route("/account/{name}/export/{filename}", account_pages.ExportDownload(services))


def _add_admin(app: falcon.App, services: Services) -> None:
    """The front page and the admin console (admins only)."""
    app.add_route("/", home.Home(services))
    app.add_route("/admin/users", admin.Users(services))
    app.add_route("/admin/users/add/{user_id}", admin.AdminRight(services, granted=True))
    app.add_route("/admin/users/del/{user_id}", admin.AdminRight(services, granted=False))
    app.add_route("/admin/categories", admin.Categories(services))
    app.add_route("/admin/categories/del/{category_id}", admin.CategoryDelete(services))
    app.add_route("/admin/categories/update/{category_id}", admin.CategoryUpdate(services))
