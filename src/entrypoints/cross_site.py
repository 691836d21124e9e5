"""Refusing a GET that changes state (PYBOSSA's GET actions) when another site sent it.

PYBOSSA signs out, subscribes, grants admin rights and starts exports on a plain GET, and
its clients rely on that, so these GETs cannot ask for the CSRF token. What they refuse
instead is a request the browser says another site made: `Sec-Fetch-Site` other than
`same-origin` or `none` (an address typed or bookmarked; `same-site` is refused too, as a
sibling subdomain may belong to someone else), or, from a browser too old to send
`Sec-Fetch-Site`, an `Origin` or `Referer` naming another origin than the request's own
(or PUBLIC_URL's; https to the request's own host counts as its own, for a balancer that
ends TLS). Clients that are not browsers send none of these headers and are not affected.
"""

from urllib.parse import urlsplit

import falcon

from pybossa_core import errors

ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})
DEFAULT_PORTS = {"http": 80, "https": 443}
REFUSED = (
    "This GET changes state and a browser sent it from another site ({}): open the "
    "address from this site's own pages, or type it"
)

Origin = tuple[str, str, int]


def refuse_cross_site(req: falcon.Request, resp: falcon.Response, resource, params) -> None:
    """`falcon.before` hook for a GET that changes state (a 403 when another site sent it);
    the site's own origin is the request context's `public_url` (set by the middleware)."""
    ensure_same_origin(req, req.context.get("public_url"))


def ensure_same_origin(req: falcon.Request, public_url: str | None = None) -> None:
    """Raise Forbidden when the browser marks the request as sent by another site."""
    reason = cross_site_reason(req, public_url)
    if reason is not None:
        raise errors.Forbidden(REFUSED.format(reason), req.context.get("target"))


def cross_site_reason(req: falcon.Request, public_url: str | None = None) -> str | None:
    """Why the request looks cross-site, or None when nothing says so."""
    site = (req.get_header("Sec-Fetch-Site") or "").strip().lower()
    if site:  # the browser's own word, which no page can forge: Origin and Referer add nothing
        return None if site in ALLOWED_FETCH_SITES else f"Sec-Fetch-Site: {site}"
    own, public = origin_of(f"{req.scheme}://{req.netloc}"), origin_of(public_url or "")
    for header in ("Origin", "Referer"):
        value = (req.get_header(header) or "").strip()
        if not value:
            continue
        seen = origin_of(value)
        if seen is None or not (seen == public or _same_origin(seen, own)):
            return f"{header} of another origin"
    return None


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, the default port filled in; None for anything
    else (`Origin: null` included)."""
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:  # a port that is not a number, a malformed IPv6 host
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def _same_origin(seen: Origin, own: Origin | None) -> bool:
    """Equal origins; or the request's own host reached over https where this server was
    spoken to in plain http (a balancer that ends TLS without saying so, X-Forwarded-Proto
    not trusted): https is the same site, only more so."""
    if seen == own:
        return True
    if own is None or (seen[0], own[0]) != ("https", "http") or seen[1] != own[1]:
        return False
    return seen[2] == own[2] or (seen[2], own[2]) == (443, 80)
