"""Project exports over HTTP: tasks, task runs or results as a streamed CSV, JSON or NDJSON file."""

import logging
from collections.abc import Callable, Iterator

import falcon

from entrypoints import heartbeat
from entrypoints.resources.base import Resource
from entrypoints.resources.objects import project_key, refuse_repeated
from entrypoints.schemas.export_formats import DEFAULT_FORMAT, FORMATS, ExportFormat
from pybossa_core import errors
from pybossa_core.ports.exports import ExportReader
from pybossa_core.use_cases import exports

log = logging.getLogger(__name__)

EXPORT_PARAMS = frozenset({"type", "format", "api_key"})


class ProjectExport(Resource):
    """GET /api/project/{id or short_name}/export?type=task|taskrun|result&format=csv|json|ndjson:
    a download streamed from the database (owner or admin; anyone for a published project's
    results)."""

    target = "project"

    def __init__(self, exports: ExportReader) -> None:
        self.exports = exports

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        kind, export_format = _export_params(req)
        key = project_key(object_id)
        export = exports.export_rows(
            req.context.uow,
            key,
            kind,
            req.context.actor,
            exports=self.exports,
            with_info_layout=export_format.flattens_info,
        )
        resp.content_type = export_format.content_type
        resp.downloadable_as = f"{export.project_short_name}_{kind}.{export_format.extension}"
        resp.stream = ChunkStream(export_format.encode(export), heartbeat.beat)


class ChunkStream:
    """The response body: an iterator of chunks whose `close()` (called by the WSGI server
    when the response ends, is cut, or fails) closes the encoder, and so the rows' stream.

    The first chunk is read at once, so a failing first query is still an error response
    rather than a cut 200; a failure later can only cut the transfer, and is logged here.
    Each chunk calls `progress` (the gunicorn worker's heartbeat), so a long export is not
    taken for a stuck worker.
    """

    def __init__(
        self, chunks: Iterator[bytes], progress: Callable[[], None] = lambda: None
    ) -> None:
        self._chunks, self._progress = chunks, progress
        self._first = next(chunks, b"")

    def __iter__(self) -> "ChunkStream":
        return self

    def __next__(self) -> bytes:
        if self._first:
            chunk, self._first = self._first, b""
            return chunk
        self._progress()
        try:
            return next(self._chunks)
        except StopIteration:
            raise
        except Exception:
            log.exception("An export stream failed after its response had started")
            raise

    def close(self) -> None:
        self._chunks.close()


def _export_params(req: falcon.Request) -> tuple[str, ExportFormat]:
    """`type` (required) and `format` (default json); another parameter is a 415."""
    unknown = sorted(set(req.params) - EXPORT_PARAMS)
    if unknown:
        raise errors.UnknownAttribute(f"export has no parameter '{unknown[0]}'", "project")
    refuse_repeated(req.params)
    kind = req.get_param("type")
    if not kind:
        message = f"type is required: one of {', '.join(exports.EXPORT_KINDS)}"
        raise errors.InvalidInput(message, "project", {"type": [message]})
    name = req.get_param("format") or DEFAULT_FORMAT
    if name not in FORMATS:
        message = f"format must be one of {', '.join(FORMATS)}"
        raise errors.InvalidInput(message, "project", {"format": [message]})
    return kind, FORMATS[name]
