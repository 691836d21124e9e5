"""The JSON account endpoints over in-memory fakes."""
from http_accounts import *  # noqa: F403

from .test_http_api import api  # noqa: F401  (the fixture)
