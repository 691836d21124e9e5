"""Site-wide API endpoints: the index, global statistics, oauth tokens, uploaded files."""

import mimetypes

import falcon

from entrypoints.resources.base import Resource
from entrypoints.schemas.project_views import project_context
from pybossa_core import errors
from pybossa_core.clock import Clock
from pybossa_core.ports import FileStorage
from pybossa_core.use_cases import project_page, stats, users

INLINE_TYPES = ("image/", "audio/", "video/")
PRIVATE_PREFIX = "private"


class ApiIndex(Resource):
    target = "api"

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = "The PYBOSSA API"

    on_head = on_get


class GlobalStats(Resource):
    """GET /api/globalstats."""

    target = "globalstats"

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        found = stats.global_stats(req.context.uow)
        categories = [{name: n} for name, n in found.published_per_category.items()]
        categories += [{"featured": found.n_featured}, {"draft": found.n_drafts}]
        resp.media = {
            "n_projects": found.n_projects,
            "n_users": found.n_users,
            "n_tasks": found.n_tasks,
            "n_task_runs": found.n_task_runs,
            "n_pending_tasks": found.n_pending_tasks,
            "n_results": found.n_results,
            "categories": categories,
        }

    on_head = on_get


class Tokens(Resource):
    """GET /api/token and /api/token/{provider}: the caller's own oauth tokens."""

    target = "token"

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, provider: str | None = None
    ) -> None:
        resp.media = users.oauth_tokens(req.context.uow, req.context.actor, provider)

    on_head = on_get


class ProjectView(Resource):
    """GET /project/{short_name}/: the page publishing leads to, as PYBOSSA's JSON view."""

    target = "project"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        actor = req.context.actor
        page = project_page.project_page(req.context.uow, short_name, actor)
        resp.media = project_context(
            page,
            actor,
            self.clock(),
            req.prefix,
            template="/projects/project.html",
            title=f"Project: {page.project.name}",
        )

    on_head = on_get


class Uploads(Resource):
    """GET /uploads/{container}/{filename}: files stored for helping materials."""

    target = "uploads"

    def __init__(self, storage: FileStorage) -> None:
        self.storage = storage

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, container: str, filename: str
    ) -> None:
        if container.startswith(PRIVATE_PREFIX):  # data exports: only through their owner
            raise errors.NotFound("file", filename)
        resp.data = self.storage.open(container, filename)
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        resp.content_type = kind
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.set_header("Content-Security-Policy", "default-src 'none'; sandbox")
        if not kind.startswith(INLINE_TYPES) or kind == "image/svg+xml":
            resp.downloadable_as = filename

    on_head = on_get
