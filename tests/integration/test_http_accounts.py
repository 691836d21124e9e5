"""The JSON account endpoints over real SQLite and PostgreSQL databases."""

from http_accounts import *  # noqa: F403

from .test_http_api import api  # noqa: F401  (the fixture)
