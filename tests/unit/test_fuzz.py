"""The bounded decoder fuzz (tests/http_fuzz.py) over the in-memory fakes."""

from http_fuzz import *  # noqa: F403

from .test_http_api import api  # noqa: F401  (the fixture)
