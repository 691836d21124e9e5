"""The front page and the admin console over in-memory fakes."""

from http_admin import *  # noqa: F403

from .test_http_api import api  # noqa: F401  (the fixture)
