"""/api/projectstats: read-only statistics of the projects the caller may read."""

from typing import Any

import falcon

from entrypoints.resources.base import Resource
from entrypoints.resources.objects import page_params, path_id, refuse_repeated
from pybossa_core import errors
from pybossa_core.queries import parse_value
from pybossa_core.use_cases import project_stats
from pybossa_core.use_cases.project_stats import ProjectFigures

TARGET = "projectstats"


def stats_view(figures: ProjectFigures, base_url: str) -> dict[str, Any]:
    """PYBOSSA's project_stats row; its id is the project's (the figures are computed, not
    stored), `info` holds nothing more."""
    counts, project_id = figures.stats, figures.project_id
    return {
        "id": project_id,
        "project_id": project_id,
        "n_tasks": counts.n_tasks,
        "n_task_runs": counts.n_task_runs,
        "n_results": figures.outcomes.n_results,
        "n_volunteers": counts.n_volunteers,
        "n_completed_tasks": counts.n_completed_tasks,
        "overall_progress": counts.overall_progress,
        "average_time": figures.outcomes.average_time,
        "n_blogposts": figures.n_blogposts,
        "last_activity": counts.last_activity.isoformat() if counts.last_activity else None,
        "info": {},
        "links": [
            f"<link rel='parent' title='project' href='{base_url}/api/project/{project_id}'/>"
        ],
        "link": f"<link rel='self' title='{TARGET}' href='{base_url}/api/{TARGET}/{project_id}'/>",
    }


class ReadOnly(Resource):
    """Writes answer 405, as PYBOSSA's read-only API classes do."""

    target = TARGET

    def refuse(self, req: falcon.Request, resp: falcon.Response, **params: Any) -> None:
        raise errors.MethodNotAllowed(f"{req.method} is not allowed on {TARGET}", TARGET)

    on_post = on_put = on_delete = refuse


class ProjectStatsList(ReadOnly):
    """GET [?project_id=<id>][&limit&offset]: a list, as PYBOSSA's read-only API class."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        refuse_repeated(req.params)
        limit, offset = page_params(req, TARGET, also=frozenset({"project_id"}))
        raw_id = req.get_param("project_id")
        project_id = None if raw_id is None else parse_value("project_id", raw_id, int, TARGET)
        found = project_stats.list_project_stats(
            req.context.uow, req.context.actor, project_id, limit, offset
        )
        resp.media = [stats_view(figures, req.prefix) for figures in found]


class ProjectStatsItem(ReadOnly):
    """GET /api/projectstats/<project id>."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        figures = project_stats.get_project_stats(
            req.context.uow, req.context.actor, path_id(object_id, TARGET)
        )
        resp.media = stats_view(figures, req.prefix)
