"""GET /api/project/{id}/accuracy: each volunteer's score on the project's gold tasks."""
import falcon

from entrypoints.bootstrap import Services
from entrypoints.resources.objects import path_id
from pybossa_core import errors, queries
from pybossa_core.use_cases import accuracy

PARAMS = frozenset({"limit", "offset", "api_key"})


class ProjectAccuracy:
    """The project's volunteers with their gold answers summed up (owner and admins only)."""

    target = "project"

    def __init__(self, services: Services) -> None:
        self.services = services

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        limit, offset = _paging(req)
        resp.media = accuracy.project_accuracy(
            self.services.uow, path_id(object_id, "project"), req.context.actor,
            limit=limit, offset=offset)


def _paging(req: falcon.Request) -> tuple[int, int]:
    """limit (default 20, capped at 100) and offset, as on every list."""
    unknown = sorted(set(req.params) - PARAMS)
    if unknown:
        raise errors.UnknownAttribute(f"accuracy has no parameter '{unknown[0]}'", "project")
    limit = queries.parse_value("limit", req.get_param("limit") or "20", int, "project")
    offset = queries.parse_value("offset", req.get_param("offset") or "0", int, "project")
    if limit < 1 or offset < 0:
        raise errors.InvalidInput("limit must be at least 1 and offset at least 0", "project",
                                  {"limit" if limit < 1 else "offset": ["out of range"]})
    return min(limit, queries.MAX_LIMIT), offset
