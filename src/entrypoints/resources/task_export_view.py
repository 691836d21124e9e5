"""GET /project/{short_name}/tasks/export: PYBOSSA's export view over the project exports.

Without parameters it lists what its reader may download, in PYBOSSA's terms: `type` (task,
task_run, result) × `format` (json, csv). With `?type=...&format=...` it answers that file
zipped, as PYBOSSA does (application/octet-stream, `<short_name>_<type>_<format>.zip`),
streamed from the database like /api/project/<id>/export, with the same rule for who may
take which rows."""

from urllib.parse import urlencode

import falcon

from entrypoints import heartbeat
from entrypoints.resources.base import Resource
from entrypoints.resources.exports import ChunkStream
from entrypoints.resources.objects import refuse_repeated
from entrypoints.schemas import task_views
from entrypoints.schemas.export_formats import FORMATS
from entrypoints.schemas.zip_stream import zipped
from pybossa_core import errors
from pybossa_core.clock import Clock
from pybossa_core.ports.exports import ExportReader
from pybossa_core.use_cases import exports

# PYBOSSA's export `type` -> the export's kind of rows.
TYPES = {"task": "task", "task_run": "taskrun", "result": "result"}
KIND_TYPES = {kind: name for name, kind in TYPES.items()}
EXPORT_FORMATS = ("json", "csv")
PARAMS = frozenset({"type", "format", "api_key"})


class ExportView(Resource):
    """The export choices (no parameters), or one export as a zip file."""

    target = "project"

    def __init__(self, clock: Clock, exports: ExportReader) -> None:
        self.clock, self.exports = clock, exports

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        chosen = _chosen(req)
        if chosen is None:
            resp.media = self._choices(req, short_name)
            return
        type_name, format_name = chosen
        export_format = FORMATS[format_name]
        export = exports.export_rows(
            req.context.uow,
            short_name,
            TYPES[type_name],
            req.context.actor,
            exports=self.exports,
            with_info_layout=export_format.flattens_info,
        )
        stem = f"{export.project_short_name}_{type_name}"
        member = f"{stem}.{export_format.extension}"
        resp.content_type = "application/octet-stream"  # PYBOSSA's type for its zip files
        resp.downloadable_as = f"{stem}_{format_name}.zip"
        resp.stream = ChunkStream(zipped(member, export_format.encode(export)), heartbeat.beat)

    def _choices(self, req: falcon.Request, short_name: str) -> dict:
        actor = req.context.actor
        found = exports.export_choices(req.context.uow, short_name, actor)
        path = f"/project/{short_name}/tasks/export"
        downloads = [
            {
                "type": KIND_TYPES[kind],
                "format": name,
                "url": f"{path}?{urlencode({'type': KIND_TYPES[kind], 'format': name})}",
            }
            for kind in found.kinds
            for name in EXPORT_FORMATS
        ]
        return {
            **task_views.EXPORT.context(found.page, actor, self.clock(), req.prefix),
            "downloads": downloads,
            "formats": list(EXPORT_FORMATS),
            "types": list(TYPES),
        }


def _chosen(req: falcon.Request) -> tuple[str, str] | None:
    """(type, format) when a file is asked for; None for the list of choices."""
    unknown = sorted(set(req.params) - PARAMS)
    if unknown:
        raise errors.UnknownAttribute(f"export has no parameter '{unknown[0]}'", "project")
    refuse_repeated(req.params)
    type_name, format_name = req.get_param("type"), req.get_param("format")
    if type_name is None and format_name is None:
        return None
    problems = {}
    if type_name not in TYPES:
        problems["type"] = [f"type is one of {', '.join(TYPES)}"]
    if (format_name or "json") not in EXPORT_FORMATS:
        problems["format"] = [f"format is one of {', '.join(EXPORT_FORMATS)}"]
    if problems:
        message = " ".join(reason for reasons in problems.values() for reason in reasons)
        raise errors.InvalidInput(message, "project", problems)
    return type_name, format_name or "json"
