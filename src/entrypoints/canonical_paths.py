"""PYBOSSA's canonical paths of web views: where it answers 308 to the slashed (or first-page)
form of a path, so do we; the router itself takes either form (trailing slashes are stripped)."""

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
# Route templates whose page 1 is the listing itself: template -> canonical path.
FIRST_PAGES = {
    "/project/category/{short_name}/page/{page}": "/project/category/{short_name}/",
}


def original_path(req: falcon.Request) -> str:
    """The path as the client sent it (Falcon's req.path has lost its trailing slash)."""
    path = req.env.get("PATH_INFO") or "/"
    if not path.isascii():  # PEP 3333 tunnels UTF-8 bytes as latin-1
        path = path.encode("iso-8859-1").decode("utf-8", "replace")
    return req.root_path + path


def canonical_path(req: falcon.Request, params: dict) -> str | None:
    """The canonical path of the request, when it is not the one it was sent to."""
    template = req.uri_template
    if template in SLASHED and not (req.env.get("PATH_INFO") or "").endswith("/"):
        return original_path(req) + "/"
    if template in FIRST_PAGES and str(params.get("page")) == "1":
        return req.root_path + FIRST_PAGES[template].format(**params)
    return None


class CanonicalPaths:
    """Answers 308 to a web view's canonical path, before any other work is done."""

    def process_resource(self, req: falcon.Request, resp, resource, params) -> None:
        if resource is None:
            return
        target = canonical_path(req, params)
        if target is not None:
            query = f"?{req.query_string}" if req.query_string else ""
            raise falcon.HTTPPermanentRedirect(target + query)
