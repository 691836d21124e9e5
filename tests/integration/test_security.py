"""BcryptPasswordHasher with the real bcrypt library."""

import pytest

from adapters.security import BcryptPasswordHasher


@pytest.fixture
def hasher():
    return BcryptPasswordHasher(rounds=4)


def test_a_hashed_password_verifies_and_another_does_not(hasher):
    hashed = hasher.hash("correct horse")
    assert hashed.startswith("$sha256$2") and "correct horse" not in hashed
    assert hasher.verify("correct horse", hashed) is True
    assert hasher.verify("wrong horse", hashed) is False


def test_two_hashes_of_one_password_differ_by_their_salt(hasher):
    assert hasher.hash("secret-1") != hasher.hash("secret-1")


def test_the_cost_is_the_configured_rounds(hasher):
    assert hasher.hash("secret-1").split("$")[3] == "04"


@pytest.mark.parametrize("malformed", ["", "not-a-hash", "$2b$04$short", "é"])
def test_a_malformed_hash_never_verifies(hasher, malformed):
    assert hasher.verify("secret-1", malformed) is False


def test_passwords_longer_than_bcrypt_reads_hash_and_verify(hasher):
    long_password = "ü" * 100
    assert hasher.verify(long_password, hasher.hash(long_password)) is True


def test_passwords_differing_only_after_72_bytes_do_not_match(hasher):
    hashed = hasher.hash("a" * 72 + "one")
    assert hasher.verify("a" * 72 + "two", hashed) is False
    assert hasher.verify("a" * 72 + "one", hashed) is True


def test_an_old_plain_bcrypt_hash_still_verifies_and_asks_to_be_redone(hasher):
    import bcrypt

    old = bcrypt.hashpw(b"correct horse", bcrypt.gensalt(rounds=4)).decode()
    assert hasher.verify("correct horse", old) is True
    assert hasher.verify("wrong horse", old) is False
    assert hasher.needs_rehash(old) is True
    assert hasher.needs_rehash(hasher.hash("correct horse")) is False
