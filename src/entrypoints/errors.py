"""One handler per error family, each answering with PYBOSSA's JSON error body: the API's
envelope under /api, the web views' {code, description, template} everywhere else."""

import logging
from urllib.parse import quote

import falcon

from adapters import outages
from entrypoints.canonical_paths import original_path
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


# Paths that answer errors in the API's envelope: the REST API and this server's own probes
# (PYBOSSA has none); every other path is a web view.
ENVELOPE_PATHS = ("/api", "/health", "/ready", "/metrics")


def takes_api_envelope(req: falcon.Request) -> bool:
    """Whether the request is for the REST API or a probe (the envelope), not a web view."""
    return any(req.path == p or req.path.startswith(p + "/") for p in ENVELOPE_PATHS)


def view_error_body(status: int, message: str) -> dict:
    """PYBOSSA's error body of the web views, its template named after the status."""
    return {"code": status, "description": message, "template": f"{status}.html"}


def _body(
    req: falcon.Request, status: int, exception_cls: str, message: str, target: str | None = None
) -> dict:
    if takes_api_envelope(req):
        return error_body(req, status, exception_cls, message, target)
    return view_error_body(status, message)


def _respond(resp: falcon.Response, status: int, body: dict) -> None:
    resp.status = status
    resp.content_type = falcon.MEDIA_JSON
    resp.media = body
    resp.complete = True


def _domain_handler(status: int, exception_cls: str | None):
    def handle(req, resp, ex, params):
        if status == 401 and _wants_sign_in_page(req):
            _redirect_to_sign_in(req, resp)
            return
        cls = exception_cls or ("AttributeError" if req.method in ("GET", "HEAD") else "TypeError")
        body = _body(req, status, cls, ex.message, ex.target)
        if getattr(ex, "errors", None):
            body["errors"] = ex.errors
            # A view's refusal of what was sent is flashed, as PYBOSSA's are.
            if not takes_api_envelope(req):
                body.update(flash=ex.message, status="error")
        if getattr(ex, "more_errors", False):
            body["more_errors"] = True
        _respond(resp, status, body)

    return handle


def _wants_sign_in_page(req: falcon.Request) -> bool:
    """A browser (it prefers HTML and sends no JSON) on a web view, with no api key: PYBOSSA
    sends it to the sign-in page; JSON callers keep the clearer 401."""
    accept = req.get_header("Accept") or ""
    return (
        not takes_api_envelope(req)
        and "text/html" in accept
        and req.client_prefers([falcon.MEDIA_JSON, falcon.MEDIA_HTML]) == falcon.MEDIA_HTML
        and not (req.content_type or "").startswith(falcon.MEDIA_JSON)
        and not req.get_param("api_key")
        and not req.get_header("Authorization")
    )


def _redirect_to_sign_in(req: falcon.Request, resp: falcon.Response) -> None:
    resp.status = falcon.HTTP_302
    resp.location = f"{req.root_path}/account/signin?next={quote(original_path(req), safe='')}"
    resp.content_type = falcon.MEDIA_HTML
    resp.text = ""
    resp.complete = True


def _bad_body(req, resp, ex: BadBody, params) -> None:
    _respond(resp, ex.status, _body(req, ex.status, ex.exception_cls, ex.message))


def _http_error(req, resp, ex: falcon.HTTPError, params) -> None:
    status = ex.status_code
    phrase = falcon.code_to_http_status(status).split(" ", 1)[1]
    cls = phrase.replace(" ", "").replace("-", "")
    _respond(resp, status, _body(req, status, cls, ex.description or phrase))
    for name, value in (ex.headers or {}).items():
        resp.set_header(name, value)


def _unexpected(req, resp, ex: Exception, params) -> None:
    log.exception("Unhandled error on %s %s", req.method, req.path)
    _respond(
        resp,
        500,
        _body(
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
