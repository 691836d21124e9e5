"""One handler per error family, each answering with PYBOSSA's JSON error body."""

import logging

import falcon

from adapters import outages
from pybossa_core import errors

log = logging.getLogger(__name__)

# family -> (HTTP status, exception_cls); the most specific family is registered last.
DOMAIN_ERRORS = [
    (errors.DomainError, 400, "BadRequest"),
    (errors.InvalidInput, 400, "ValidationError"),
    (errors.ReservedAttribute, 400, "BadRequest"),
    (errors.UnknownAttribute, 415, None),
    (errors.NotFound, 404, "NotFound"),
    (errors.AuthenticationRequired, 401, "Unauthorized"),
    (errors.Forbidden, 403, "Forbidden"),
    (errors.Conflict, 409, "Conflict"),
    (errors.DuplicateValue, 415, "DBIntegrityError"),
    (errors.MethodNotAllowed, 405, "MethodNotAllowed"),
    (errors.Unavailable, 503, "ServiceUnavailable"),
    (errors.InvalidRows, 400, "BadRequest"),
    (errors.MalformedInput, 400, "BadRequest"),
    (errors.TooLarge, 413, "RequestEntityTooLarge"),
]


class BadBody(Exception):
    """The request body is not what the endpoint reads (malformed JSON, wrong type, too big)."""

    def __init__(self, status: int, exception_cls: str, message: str) -> None:
        super().__init__(message)
        self.status, self.exception_cls, self.message = status, exception_cls, message


def error_body(
    req: falcon.Request, status: int, exception_cls: str, message: str, target: str | None = None
) -> dict:
    """PYBOSSA's error envelope."""
    return {
        "action": req.method,
        "status": "failed",
        "status_code": status,
        "target": target or req.context.get("target") or req.path,
        "exception_cls": exception_cls,
        "exception_msg": message,
    }


def _respond(resp: falcon.Response, status: int, body: dict) -> None:
    resp.status = status
    resp.content_type = falcon.MEDIA_JSON
    resp.media = body
    resp.complete = True


def _domain_handler(status: int, exception_cls: str | None):
    def handle(req, resp, ex, params):
        cls = exception_cls or ("AttributeError" if req.method in ("GET", "HEAD") else "TypeError")
        body = error_body(req, status, cls, ex.message, ex.target)
        if getattr(ex, "errors", None):
            body["errors"] = ex.errors
        if getattr(ex, "more_errors", False):
            body["more_errors"] = True
        _respond(resp, status, body)

    return handle


def _bad_body(req, resp, ex: BadBody, params) -> None:
    _respond(resp, ex.status, error_body(req, ex.status, ex.exception_cls, ex.message))


def _http_error(req, resp, ex: falcon.HTTPError, params) -> None:
    status = ex.status_code
    phrase = falcon.code_to_http_status(status).split(" ", 1)[1]
    cls = phrase.replace(" ", "").replace("-", "")
    _respond(resp, status, error_body(req, status, cls, ex.description or phrase))
    for name, value in (ex.headers or {}).items():
        resp.set_header(name, value)


def _unexpected(req, resp, ex: Exception, params) -> None:
    log.exception("Unhandled error on %s %s", req.method, req.path)
    _respond(
        resp,
        500,
        error_body(
            req,
            500,
            "InternalServerError",
            "The server met an unexpected error; it has been logged.",
        ),
    )


def _outage(req, resp, ex: Exception, params) -> None:
    """A database or Redis outage no adapter translated (say, in a library): 503 all the same."""
    service = "database" if isinstance(ex, outages.SQL_OUTAGES) else "Redis server"
    _domain_handler(503, "ServiceUnavailable")(req, resp, outages.unavailable(service, ex), params)


def register(app: falcon.App) -> None:
    """Install the handlers; Falcon picks the most specific class for each exception."""
    app.add_error_handler(Exception, _unexpected)
    app.add_error_handler(falcon.HTTPError, _http_error)
    app.add_error_handler(BadBody, _bad_body)
    app.add_error_handler(outages.SQL_OUTAGES + outages.REDIS_OUTAGES, _outage)
    for family, status, cls in DOMAIN_ERRORS:
        app.add_error_handler(family, _domain_handler(status, cls))
