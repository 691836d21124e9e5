"""Stored files belong to what stored them, over real SQLite and PostgreSQL databases."""

from http_stored_files import *  # noqa: F403

from .test_http_api import api  # noqa: F401  (the fixture)
