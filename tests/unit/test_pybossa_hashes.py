"""Passwords hashed by PYBOSSA (werkzeug) still sign in after an import, and are upgraded."""

import pytest

from adapters import pybossa_hashes
from adapters.security import BcryptPasswordHasher

PASSWORD = "correct horse ☃"
# Made by werkzeug 3.1.9's generate_password_hash(PASSWORD, method=...), as PYBOSSA calls it.
WERKZEUG = {
    "pbkdf2:sha256:150000": "pbkdf2:sha256:150000$wKxlQXkhk427KiHC$a576cd3df4a955429d9f3a1f652c6"
    "ee640de6c4fe3b00fb2caee3a7238901aae",
    "pbkdf2:sha1:1000": "pbkdf2:sha1:1000$dnMKCrIWQbrnjWHb$b42d90e30d6cb637c714b2e304c71ce5ad06"
    "8110",
    "pbkdf2:sha512:600000": "pbkdf2:sha512:600000$HmYTuaOwIA35t6Bj$346b4dcca6b90d5204c5461fc133"
    "9311b21b4b89e6c991bf81fd679e2c2716a76c8b5f798aceb661de3c2ee90ec62"
    "4314c5536627b4a1555ced00e1904736ba9",
    "scrypt:32768:8:1": "scrypt:32768:8:1$fjNFRtNEkRBuevc8$838de704b2a7c6898d596454ff1d5a61682"
    "1a4a83b6bc8f59f831959b21634dc4be32d915a5cc6dcc563e8210ace65f16c2186d18"
    "29a245bb81e4f2083a1d4e6",
    "scrypt:16384:8:1": "scrypt:16384:8:1$oxjESb1fXlrTytKz$44624f9fbd38afba3927be0265d7c534b90"
    "ca5f76b31dda6551d391af8719c26aa86bf7baafd2ce21c0c8e329357d47faf7c685b7"
    "1bfb5411070a04826532a23",
}


@pytest.mark.parametrize("method", sorted(WERKZEUG))
def test_a_werkzeug_hash_matches_its_password_and_no_other(method):
    hashed = WERKZEUG[method]
    assert pybossa_hashes.verify(PASSWORD, hashed)
    assert not pybossa_hashes.verify(PASSWORD + " ", hashed)
    assert not pybossa_hashes.verify("", hashed)


@pytest.mark.parametrize("method", sorted(WERKZEUG))
def test_the_hasher_accepts_an_imported_hash_and_asks_for_it_to_be_redone(method):
    hasher = BcryptPasswordHasher(rounds=4)
    assert hasher.verify(PASSWORD, WERKZEUG[method])
    assert hasher.needs_rehash(WERKZEUG[method])
    assert not hasher.verify("wrong", WERKZEUG[method])


def _with(hashed: str, method: str) -> str:
    return method + hashed[hashed.index("$") :]


@pytest.mark.parametrize(
    "broken",
    [
        "pbkdf2:sha256:150000$",  # no salt, no hash
        "pbkdf2:sha256:150000$salt",  # no hash
        "pbkdf2:sha256$wKxlQXkhk427KiHC$a576",  # no iterations
        "pbkdf2:md4:1000$salt$abcd",  # not an accepted algorithm
        "pbkdf2:sha256:0$salt$abcd",  # zero iterations
        "pbkdf2:sha256:-5$salt$abcd",
        "pbkdf2:sha256:١٥٠٠٠٠$salt$abcd",  # non-ASCII digits
        "scrypt:32768:8$salt$abcd",  # a factor missing
        "scrypt:30000:8:1$salt$abcd",  # n not a power of two
        "scrypt:1:8:1$salt$abcd",
        "scrypt:x:8:1$salt$abcd",
        "bcrypt:12$salt$abcd",
    ],
)
def test_a_malformed_hash_never_matches(broken):
    assert not pybossa_hashes.verify(PASSWORD, broken)
    assert not BcryptPasswordHasher(rounds=4).verify(PASSWORD, broken)


def test_work_factors_beyond_the_bounds_are_refused_before_any_work():
    too_many = _with(WERKZEUG["pbkdf2:sha256:150000"], "pbkdf2:sha256:999999999999")
    too_big = _with(WERKZEUG["scrypt:32768:8:1"], "scrypt:1073741824:8:1")
    assert not pybossa_hashes.verify(PASSWORD, too_many)
    assert not pybossa_hashes.verify(PASSWORD, too_big)


def test_the_stored_hex_may_be_upper_case():
    method, salt, digest = WERKZEUG["pbkdf2:sha1:1000"].split("$")
    assert pybossa_hashes.verify(PASSWORD, f"{method}${salt}${digest.upper()}")
