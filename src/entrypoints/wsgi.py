"""create_app(services) builds the Falcon app; get_app() is gunicorn's factory."""
import logging

import falcon

from entrypoints import errors, routes
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.middleware import RequestContext
from entrypoints.settings import Settings


def create_app(services: Services) -> falcon.App:
    """The WSGI application over already-built services."""
    app = falcon.App(middleware=[RequestContext(services)])
    app.req_options.strip_url_path_trailing_slash = True
    app.resp_options.default_media_type = falcon.MEDIA_JSON
    errors.register(app)
    routes.add_routes(app, services)
    return app


def get_app() -> falcon.App:
    """Gunicorn's entry point: settings from the environment, services built in the worker."""
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return create_app(bootstrap(settings))
