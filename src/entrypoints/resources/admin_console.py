"""The admin console's index, featured projects, users export and dashboard. Admins only.

Featuring (POST) and unfeaturing (DELETE) under the session cookie need the form's CSRF token
(the middleware asks it of every such write under /admin).
"""

import falcon

from entrypoints import heartbeat
from entrypoints.resources.base import Resource
from entrypoints.resources.exports import ChunkStream
from entrypoints.resources.objects import path_id
from entrypoints.schemas.account_views import project_summary
from entrypoints.schemas.admin_views import category_view
from entrypoints.schemas.export_formats import FORMATS
from entrypoints.schemas.render import render
from entrypoints.schemas.site_views import dashboard_page
from pybossa_core import errors, permissions
from pybossa_core.clock import Clock
from pybossa_core.ports.exports import ExportReader
from pybossa_core.use_cases import admin_console

USER_EXPORT_FORMATS = ("json", "csv")


class AdminIndex(Resource):
    """GET /admin/: the console's index."""

    target = "admin"

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        admin_console.ensure_admin(req.context.actor)
        resp.media = {"template": "/admin/index.html"}

    on_head = on_get


class Featured(Resource):
    """GET /admin/featured: every category's published projects, each saying whether it is
    featured."""

    target = "admin"

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        found = admin_console.featurable(req.context.uow, req.context.actor)
        projects = {
            c.short_name: [
                {**project_summary(p, found.stats.get(p.id)), "featured": p.featured}
                for p in found.projects.get(c.id, [])
            ]
            for c in found.categories
        }
        resp.media = {
            "categories": [category_view(c) for c in found.categories],
            "form": {"csrf": req.context.session.form_token()},
            "projects": projects,
            "template": "/admin/projects.html",
        }

    on_head = on_get


class FeatureProject(Resource):
    """POST /admin/featured/{project_id} features the project, DELETE stops featuring it;
    both answer the project as the admin sees it (409 when it already is or is not)."""

    target = "admin"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_post(self, req: falcon.Request, resp: falcon.Response, project_id: str) -> None:
        self.feature(req, resp, project_id, featured=True)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, project_id: str) -> None:
        self.feature(req, resp, project_id, featured=False)

    def feature(
        self, req: falcon.Request, resp: falcon.Response, project_id: str, featured: bool
    ) -> None:
        actor = req.context.actor
        project = admin_console.set_featured(
            req.context.uow, actor, path_id(project_id, "project"), featured, self.clock()
        )
        resp.media = render(
            "project", project, permissions.hidden_fields(actor, "project", project)
        )


class UsersExport(Resource):
    """GET /admin/users/export?format=json|csv: every user, streamed from the database."""

    target = "admin"

    def __init__(self, exports: ExportReader) -> None:
        self.exports = exports

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        export = admin_console.users_export(req.context.actor, self.exports)
        name = req.get_param("format") or ""
        if name not in USER_EXPORT_FORMATS:
            export.rows.close()
            message = f"format must be one of {', '.join(USER_EXPORT_FORMATS)}"
            raise errors.InvalidInput(message, "admin", {"format": [message]})
        export_format = FORMATS[name]
        resp.content_type = export_format.content_type
        resp.downloadable_as = f"all_users.{export_format.extension}"
        resp.stream = ChunkStream(export_format.encode(export), heartbeat.beat)


class Dashboard(Resource):
    """GET /admin/dashboard/: the last week's activity, day by day."""

    target = "admin"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        board = admin_console.dashboard(req.context.uow, req.context.actor, self.clock())
        resp.media = dashboard_page(board)

    on_head = on_get
