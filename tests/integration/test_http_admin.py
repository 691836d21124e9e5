"""The front page and the admin console over real SQLite and PostgreSQL databases."""

from http_admin import *  # noqa: F403

from .test_http_api import api  # noqa: F401  (the fixture)
