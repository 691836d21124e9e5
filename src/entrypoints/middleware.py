"""Request middleware: who is calling, what the request targets, how big it may be."""
import falcon

from entrypoints.bootstrap import Services
from pybossa_core import errors
from pybossa_core.use_cases import users
from pybossa_core.users import Actor


class RequestContext:
    """Sets req.context.target (for error bodies) and req.context.actor (for use cases)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._max_bytes = max(services.settings.max_body_bytes,
                              services.settings.max_upload_bytes)

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.target = None
        req.context.actor = Actor(ip=req.remote_addr)
        if "\x00" in req.path or "%00" in req.query_string \
                or "\x00" in (req.get_header("Authorization") or ""):
            raise falcon.HTTPBadRequest(description="NUL characters are not accepted")
        if req.content_length is not None and req.content_length > self._max_bytes:
            raise falcon.HTTPPayloadTooLarge(
                description=f"The body is larger than {self._max_bytes} bytes")

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource,
                         params) -> None:
        req.context.target = getattr(resource, "target", None)
        if getattr(resource, "authorization_is_not_an_api_key", False):
            req.context.actor = Actor(ip=req.remote_addr)
        else:
            req.context.actor = self._actor(req)

    def _actor(self, req: falcon.Request) -> Actor:
        """api_key from the query string or the Authorization header (a wrong one is a 401);
        `Authorization: Bearer <project token>` and `?external_uid=` for external volunteers,
        whose token the volunteer-loop use cases check against the project."""
        header = (req.get_header("Authorization") or "").strip()
        token = _bearer(header, req.context.target)
        external = {"project_token": token, "external_uid": req.get_param("external_uid")}
        api_key = req.get_param("api_key") or ("" if token is not None else header)
        if not api_key:
            return Actor(ip=req.remote_addr, **external)
        actor = users.actor_for_api_key(self._services.uow, api_key, req.remote_addr)
        if actor is None:
            raise errors.AuthenticationRequired("Invalid api_key", req.context.target)
        return Actor(user_id=actor.user_id, admin=actor.admin, ip=actor.ip, **external)


def _bearer(header: str, target: str | None) -> str | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    if not token.strip():
        raise errors.AuthenticationRequired("Token not found", target)
    return token.strip()
