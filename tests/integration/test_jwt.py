"""Project tokens signed and checked with PyJWT: only HS256 with the right secret, unexpired."""

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from adapters.security import JwtTokenSigner
from pybossa_core import errors

SECRET = "9f1c8a9e-3b8c-4b8e-9d53-3f4b2f0e8a11"
OTHER_SECRET = "0d6f3c1a-8e2b-4f7a-b1c9-5e4d3c2b1a00"
NOW = datetime(2024, 5, 1, 12, 0, 0)
CLAIMS = {"project_id": 7, "short_name": "birds"}


@pytest.fixture
def signer() -> JwtTokenSigner:
    return JwtTokenSigner()


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _refused(signer, token, message, secret=SECRET, now=NOW) -> None:
    with pytest.raises(errors.AuthenticationRequired) as raised:
        signer.verify(token, secret, now)
    assert raised.value.message == message


def test_an_issued_token_verifies_with_its_claims_and_times(signer):
    token = signer.issue(CLAIMS, SECRET, ttl_seconds=600, now=NOW)
    claims = signer.verify(token, SECRET, NOW + timedelta(seconds=599))
    issued = int(NOW.replace(tzinfo=UTC).timestamp())
    assert claims == {**CLAIMS, "iat": issued, "exp": issued + 600}
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_unverified_claims_read_a_token_without_the_secret(signer):
    token = signer.issue(CLAIMS, SECRET, ttl_seconds=600, now=NOW)
    assert signer.unverified_claims(token)["project_id"] == 7


@pytest.mark.parametrize(
    "token", ["", "not-a-token", "a.b.c", None, _b64({"alg": "HS256"}) + "." + _b64(["a"]) + ".sig"]
)
def test_unverified_claims_refuse_what_is_not_a_token(signer, token):
    with pytest.raises(errors.AuthenticationRequired, match="malformed"):
        signer.unverified_claims(token)


def test_a_token_expires_at_its_exp_second_by_the_given_clock(signer):
    token = signer.issue(CLAIMS, SECRET, ttl_seconds=600, now=NOW)
    _refused(signer, token, "The token has expired", now=NOW + timedelta(seconds=600))


def test_a_token_made_long_ago_is_still_valid_at_the_given_time(signer):
    past = datetime(2001, 1, 1)
    token = signer.issue(CLAIMS, SECRET, ttl_seconds=60, now=past)
    assert signer.verify(token, SECRET, past + timedelta(seconds=30))["project_id"] == 7


def test_a_forged_signature_is_refused(signer):
    header, payload, _ = signer.issue(CLAIMS, SECRET, 600, NOW).split(".")
    forged_payload = _b64({**json.loads(base64.urlsafe_b64decode(payload + "==")), "project_id": 8})
    _refused(signer, f"{header}.{forged_payload}.{_}", "The token signature is invalid")


def test_a_token_signed_with_another_secret_is_refused(signer):
    token = signer.issue(CLAIMS, OTHER_SECRET, ttl_seconds=600, now=NOW)
    _refused(signer, token, "The token signature is invalid")


def test_an_unsigned_alg_none_token_is_refused(signer):
    issued = int(NOW.replace(tzinfo=UTC).timestamp())
    payload = _b64({**CLAIMS, "iat": issued, "exp": issued + 600})
    for alg in ("none", "None", "NONE"):
        _refused(
            signer,
            f"{_b64({'alg': alg, 'typ': 'JWT'})}.{payload}.",
            "The token algorithm is not accepted",
        )


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_a_token_of_another_algorithm_is_refused_even_with_the_right_secret(signer):
    issued = int(NOW.replace(tzinfo=UTC).timestamp())
    token = jwt.encode({**CLAIMS, "iat": issued, "exp": issued + 600}, SECRET, algorithm="HS512")
    _refused(signer, token, "The token algorithm is not accepted")


@pytest.mark.parametrize("missing", ["exp", "iat"])
def test_a_token_without_exp_or_iat_is_refused(signer, missing):
    issued = int(NOW.replace(tzinfo=UTC).timestamp())
    claims = {**CLAIMS, "iat": issued, "exp": issued + 600}
    del claims[missing]
    _refused(
        signer, jwt.encode(claims, SECRET, algorithm="HS256"), "The token lacks a required claim"
    )


def test_a_token_whose_times_are_not_numbers_is_refused(signer):
    claims = {**CLAIMS, "iat": "yesterday", "exp": "tomorrow"}
    _refused(signer, jwt.encode(claims, SECRET, algorithm="HS256"), "The token times are malformed")


def test_a_token_used_before_its_nbf_is_refused(signer):
    issued = int(NOW.replace(tzinfo=UTC).timestamp())
    claims = {**CLAIMS, "iat": issued, "exp": issued + 600, "nbf": issued + 60}
    _refused(signer, jwt.encode(claims, SECRET, algorithm="HS256"), "The token is not valid yet")


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", None])
def test_a_malformed_token_is_refused(signer, token):
    _refused(signer, token, "The token is malformed")


def test_only_hmac_algorithms_may_be_configured():
    with pytest.raises(ValueError):
        JwtTokenSigner(algorithm="none")
