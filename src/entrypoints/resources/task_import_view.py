"""GET/POST /project/{short_name}/tasks/import: PYBOSSA's import view over the bulk import
(the same rows, limits and all-or-nothing transaction as /api/project/<id>/tasks/import).

The importers are the formats the bulk import reads, from the request itself: a CSV, JSON
(an array of objects) or NDJSON body, or a file uploaded as multipart/form-data (its format
named by `?type=`, a `type` field before the file, or the file's extension). No importer
fetches anything from another server."""

import io
from typing import BinaryIO

import falcon
from falcon.media import MultipartFormHandler

from entrypoints import request_body
from entrypoints.resources.base import Resource
from entrypoints.resources.imports import ImportLimits, file_format
from entrypoints.schemas import task_files, task_views
from entrypoints.schemas.forms import form
from pybossa_core import errors
from pybossa_core.clock import Clock
from pybossa_core.use_cases import imports, task_settings

IMPORTERS = (task_files.CSV, task_files.JSON, task_files.NDJSON)
EXTENSIONS = {".csv": task_files.CSV, ".json": task_files.JSON, ".ndjson": task_files.NDJSON}
EXTENSIONS[".jsonl"] = task_files.NDJSON
# The project view's keys PYBOSSA's import page leaves out.
NOT_ON_THE_IMPORT_PAGE = ("last_activity", "n_task_runs")
LOADING_TEXT = "Importing tasks, this may take a while, wait..."
BAD_DATA = (errors.InvalidRows, errors.MalformedInput, errors.TooLarge)


class ImportView(Resource):
    """The importers there are (GET), and an import from the request's body or file (POST)."""

    target = "task"

    def __init__(self, clock: Clock, limits: ImportLimits) -> None:
        self.clock, self.limits = clock, limits
        self.max_body_bytes = limits.max_bytes  # read by the middleware

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        actor, chosen = req.context.actor, req.get_param("type")
        page = task_settings.managed_page(req.context.uow, short_name, actor)
        problems = None if chosen in (None, *IMPORTERS) else {"type": [_choose()]}
        context = task_views.IMPORT.context(page, actor, self.clock(), req.prefix)
        for key in NOT_ON_THE_IMPORT_PAGE:
            del context[key]
        csrf = req.context.session.form_token()
        resp.media = {
            **context,
            "available_importers": list(IMPORTERS),
            "form": form({"type": chosen}, csrf, problems),
            "loading_text": LOADING_TEXT,
            "target": "project.import_task",
            "task_tmpls": [],
        }

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        """The body is received whole (spooled) before the import's transaction opens."""
        imports.check_importer(req.context.actor)
        with request_body.spooled(
            req,
            max_bytes=self.max_body_bytes,
            seconds=self.limits.body_timeout_seconds,
            target="task",
        ) as body:
            stream, found_format = _uploaded(req, body)
            try:
                report = imports.import_tasks(
                    req.context.uow,
                    short_name,
                    self._rows(stream, found_format),
                    req.context.actor,
                    now=self.clock(),
                    max_rows=self.limits.max_rows,
                )
            except BAD_DATA as exc:
                resp.media = _refused(exc)
                return
        flash = f"{report.imported} new task(s) imported"
        if report.skipped_duplicates:
            flash += f", {report.skipped_duplicates} already there skipped"
        resp.media = task_views.done(short_name, flash)

    def _rows(self, stream: BinaryIO, found_format: str):
        return task_files.read_rows(
            stream,
            found_format,
            max_bytes=self.max_body_bytes,
            max_row_chars=self.limits.max_row_chars,
        )


def _uploaded(req: falcon.Request, body: BinaryIO) -> tuple[BinaryIO, str]:
    """The tasks' bytes and their format: the body as it came, or its uploaded file (read
    before any later part)."""
    chosen = req.get_param("type")
    if chosen is not None and chosen not in IMPORTERS:
        raise errors.InvalidInput(_choose(), "task", {"type": [_choose()]})
    if not (req.content_type or "").startswith(falcon.MEDIA_MULTIPART):
        return body, file_format(req.content_type)
    length = body.seek(0, io.SEEK_END)
    body.seek(0)
    parts = MultipartFormHandler().deserialize(body, req.content_type, length)
    for part in parts:
        if part.filename is None and part.name == "type":
            chosen = chosen or part.get_text()
        elif part.filename is not None:
            return part.stream, _upload_format(chosen, part.filename)
    raise errors.InvalidInput("Upload the tasks' file as a multipart part", "task")


def _upload_format(chosen: str | None, filename: str) -> str:
    if chosen in IMPORTERS:
        return chosen
    if chosen:
        raise errors.InvalidInput(_choose(), "task", {"type": [_choose()]})
    extension = filename[filename.rfind(".") :].lower() if "." in filename else ""
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    raise errors.InvalidInput(_choose(), "task", {"type": [_choose()]})


def _choose() -> str:
    return f"The importer (type) is one of {', '.join(IMPORTERS)}"


def _refused(exc: errors.DomainError) -> dict:
    """Bad data: PYBOSSA's error flash, with the rows' problems when there are some."""
    refusal = {"flash": exc.message, "status": "error"}
    if isinstance(exc, errors.InvalidRows):
        refusal["errors"] = exc.errors
    return refusal
