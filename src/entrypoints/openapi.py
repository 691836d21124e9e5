"""The OpenAPI 3 document of /api and the JSON web views, built from the app's route table and
the marshmallow schemas.

The routes come from the app's own router, so a route added anywhere (routes.py or not) is in
the document; `missing_operations` is the completeness check the tests run.
"""

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from importlib import metadata

import falcon
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import fields

from entrypoints import openapi_operations as operations
from entrypoints import openapi_views as views
from entrypoints.resources.base import Resource

API_PREFIX = "/api"
OPENAPI_VERSION = "3.0.3"
# The methods an OpenAPI 3.0 path item can describe, in its order.
NAIVE_DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$"
OPERATION_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")
DESCRIPTION = (
    "PYBOSSA's REST API. Authenticate with `?api_key=KEY`, `Authorization: KEY` or "
    "`Authorization: Bearer KEY`; external volunteers use `Authorization: Bearer <project "
    "token>` (a JWT). Project sub-routes take a project's id or its short name. Every failure "
    "answers PYBOSSA's error body (`Failure`). An unknown query parameter or body key is a "
    "415, a bad value a 400; `_` (jQuery's cache-buster) is ignored on every GET. The "
    "web views (every path outside /api but the probes, `/metrics` and `/uploads`; tag `web "
    "views`; docs/web-views.md) answer PYBOSSA's JSON pages and forms, and fail with "
    "`{code, description, template}` (`ViewFailure`); a signed-in browser session sends each "
    "POST with the form's csrf as X-CSRFToken."
)


@dataclass(frozen=True)
class Route:
    """One registered URI template, its resource, and the methods the resource answers."""

    template: str
    resource: object
    methods: tuple[str, ...]


def registered_routes(app: falcon.App) -> list[Route]:
    """Every route of the app's compiled router, sorted by template.

    Falcon offers no public listing of the resources; this walks the router's nodes as
    `falcon.inspect.inspect_compiled_router` does.
    """
    routes = []
    pending = list(app._router._roots)
    while pending:
        node = pending.pop()
        pending.extend(node.children)
        if node.resource is not None:
            routes.append(Route(node.uri_template, node.resource, _answered(node.method_map)))
    return sorted(routes, key=lambda route: route.template)


def _answered(method_map: dict) -> tuple[str, ...]:
    """The methods with a responder of the resource's own (not Falcon's 405/OPTIONS ones)."""
    answered = [method for method in OPERATION_METHODS if method in method_map]
    return tuple(method for method in answered if not _falcon_default(method_map[method]))


def _falcon_default(responder) -> bool:
    function = responder.func if isinstance(responder, partial) else responder
    return getattr(function, "__module__", "").startswith("falcon.")


def api_routes(routes: Iterable[Route]) -> list[Route]:
    """The routes under /api."""
    return [
        route
        for route in routes
        if route.template == API_PREFIX or route.template.startswith(API_PREFIX + "/")
    ]


def documented_routes(routes: Iterable[Route]) -> list[Route]:
    """The routes the document describes: /api's, and the JSON web views of openapi_views."""
    routes = list(routes)
    return api_routes(routes) + [route for route in routes if views.is_view(route.template)]


def build_document(routes: Iterable[Route]) -> dict:
    """The OpenAPI document describing every method of every documented route."""
    marshmallow_plugin = MarshmallowPlugin()
    spec = APISpec(
        title="PYBOSSA API (pybossa-falcon)",
        version=_version(),
        openapi_version=OPENAPI_VERSION,
        plugins=[marshmallow_plugin],
        info={"description": DESCRIPTION},
        security=operations.SECURITY,
    )
    marshmallow_plugin.converter.add_attribute_function(_naive_date_time)
    operations.register_components(spec)
    views.register_components(spec)
    for route in documented_routes(routes):
        describe = views.describe if views.is_view(route.template) else operations.describe
        described = {}
        for method in route.methods:
            described[method.lower()] = describe(spec, route.template, route.resource, method)
        spec.path(path=route.template, operations=described)
    return spec.to_dict()


def _naive_date_time(converter, field: fields.Field, ret: dict, **kwargs) -> dict:
    """PYBOSSA's times are ISO 8601 without an offset (UTC): no RFC 3339 `date-time`."""
    if isinstance(field, fields.DateTime) and ret.get("format") == "date-time":
        del ret["format"]
        return {"pattern": NAIVE_DATE_TIME, "description": "UTC, ISO 8601 without an offset"}
    return {}


def missing_operations(document: dict, routes: Iterable[Route]) -> list[str]:
    """`METHOD /template` for each method of a documented route that the document lacks."""
    paths = document.get("paths", {})
    missing = []
    for route in documented_routes(routes):
        described = paths.get(route.template, {})
        missing += [
            f"{method} {route.template}"
            for method in route.methods
            if method.lower() not in described
        ]
    return missing


def _version() -> str:
    try:
        return metadata.version("pybossa-falcon")
    except metadata.PackageNotFoundError:
        return "0"


class OpenApiDocument(Resource):
    """GET /api/openapi.json: the document, built on the first request and kept for the app."""

    target = "openapi"

    def __init__(self, app: falcon.App) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._body: bytes | None = None

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_JSON
        resp.data = self.body()

    on_head = on_get

    def body(self) -> bytes:
        """The serialized document (built once, on first use, from the routes added by then)."""
        with self._lock:
            if self._body is None:
                document = build_document(registered_routes(self._app))
                self._body = json.dumps(document, sort_keys=True).encode("utf-8")
            return self._body
