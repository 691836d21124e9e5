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
    admin_console,
    contributions,
    exports,
    health,
    home,
    project_forms,
    project_listings,
    project_owners,
    project_views,
    publications,
    site,
    site_pages,
    task_views,
)
from entrypoints.resources.account_forms import AccountPorts
from entrypoints.resources.accuracy import ProjectAccuracy
from entrypoints.resources.catalog import Kind, ObjectPorts, build_kinds
from entrypoints.resources.favorites import Favorite, Favorites
from entrypoints.resources.helping import HelpingMaterialCollection
from entrypoints.resources.imports import ImportLimits, TaskImport
from entrypoints.resources.objects import CollectionResource, ItemResource
from entrypoints.resources.project_forms import ProjectFormPorts
from entrypoints.resources.project_stats import ProjectStatsItem, ProjectStatsList
from entrypoints.resources.redundancy import Redundancy
from entrypoints.resources.task_export_view import ExportView
from entrypoints.resources.task_import_view import ImportView
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
PROJECT_FORMS = {
    "/update": project_forms.UpdateProject,
    "/delete": project_forms.DeleteProject,
    "/publish": project_forms.Publish,
    "/resetsecretkey": project_forms.ResetSecretKey,
    "/tasks/redundancy": Redundancy,
    "/tasks/settings": project_forms.TaskSettings,
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
    _add_site_views(app, services)
    _add_task_views(app, services)
    _add_project_forms(app, services)
    _add_project_owners(app, services)
    _add_project_views(app, services)
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
    app.add_route("/project/{short_name}", site.ProjectView(clock))  # and .../ (stripped)
    app.add_route("/uploads/{container}/{filename}", site.Uploads(services.storage))
    app.add_route("/health", health.Health())
    app.add_route("/ready", health.Ready(services.health_checks))
    app.add_route("/metrics", MetricsResource(services.metrics, settings.metrics_allow_ips))


def _add_project_forms(app: falcon.App, services: Services) -> None:
    """Creating, editing, publishing and deleting a project, its thumbnail, its secret key
    and its task settings (/project/new wins over /project/{short_name})."""
    ports = ProjectFormPorts(
        clock=services.clock,
        keys=services.keys,
        storage=services.storage,
        images=services.images,
        jobs=services.jobs,
        max_body_bytes=services.settings.max_body_bytes,
    )
    app.add_route("/project/new", project_forms.NewProject(ports))
    for suffix, resource in PROJECT_FORMS.items():
        app.add_route("/project/{short_name}" + suffix, resource(ports))


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
    task_import = TaskImport(clock, import_limits(services))
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


def import_limits(services: Services) -> ImportLimits:
    """The bulk import's limits, from the settings (a row is at most a JSON body's size)."""
    settings = services.settings
    return ImportLimits(
        max_bytes=settings.import_max_bytes,
        max_rows=settings.import_max_rows,
        max_row_chars=settings.max_body_bytes,
        body_timeout_seconds=settings.body_timeout_seconds,
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


def _add_site_views(app: falcon.App, services: Services) -> None:
    """The leaderboard, statistics and help pages, the project listings by category, and the
    admin console's index, featured projects, users export and dashboard. Paths are routed
    without their trailing slash, which the app strips (/stats/ is /stats)."""
    clock = services.clock
    leaderboard = site_pages.Leaderboard(clock)
    app.add_route("/leaderboard", leaderboard)
    app.add_route("/leaderboard/window/{window}", leaderboard)
    app.add_route("/stats", site_pages.SiteStats(clock))
    for path, template in (
        ("/about", "/home/about.html"),
        ("/search", "/home/search.html"),
        ("/results", "/home/_results.html"),
    ):
        app.add_route(path, site_pages.TemplatePage(template))
    app.add_route("/help/api", site_pages.ApiHelp())
    listing = project_listings.ProjectListing()
    app.add_route("/project/category/{short_name}", listing)
    app.add_route("/project/category/{short_name}/page/{page}", listing)
    app.add_route("/admin", admin_console.AdminIndex())
    app.add_route("/admin/featured", admin_console.Featured())
    app.add_route("/admin/featured/{project_id}", admin_console.FeatureProject(clock))
    app.add_route("/admin/users/export", admin_console.UsersExport(services.exports))
    app.add_route("/admin/dashboard", admin_console.Dashboard(clock))


def _add_task_views(app: falcon.App, services: Services) -> None:
    """A project's task management views: scheduler, priority, presenter, delete, import,
    export."""
    clock, max_body_bytes = services.clock, services.settings.max_body_bytes
    views = {
        "scheduler": task_views.TaskScheduler(clock, max_body_bytes, services.jobs),
        "priority": task_views.TaskPriority(clock, max_body_bytes),
        "taskpresentereditor": task_views.TaskPresenterEditor(clock, max_body_bytes, services.jobs),
        "delete": task_views.DeleteTasks(clock, max_body_bytes),
    }
    views["import"] = ImportView(clock, import_limits(services))
    views["export"] = ExportView(clock, services.exports)
    for path, resource in views.items():
        app.add_route(f"/project/{{short_name}}/tasks/{path}", resource)


def _add_project_owners(app: falcon.App, services: Services) -> None:
    """A project's co-owners, handing it over, its audit log and its webhook deliveries."""
    clock, max_body_bytes = services.clock, services.settings.max_body_bytes
    prefix = "/project/{short_name}"
    app.add_route(prefix + "/coowners", project_owners.Coowners(clock, max_body_bytes))
    app.add_route(
        prefix + "/add_coowner/{user_name}", project_owners.AddCoowner(clock, max_body_bytes)
    )
    app.add_route(
        prefix + "/del_coowner/{user_name}", project_owners.DelCoowner(clock, max_body_bytes)
    )
    app.add_route(
        prefix + "/transferownership", project_owners.TransferOwnership(clock, max_body_bytes)
    )
    app.add_route(prefix + "/auditlog", project_owners.AuditLog(clock, max_body_bytes))
    app.add_route(prefix + "/webhook", project_owners.WebhookView(clock, max_body_bytes))
    app.add_route(
        prefix + "/webhook/{webhook_id}", project_owners.WebhookRetry(clock, max_body_bytes)
    )


PROJECT_VIEWS = {
    "/stats": project_views.ProjectStatistics,
    "/settings": project_views.ProjectSettings,
    "/tasks": project_views.TasksOverview,  # and .../tasks/ (stripped; the canonical path)
    "/tasks/browse": project_views.TaskBrowser,
    "/tasks/browse/{number}": project_views.TaskBrowser,
    "/tutorial": project_views.Tutorial,
    "/task/{task_id}": project_views.TaskPage,
    "/results": project_views.ProjectResults,
    "/password": project_views.ProjectPassword,
    "/newtask": project_views.Presenter,
    "/presenter": project_views.Presenter,
}


def _add_project_views(app: falcon.App, services: Services) -> None:
    """The project views that only read, under /project/{short_name}."""
    views: dict[type, object] = {}
    for suffix, view in PROJECT_VIEWS.items():
        resource = views.setdefault(view, view(services.clock))
        app.add_route("/project/{short_name}" + suffix, resource)
    app.add_route("/project/{short_name}/{task_id}/results.json", project_views.TaskResultsJson())


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
