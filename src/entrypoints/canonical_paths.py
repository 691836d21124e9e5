"""PYBOSSA's canonical paths of web views: where it answers 308 to the slashed (or first-page)
form of a path, so do we; the router itself takes either form (trailing slashes are stripped)."""

import re
from urllib.parse import quote

import falcon

# Route templates whose canonical path ends with a slash (PYBOSSA's Flask routes do).
SLASHED = frozenset(
    {
        "/project/{short_name}",
        "/project/{short_name}/tasks",
        "/project/category/{short_name}",
        "/leaderboard",
        "/stats",
        "/admin",
        "/admin/dashboard",
    }
)
# What a Location may carry as it is: RFC 3986's path characters (the path is decoded, so a
# `%` is a character too) and, in the query string (sent encoded), also `%`, `?` and `/`.
PATH_SAFE = "/!$&'()*+,;=:@-._~"
QUERY_SAFE = PATH_SAFE + "%?"
# A listing's page 1 is the listing itself (`/project/category/x/page/1/` is
# `/project/category/x/`): any web view's route template ending in /page/{<name>} (not
# /api/page/{id}: PYBOSSA's project pages are objects of the API).
FIRST_PAGE = re.compile(r"(?!/api/).*/page/\{(?P<name>\w+)\}")


def original_path(req: falcon.Request) -> str:
    """The path as the client sent it (Falcon's req.path has lost its trailing slash)."""
    path = req.env.get("PATH_INFO") or "/"
    if not path.isascii():  # PEP 3333 tunnels UTF-8 bytes as latin-1
        path = path.encode("iso-8859-1").decode("utf-8", "replace")
    # One leading slash: the router takes "//stats" as "/stats", but a Location of
    # "//stats/" would send the browser to another host (named "stats").
    return req.root_path + "/" + path.lstrip("/")


def canonical_path(req: falcon.Request, params: dict) -> str | None:
    """The canonical path of the request, when it is not the one it was sent to."""
    template = req.uri_template
    if template in SLASHED and not (req.env.get("PATH_INFO") or "").endswith("/"):
        return original_path(req) + "/"
    first_page = FIRST_PAGE.fullmatch(template or "")
    if first_page and params.get(first_page["name"]) == "1":
        listing = original_path(req).rstrip("/").rsplit("/", 2)[0]
        return listing + "/"
    return None


class CanonicalPaths:
    """Answers a GET or HEAD with a 308 to the view's canonical path, before any other work
    is done (other methods find the view as they are: nothing links them elsewhere)."""

    def process_resource(self, req: falcon.Request, resp, resource, params) -> None:
        if resource is None or req.method not in ("GET", "HEAD"):
            return
        target = canonical_path(req, params)
        if target is not None:
            raise falcon.HTTPPermanentRedirect(location(target, req.query_string))


def location(path: str, query_string: str) -> str:
    """The redirect's Location, percent-encoded: a decoded path may hold a line break or
    any character, which a header must not (a 500, or a header injected)."""
    query = f"?{quote(query_string, safe=QUERY_SAFE)}" if query_string else ""
    return quote(path, safe=PATH_SAFE) + query
