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
from entrypoints.openapi import OpenApiDocument
from entrypoints.resources import (
    account_forms,
    account_pages,
    account_update,
    admin,
    contributions,
    exports,
    health,
    home,
    publications,
    site,
)
from entrypoints.resources.account_forms import AccountPorts
from entrypoints.resources.accuracy import ProjectAccuracy
from entrypoints.resources.catalog import Kind, ObjectPorts, build_kinds
from entrypoints.resources.favorites import Favorite, Favorites
from entrypoints.resources.helping import HelpingMaterialCollection
from entrypoints.resources.imports import TaskImport
from entrypoints.resources.objects import CollectionResource, ItemResource
from entrypoints.resources.project_stats import ProjectStatsItem, ProjectStatsList
from entrypoints.resources.redundancy import Redundancy
from entrypoints.resources.vmcp import Vmcp
from entrypoints.resources.webhooks import WebhookList, WebhookResend
from pybossa_core.use_cases.account_links import AccountLinks
from pybossa_core.use_cases.contributions import VolunteerPorts

# URL name -> kind; /api/app is PYBOSSA's old name for projects.
OBJECT_URLS = {
    "project": "project",
    "app": "project",
    "category": "category",
    "task": "task",
    "taskrun": "taskrun",
    "result": "result",
    "helpingmaterial": "helpingmaterial",
    "announcement": "announcement",
    "blogpost": "blogpost",
    "page": "page",
    "user": "user",
}
ACCOUNT_FORMS = {
    "register": account_forms.Register,
    "register/confirmation": account_forms.RegisterConfirmation,
    "signin": account_forms.SignIn,
    "signout": account_forms.SignOut,
    "forgot-password": account_forms.ForgotPassword,
    "reset-password": account_forms.ResetPassword,
    "confirm-email": account_forms.ConfirmEmail,
    "profile": account_pages.OwnProfile,
    "newsletter": account_pages.Newsletter,
}
COMMUNITY_PATHS = ("/account", "/account/page/{page}")
ACCOUNT_PAGES = {
    "": account_pages.Profile,
    "/projects": account_pages.Projects,
    "/update": account_update.UpdateAccount,
    "/resetapikey": account_pages.ResetApiKey,
    "/delete": account_pages.DeleteAccount,
    "/export": account_pages.ExportAccount,
    "/signout-everywhere": account_pages.SignOutEverywhere,
}


def add_routes(app: falcon.App, services: Services) -> None:
    """Register every resource on `app`, each given the few collaborators it uses."""
    _add_objects(app, services)
    _add_volunteer_loop(app, services)
    _add_webhooks(app, services)
    _add_accounts(app, services)
    _add_admin(app, services)
    _add_site(app, services)
    _add_more_api(app, services)


def _add_objects(app: falcon.App, services: Services) -> None:
    """/api/<kind> and /api/<kind>/<id> for every object kind."""
    ports = ObjectPorts(
        clock=services.clock, keys=services.keys, jobs=services.jobs, storage=services.storage
    )
    max_json_bytes = services.settings.max_body_bytes
    kinds, resources = build_kinds(), {}
    for url_name, kind_name in OBJECT_URLS.items():
        if kind_name not in resources:  # /api/app is the same operation as /api/project
            kind = kinds[kind_name]
            resources[kind_name] = (
                _collection(kind, ports, services),
                ItemResource(kind, ports, max_json_bytes),
            )
        collection_resource, item_resource = resources[kind_name]
        app.add_route(f"/api/{url_name}", collection_resource)
        app.add_route(f"/api/{url_name}/{{object_id}}", item_resource)


def _collection(kind: Kind, ports: ObjectPorts, services: Services) -> CollectionResource:
    """A kind's collection: the answers' and the helping materials' take more than JSON."""
    max_json_bytes = services.settings.max_body_bytes
    if kind.name == "taskrun":
        return contributions.TaskRunCollection(
            kind, ports, max_json_bytes, volunteer_ports(services)
        )
    if kind.name == "helpingmaterial":
        return HelpingMaterialCollection(
            kind, ports, max_json_bytes, services.settings.max_upload_bytes
        )
    return CollectionResource(kind, ports, max_json_bytes)


def _add_site(app: falcon.App, services: Services) -> None:
    """The index, statistics, tokens, vmcp, OpenAPI, the project page, files and probes."""
    settings, clock = services.settings, services.clock
    app.add_route("/api", site.ApiIndex())
    app.add_route("/api/globalstats", site.GlobalStats())
    tokens = site.Tokens()
    app.add_route("/api/token", tokens)
    app.add_route("/api/token/{provider}", tokens)
    app.add_route("/api/vmcp", Vmcp(services.vmcp_signer))
    app.add_route("/api/openapi.json", OpenApiDocument(app))
    app.add_route("/project/{short_name}/publish", site.Publish(clock))
    app.add_route("/project/{short_name}", site.ProjectView(clock))  # and .../ (stripped)
    app.add_route(
        "/project/{short_name}/tasks/redundancy", Redundancy(clock, settings.max_body_bytes)
    )
    app.add_route("/uploads/{container}/{filename}", site.Uploads(services.storage))
    app.add_route("/health", health.Health())
    app.add_route("/ready", health.Ready(services.health_checks))
    app.add_route("/metrics", MetricsResource(services.metrics, settings.metrics_allow_ips))


def reserved_user_names(templates: Iterable[str]) -> frozenset[str]:
    """The literal segment after /account/ of every such route (/account/signin, the "page" of
    /account/page/{page}...): a user of that name would find the route where their pages are
    (/account/{name}), so no user may take it."""
    names = set()
    for template in templates:
        segments = template.split("/")
        if segments[1:2] == ["account"] and len(segments) > 2 and not segments[2].startswith("{"):
            names.add(segments[2].lower())
    return frozenset(names)


def _add_volunteer_loop(app: falcon.App, services: Services) -> None:
    """newtask under every path clients use, user progress, exports, task imports, and project
    tokens."""
    settings, clock = services.settings, services.clock
    serving = volunteer_ports(services)
    newtask = contributions.NewTask(serving, clock)
    progress = contributions.UserProgress(serving, clock)
    task_import = TaskImport(
        clock,
        max_bytes=settings.import_max_bytes,
        max_rows=settings.import_max_rows,
        max_row_chars=settings.max_body_bytes,
        body_timeout_seconds=settings.body_timeout_seconds,
    )
    export = exports.ProjectExport(services.exports)
    accuracy = ProjectAccuracy()
    for prefix in ("/api/project", "/api/app"):
        app.add_route(prefix + "/{object_id}/newtask", newtask)
        app.add_route(prefix + "/{object_id}/userprogress", progress)
        app.add_route(prefix + "/{object_id}/tasks/import", task_import)
        app.add_route(prefix + "/{object_id}/export", export)
        app.add_route(prefix + "/{object_id}/accuracy", accuracy)
    app.add_route("/api/{object_id}/newtask", newtask)
    app.add_route(
        "/api/auth/project/{short_name}/token",
        contributions.ProjectToken(services.signer, clock, settings.project_token_seconds),
    )


def volunteer_ports(services: Services) -> VolunteerPorts:
    """What serving tasks to volunteers and taking their answers use beside the unit of work."""
    return VolunteerPorts(
        stamps=services.stamps,
        locks=services.locks,
        signer=services.signer,
        ip_secret=services.secret_key,
        stamp_seconds=services.settings.stamp_seconds,
    )


def _add_webhooks(app: falcon.App, services: Services) -> None:
    """A project's webhook deliveries (its owners' and admins'), and resending one."""
    listing, resend = WebhookList(), WebhookResend(services.clock)
    for prefix in ("/api/project", "/api/app"):
        app.add_route(prefix + "/{object_id}/webhooks", listing)
        app.add_route(prefix + "/{object_id}/webhooks/{webhook_id}/resend", resend)


def _add_accounts(app: falcon.App, services: Services) -> None:
    """PYBOSSA's JSON account endpoints (literal paths win over /account/{name})."""
    templates = [*(f"/account/{path}" for path in ACCOUNT_FORMS), *COMMUNITY_PATHS]
    ports = account_ports(services, reserved_user_names(templates))
    for path, resource in ACCOUNT_FORMS.items():
        app.add_route(f"/account/{path}", resource(ports))
    community = account_pages.Community(ports)
    for path in COMMUNITY_PATHS:
        app.add_route(path, community)
    for suffix, resource in ACCOUNT_PAGES.items():
        app.add_route("/account/{name}" + suffix, resource(ports))
    app.add_route("/account/{name}/export/{filename}", account_pages.ExportDownload(ports))


def account_ports(services: Services, reserved_names: frozenset[str]) -> AccountPorts:
    """What the account pages use, from the services and settings."""
    settings = services.settings
    return AccountPorts(
        clock=services.clock,
        hasher=services.hasher,
        keys=services.keys,
        links=AccountLinks(
            signer=services.signer,
            secret=services.secret_key,
            ttl_seconds=settings.account_key_seconds,
            base_url=settings.base_url(),
            jobs=services.jobs,
        ),
        jobs=services.jobs,
        storage=services.storage,
        images=services.images,
        revocations=services.revocations,
        throttle=services.throttle,
        reserved_names=reserved_names,
        confirm_email=settings.account_confirmation,
        session_seconds=settings.session_seconds,
        max_body_bytes=settings.max_body_bytes,
    )


def _add_admin(app: falcon.App, services: Services) -> None:
    """The front page and the admin console (admins only)."""
    clock, max_body_bytes = services.clock, services.settings.max_body_bytes
    app.add_route("/", home.Home(clock))
    app.add_route("/admin/users", admin.Users(clock, max_body_bytes))
    app.add_route(
        "/admin/users/add/{user_id}", admin.AdminRight(clock, max_body_bytes, granted=True)
    )
    app.add_route(
        "/admin/users/del/{user_id}", admin.AdminRight(clock, max_body_bytes, granted=False)
    )
    app.add_route("/admin/categories", admin.Categories(clock, max_body_bytes))
    app.add_route(
        "/admin/categories/del/{category_id}", admin.CategoryDelete(clock, max_body_bytes)
    )
    app.add_route(
        "/admin/categories/update/{category_id}", admin.CategoryUpdate(clock, max_body_bytes)
    )


def _add_more_api(app: falcon.App, services: Services) -> None:
    """PYBOSSA 4's API classes beyond the object kinds: favourite tasks, project statistics."""
    app.add_route("/api/favorites", Favorites(services.clock, services.settings.max_body_bytes))
    app.add_route("/api/favorites/{task_id}", Favorite())
    app.add_route("/api/projectstats", ProjectStatsList())
    app.add_route("/api/projectstats/{object_id}", ProjectStatsItem())
    clock, max_body_bytes = services.clock, services.settings.max_body_bytes
    app.add_route("/project/{short_name}/blog", publications.ProjectBlog(clock))
    app.add_route("/admin/announcement", publications.Announcements(clock, max_body_bytes))
    app.add_route("/admin/announcement/new", publications.NewAnnouncement(clock, max_body_bytes))
    for suffix, resource in (
        ("update", publications.AnnouncementUpdate),
        ("delete", publications.AnnouncementDelete),
    ):
        path = f"/admin/announcement/{{announcement_id}}/{suffix}"
        app.add_route(path, resource(clock, max_body_bytes))
