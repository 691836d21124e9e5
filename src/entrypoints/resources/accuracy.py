"""GET /api/project/{id or short_name}/accuracy: each volunteer's score on gold tasks."""

import falcon

from entrypoints.resources.base import Resource
from entrypoints.resources.objects import page_params, project_key
from pybossa_core.use_cases import accuracy


class ProjectAccuracy(Resource):
    """The project's volunteers with their gold answers summed up (owner and admins only)."""

    target = "project"

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        limit, offset = page_params(req, self.target)
        resp.media = accuracy.project_accuracy(
            req.context.uow, project_key(object_id), req.context.actor, limit=limit, offset=offset
        )
