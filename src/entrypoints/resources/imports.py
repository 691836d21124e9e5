"""POST /api/project/{id or short_name}/tasks/import: many tasks from one CSV, JSON or NDJSON
body, all or none."""

from dataclasses import dataclass

import falcon

from entrypoints import request_body
from entrypoints.resources.base import Resource
from entrypoints.resources.objects import project_key
from entrypoints.schemas import task_files
from pybossa_core.clock import Clock
from pybossa_core.use_cases import imports

# Content-Type (without parameters) -> file format.
MEDIA_TYPES = {
    "text/csv": task_files.CSV,
    "application/json": task_files.JSON,
    "application/x-ndjson": task_files.NDJSON,
    "application/ndjson": task_files.NDJSON,
    "application/jsonl": task_files.NDJSON,
    "application/x-jsonlines": task_files.NDJSON,
}
CHARSETS = frozenset({"utf-8", "utf8", "us-ascii"})


@dataclass(frozen=True)
class ImportLimits:
    """How much a bulk import takes: bytes of body, rows, characters in a row, and the seconds
    a client has to send the body."""

    max_bytes: int
    max_rows: int
    max_row_chars: int
    body_timeout_seconds: float


class TaskImport(Resource):
    """Import tasks from a CSV, JSON array or NDJSON body, in one transaction."""

    target = "task"

    def __init__(self, clock: Clock, limits: ImportLimits) -> None:
        self.clock, self.limits = clock, limits
        self.max_body_bytes = limits.max_bytes  # read by the middleware

    def on_post(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        """The body is received whole (spooled) before the import opens its transaction: a
        slow client must not hold the database's write lock while it sends."""
        key, found_format = project_key(object_id), file_format(req.content_type)
        imports.check_importer(req.context.actor)
        with request_body.spooled(
            req,
            max_bytes=self.max_body_bytes,
            seconds=self.limits.body_timeout_seconds,
            target="task",
        ) as body:
            rows = task_files.read_rows(
                body,
                found_format,
                max_bytes=self.max_body_bytes,
                max_row_chars=self.limits.max_row_chars,
            )
            report = imports.import_tasks(
                req.context.uow,
                key,
                rows,
                req.context.actor,
                now=self.clock(),
                max_rows=self.limits.max_rows,
            )
        resp.media = {
            "imported": report.imported,
            "skipped": report.skipped_duplicates,
            "rows": report.rows,
        }


def file_format(content_type: str | None) -> str:
    """The format a Content-Type names (415 for any other type, or a charset but UTF-8)."""
    media_type, _, parameters = (content_type or "").partition(";")
    found = MEDIA_TYPES.get(media_type.strip().lower())
    charset = _charset(parameters)
    if found is None or (charset is not None and charset not in CHARSETS):
        raise falcon.HTTPUnsupportedMediaType(
            description=(
                "Send text/csv (with a header row), application/json (an array of objects) or "
                "application/x-ndjson (an object per line), in UTF-8"
            )
        )
    return found


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None
