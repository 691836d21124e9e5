"""CORS for /api only, with Falcon's own policy; credentials are never allowed cross-origin."""

import falcon

from entrypoints.ratelimit import HEADERS, is_api_path


class ApiCors(falcon.CORSMiddleware):
    """Falcon's CORSMiddleware limited to /api paths (/account and /admin get no CORS)."""

    # No origin is allowed credentials: cookie-authenticated JSON requests to /api skip the
    # CSRF check only because a browser cannot send them cross-origin with the cookie.

    def __init__(self, origins: str) -> None:
        super().__init__(
            allow_origins=parse_origins(origins), expose_headers=HEADERS, allow_credentials=None
        )

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool
    ) -> None:
        if not is_api_path(req.path):
            return
        super().process_response(req, resp, resource, req_succeeded)
        if self.allow_origins != "*":
            resp.append_header("Vary", "Origin")


def parse_origins(origins: str) -> str | list[str]:
    """CORS_ORIGINS: "*" for any origin, else a comma-separated list of origins."""
    if origins.strip() == "*":
        return "*"
    return [origin.strip() for origin in origins.split(",") if origin.strip()]
