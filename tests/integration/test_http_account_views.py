"""PYBOSSA's documented account behaviour over real SQLite and PostgreSQL databases."""

from http_account_views import *  # noqa: F403

from .test_http_api import api  # noqa: F401  (the fixture)
