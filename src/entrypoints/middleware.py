"""Request middleware: who is calling (api key, project token or session), CSRF, body size."""

import re

import falcon

from entrypoints.bootstrap import Services
from entrypoints.client_ip import client_ip
from entrypoints.errors import BadBody
from entrypoints.resources.base import Resource
from entrypoints.sessions import CSRF_HEADER, SessionCookies
from pybossa_core import errors
from pybossa_core.use_cases import sessions, users
from pybossa_core.users import Actor

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BROWSER_FORMS = ("/account", "/admin", "/project/")
# A JSON Web Token: three base64url segments joined by dots (an api key is a UUID, no dots).
JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
CACHE_BUSTER = "_"


class RequestContext:
    """Sets req.context.target (for error bodies), .public_url (for the cross-site hook),
    .session and .actor (for use cases)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        settings = services.settings
        self._cookies = SessionCookies(
            services.signer,
            services.secret_key,
            settings.session_seconds,
            settings.session_cookie_secure,
        )
        self._max_bytes = max(settings.max_body_bytes, settings.max_upload_bytes)
        self._trusted_hops = settings.trusted_proxy_hops
        self._public_url = settings.public_url

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.target = None
        req.context.client_ip = client_ip(req, self._trusted_hops)
        req.context.public_url = self._public_url
        req.context.actor = Actor(ip=req.context.client_ip)
        _drop_cache_buster(req)
        if (
            "\x00" in req.path
            or "%00" in req.query_string
            or "\x00" in (req.get_header("Authorization") or "")
        ):
            raise falcon.HTTPBadRequest(description="NUL characters are not accepted")
        req.context.session = self._cookies.read(req, self._services.clock())

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: Resource | None, params
    ) -> None:
        # What a resource declares (see resources/base.py) acts before its caller is looked
        # up, and so cannot be a Falcon hook (hooks run after every process_resource): a bulk
        # import's larger `max_body_bytes` must let its body past the common limit, and where
        # the Authorization header is a project's secret key it must not be taken for a wrong
        # api key (a 401). No resource (no route) declares nothing.
        declared = resource if resource is not None else Resource()
        req.context.target = declared.target
        _check_length(req, declared.max_body_bytes or self._max_bytes)
        if declared.authorization_is_not_an_api_key:
            req.context.actor, via = Actor(ip=req.context.client_ip), "anonymous"
        else:
            req.context.actor, via = self._actor(req)
        _check_csrf(req, via)

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool
    ) -> None:
        session = req.context.get("session")
        if session is not None and session.changed:
            self._cookies.write(resp, session, self._services.clock())

    def _actor(self, req: falcon.Request) -> tuple[Actor, str]:
        """api_key from the query string or the Authorization header, bare or as `Bearer
        <api key>` (a wrong one is a 401); `Authorization: Bearer <project token>` (a JWT) and
        `?external_uid=` for external volunteers; otherwise the session cookie's user."""
        header = (req.get_header("Authorization") or "").strip()
        bearer = _bearer(header, req.context.target)
        token = bearer if bearer is not None and JWT.fullmatch(bearer) else None
        external = {"project_token": token, "external_uid": req.get_param("external_uid")}
        header_key = header if bearer is None else ("" if token is not None else bearer)
        api_key = req.get_param("api_key") or header_key
        if api_key:
            actor = users.actor_for_api_key(req.context.uow, api_key, req.context.client_ip)
            if actor is None:
                raise errors.AuthenticationRequired("Invalid api_key", req.context.target)
            return Actor(
                user_id=actor.user_id, admin=actor.admin, ip=actor.ip, **external
            ), "api_key"
        if token is None:
            return self._session_actor(req)
        return Actor(ip=req.context.client_ip, **external), "token"

    def _session_actor(self, req: falcon.Request) -> tuple[Actor, str]:
        session, external = req.context.session, req.get_param("external_uid")
        anonymous = Actor(ip=req.context.client_ip, external_uid=external)
        if session.user_id is None:
            return anonymous, "cookie"
        actor = sessions.actor_for_session(
            req.context.uow,
            session.user_id,
            session.generation,
            session.session_id,
            req.context.client_ip,
            revocations=self._services.revocations,
        )
        if actor is None:  # signed out, the user is gone or ended their sessions
            session.sign_out()
            return anonymous, "cookie"
        return Actor(
            user_id=actor.user_id, admin=actor.admin, ip=actor.ip, external_uid=external
        ), "cookie"


def _drop_cache_buster(req: falcon.Request) -> None:
    """jQuery with `cache: false` (pybossa.js's newtask) and some proxies append `_=<time>` to
    GETs: it means nothing, so no resource sees it (other unknown parameters stay errors)."""
    if req.method in ("GET", "HEAD") and CACHE_BUSTER in req.params:
        del req.params[CACHE_BUSTER]  # type: ignore[attr-defined]  # a dict underneath


def _check_length(req: falcon.Request, max_bytes: int) -> None:
    """Refuse a body whose Content-Length exceeds what the resource takes (the largest JSON
    body or upload; bulk imports declare their own `max_body_bytes`), before reading it."""
    if req.content_length is not None and req.content_length > max_bytes:
        raise BadBody(413, "RequestEntityTooLarge", f"The body is larger than {max_bytes} bytes")


def _check_csrf(req: falcon.Request, via: str) -> None:
    """A state-changing request that rests on the session cookie must carry its CSRF token.

    Requests authenticated by api key or project token are exempt. So are JSON requests to
    /api (what pybossa.js sends): a browser cannot send them cross-site without a CORS
    preflight, which this server does not grant to other origins with credentials.
    """
    if req.method not in UNSAFE_METHODS or via in ("api_key", "token"):
        return
    browser_form = req.path.startswith(BROWSER_FORMS)
    if not browser_form and (
        req.context.session.user_id is None
        or (req.content_type or "").startswith(falcon.MEDIA_JSON)
    ):
        return
    if not req.context.session.csrf_matches(req.get_header(CSRF_HEADER)):
        raise BadBody(
            400,
            "CSRFError",
            "CSRF validation failed: send the X-CSRFToken header with the csrf value of the form",
        )


def _bearer(header: str, target: str | None) -> str | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    if not token.strip():
        raise errors.AuthenticationRequired("Token not found", target)
    return token.strip()
