"""The bounded decoder fuzz (tests/http_fuzz.py) over real SQLite and PostgreSQL databases."""

import pytest

from http_fuzz import *  # noqa: F403
from http_fuzz import EXAMPLES

from .test_http_api import api  # noqa: F401  (the fixture)


@pytest.fixture
def fuzz_examples() -> int:
    """More examples than on the fakes: stored values meet SQL here, at a few ms a request."""
    return EXAMPLES["sql"]
