"""Structured logs: one JSON object per line, a request id per request, one access line each.

Every line carries the id of the request it was written for (a context variable set by the
RequestLog middleware), so the lines of one request can be found among many workers and hosts.
"""

import contextvars
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import TextIO

import falcon
from gunicorn import glogging

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "client_ip")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Query parameters that carry secrets: api keys, and the keys of mailed account links.
SECRET_PARAMETER = re.compile(r"\b((?:api_)?key=)[^&\s\"'#]+", re.IGNORECASE)
REDACTED = "[redacted]"

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request_id", default=None
)
access_log = logging.getLogger("pybossa.access")


class RequestIdFilter(logging.Filter):
    """Gives each record the id of the request being served (None outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id.get()
        return True


class RedactSecrets(logging.Filter):
    """Blanks api keys and account-link keys out of a record's message: gunicorn logs a
    request's URI, query string included, when a worker fails or times out on it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = SECRET_PARAMETER.sub(lambda found: found.group(1) + REDACTED, message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, pid, the access fields, and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id.get(),
            "pid": record.process,
        }
        line.update(
            {name: getattr(record, name) for name in ACCESS_FIELDS if hasattr(record, name)}
        )
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str)


def formatter(log_format: str) -> logging.Formatter:
    """The formatter for LOG_FORMAT: "json" (one object per line) or "text"."""
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def build_handler(log_format: str, stream: TextIO | None = None) -> logging.Handler:
    """A stream handler (standard error by default) that writes lines in `log_format`."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter(log_format))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactSecrets())
    return handler


def configure(level: str, log_format: str) -> None:
    """Access lines to standard output, every other record to standard error, in `log_format`.

    The same split as gunicorn's own access and error logs.
    """
    for logger, stream in ((logging.getLogger(), sys.stderr), (access_log, sys.stdout)):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(build_handler(log_format, stream))
    access_log.propagate = False
    logging.getLogger().setLevel(level.upper())


class RequestLog:
    """Middleware: takes a sane X-Request-ID or makes one, echoes it, logs the access line."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        given = req.get_header(REQUEST_ID_HEADER) or ""
        request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        req.context.request_id = request_id
        req.context.request_id_token = current_request_id.set(request_id)
        req.context.started = time.perf_counter()

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool
    ) -> None:
        resp.set_header(REQUEST_ID_HEADER, req.context.request_id)
        duration_ms = round((time.perf_counter() - req.context.started) * 1000, 2)
        status = resp.status_code
        # The path only: query strings may carry api keys.
        access_log.info(
            "%s %s %s",
            req.method,
            req.path,
            status,
            extra={
                "method": req.method,
                "path": req.path,
                "status": status,
                "duration_ms": duration_ms,
                "request_id": req.context.request_id,
                "client_ip": req.context.get("client_ip") or req.remote_addr,
            },
        )
        current_request_id.reset(req.context.request_id_token)


class GunicornLogger(glogging.Logger):
    """gunicorn's own error log ("Booting worker", worker timeouts), never showing a secret
    of a request's query string."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.addFilter(RedactSecrets())


class JsonGunicornLogger(GunicornLogger):
    """gunicorn's own error log as JSON lines too."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())
