"""Shared steps of the account tests: fixed secrets, field errors, keys read from mail."""

import re
from urllib.parse import unquote

import pytest

from pybossa_core import errors
from pybossa_core.use_cases.account_links import AccountLinks
from pybossa_core.use_cases.forms import Refused

SECRET = "account-secret"
BASE = "https://crowd.example.org"
TTL = 600


def links_of(signer, jobs=None, secret: str = SECRET, base_url: str = BASE) -> AccountLinks:
    """The account links the tests sign (and mail) with."""
    return AccountLinks(signer=signer, secret=secret, ttl_seconds=TTL, base_url=base_url, jobs=jobs)


def field_errors(call, *args, **kw) -> dict:
    """The field errors of the InvalidInput the call raises."""
    with pytest.raises(errors.InvalidInput) as caught:
        call(*args, **kw)
    return caught.value.errors


def form_problems(outcome) -> dict:
    """The problems of a form the use case refused."""
    assert isinstance(outcome, Refused), outcome
    return outcome.problems


def bad_key(call, *args, **kw) -> list[str]:
    """The call is refused for its key alone; returns the key's messages."""
    problems = field_errors(call, *args, **kw)
    assert list(problems) == ["key"]
    return problems["key"]


def key_in(body: str, path: str) -> str:
    """The key of the link to `path` in a mail body."""
    match = re.search(re.escape(BASE + path) + r"\?key=(\S+)", body)
    assert match, body
    return unquote(match.group(1))
