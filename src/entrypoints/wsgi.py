"""create_app(services) builds the Falcon app; get_app() is gunicorn's factory."""

import falcon

from entrypoints import errors, json_body, logs, ratelimit, routes
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.canonical_paths import CanonicalPaths
from entrypoints.cors import ApiCors
from entrypoints.metrics import RequestMetrics
from entrypoints.middleware import RequestContext
from entrypoints.openapi import registered_routes
from entrypoints.request_units import UnitOfWorkPerRequest
from entrypoints.settings import Settings
from pybossa_core import json_values


def create_app(services: Services) -> falcon.App:
    """The WSGI application over already-built services."""
    app = falcon.App()
    app.req_options.strip_url_path_trailing_slash = True
    app.resp_options.default_media_type = falcon.MEDIA_JSON
    app.resp_options.media_handlers[falcon.MEDIA_JSON] = falcon.media.JSONHandler(
        dumps=json_body.encode
    )
    _decode_json_media(app)
    errors.register(app)
    routes.add_routes(app, services)
    # The request id and the metrics first, so they see every request and its final answer;
    # CORS next (it finishes every response), the redirects to canonical paths, then the rate
    # limit (which knows the routes' aliases) before the auth lookups.
    app.add_middleware(
        [
            logs.RequestLog(),
            RequestMetrics(services.metrics),
            UnitOfWorkPerRequest(services.units_of_work),
            ApiCors(services.settings.cors_origins),
            CanonicalPaths(),
            *ratelimit.middleware(services, registered_routes(app)),
            RequestContext(services),
        ]
    )
    return app


def _decode_json_media(app: falcon.App) -> None:
    """JSON read through req.get_media() (also a multipart part's) uses the one decoder."""
    json_handler = falcon.media.JSONHandler(loads=json_values.decode)
    app.req_options.media_handlers[falcon.MEDIA_JSON] = json_handler
    multipart = app.req_options.media_handlers[falcon.MEDIA_MULTIPART]
    multipart.parse_options.media_handlers[falcon.MEDIA_JSON] = json_handler


def get_app() -> falcon.App:
    """Gunicorn's entry point: settings from the environment, services built in the worker."""
    settings = Settings.from_env()
    logs.configure(settings.log_level, settings.log_format)
    return create_app(bootstrap(settings))
