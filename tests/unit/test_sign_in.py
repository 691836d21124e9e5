"""Signing in, resetting a forgotten password, and confirming an e-mail address."""

import pytest

from pybossa_core import errors
from pybossa_core.use_cases import accounts
from pybossa_core.users import ANONYMOUS

from .account_steps import SECRET, TTL, bad_key, key_in, links_of
from .builders import LATER, NOW, a_user, actor
from .fakes import FakePasswordHasher, FakeTokenSigner, FakeUnitOfWork, SequentialKeys

KEYS = SequentialKeys()  # the stand-in password sign-in hashes for unknown e-mails


class CountingHasher(FakePasswordHasher):
    """Counts its hashes and verifications, to show what sign-in spends on unknown e-mails."""

    def __init__(self) -> None:
        self.hashed = self.verified = 0

    def hash(self, password: str) -> str:
        self.hashed += 1
        return super().hash(password)

    def verify(self, password: str, hashed: str) -> bool:
        self.verified += 1
        return super().verify(password, hashed)


BAD_RESET_KEY = accounts.Refused({"key": ["This reset link is invalid or has expired"]})


# -- sign-in ----------------------------------------------------------------------------------


def test_the_right_email_and_password_sign_the_user_in(uow, hasher, someone):
    user = accounts.sign_in(uow, someone.email_addr, "password", hasher=hasher, keys=KEYS)
    assert user is someone


def test_the_email_matches_in_any_case(uow, hasher):
    user = a_user(uow, email_addr="ada@example.com")
    assert accounts.sign_in(uow, "ADA@example.com", "password", hasher=hasher, keys=KEYS) is user


def test_an_unknown_email_is_wrong_credentials(uow, hasher, someone):
    outcome = accounts.sign_in(uow, "nobody@example.com", "password", hasher=hasher, keys=KEYS)
    assert outcome == accounts.WrongCredentials()


def test_a_wrong_password_is_wrong_credentials(uow, hasher, someone):
    outcome = accounts.sign_in(uow, someone.email_addr, "Password", hasher=hasher, keys=KEYS)
    assert outcome == accounts.WrongCredentials()


def test_a_user_without_a_password_cannot_sign_in_with_one(uow, hasher):
    user = a_user(uow, passwd_hash=None)
    outcome = accounts.sign_in(uow, user.email_addr, "password", hasher=hasher, keys=KEYS)
    assert outcome == accounts.WrongCredentials()
    for password in ("", None):
        outcome = accounts.sign_in(uow, user.email_addr, password, hasher=hasher, keys=KEYS)
        assert outcome == accounts.Refused({"password": ["You must provide a password"]})


def test_an_unknown_email_costs_one_verification_like_a_known_one(uow, someone):
    hasher = CountingHasher()
    accounts.sign_in(uow, "nobody@example.com", "password", hasher=hasher, keys=KEYS)
    accounts.sign_in(uow, someone.email_addr, "wrong", hasher=hasher, keys=KEYS)
    assert hasher.verified == 2


def test_the_stand_in_hash_is_made_once_per_hasher(uow):
    hasher = CountingHasher()
    for _ in range(3):
        accounts.sign_in(uow, "nobody@example.com", "password", hasher=hasher, keys=KEYS)
    assert (hasher.hashed, hasher.verified) == (1, 3)


@pytest.mark.parametrize(
    ("email", "password", "fields"),
    [
        ("", "password", {"email"}),
        ("   ", "password", {"email"}),
        (None, "password", {"email"}),
        ("ada", "password", {"email"}),
        ("ada@example", "password", {"email"}),
        ("ada@example.com", "", {"password"}),
        ("nobody@example.com", None, {"password"}),
        ("", "", {"email", "password"}),
    ],
)
def test_a_form_not_filled_in_is_a_form_error_found_before_any_lookup(email, password, fields):
    hasher = CountingHasher()
    uow = FakeUnitOfWork()
    a_user(uow, email_addr="ada@example.com")
    outcome = accounts.sign_in(uow, email, password, hasher=hasher, keys=KEYS)
    assert isinstance(outcome, accounts.Refused) and set(outcome.problems) == fields
    assert hasher.verified == 0


def test_the_form_errors_read_the_same_for_a_known_and_an_unknown_email(uow, hasher, someone):
    known = accounts.sign_in(uow, someone.email_addr, "", hasher=hasher, keys=KEYS)
    unknown = accounts.sign_in(uow, "nobody@example.com", "", hasher=hasher, keys=KEYS)
    assert known == unknown == accounts.Refused({"password": ["You must provide a password"]})


def test_a_filled_in_form_answers_an_unknown_email_and_a_wrong_password_alike(uow, hasher, someone):
    unknown = accounts.sign_in(uow, "nobody@example.com", "x", hasher=hasher, keys=KEYS)
    wrong = accounts.sign_in(uow, someone.email_addr, "x", hasher=hasher, keys=KEYS)
    assert unknown == wrong == accounts.WrongCredentials()
    signed_in = accounts.sign_in(uow, someone.email_addr, "password", hasher=hasher, keys=KEYS)
    assert signed_in is someone


# -- resetting a forgotten password ----------------------------------------------------------


def ask_reset(uow, signer, jobs, email, now=NOW):
    return accounts.request_password_reset(uow, email, links=links_of(signer, jobs), now=now)


def mailed_reset_key(uow, signer, jobs, user) -> str:
    ask_reset(uow, signer, jobs, user.email_addr)
    return key_in(jobs.arguments("send_mail")[-1]["body"], "/account/reset-password")


def reset(uow, hasher, signer, key, password="a new secret", confirm=None, now=NOW):
    return accounts.reset_password(
        uow,
        key,
        password,
        password if confirm is None else confirm,
        hasher=hasher,
        links=links_of(signer),
        now=now,
    )


def check(uow, signer, key, now=NOW):
    return accounts.check_reset_key(uow, key, links=links_of(signer), now=now)


def test_a_reset_link_is_mailed_to_the_user(uow, signer, jobs, someone):
    ask_reset(uow, signer, jobs, someone.email_addr.upper())
    [(job, mail)] = jobs.enqueued
    assert job == "send_mail"
    assert mail["to"] == someone.email_addr and mail["subject"]
    claims = signer.unverified_claims(key_in(mail["body"], "/account/reset-password"))
    assert (claims["purpose"], claims["user_id"]) == ("reset", someone.id)
    assert someone.passwd_hash not in mail["body"]


def test_a_reset_for_an_unknown_email_answers_alike_and_sends_nothing(uow, signer, jobs, someone):
    unknown = ask_reset(uow, signer, jobs, "nobody@example.com")
    assert unknown == ask_reset(uow, signer, jobs, someone.email_addr) == accounts.ResetMailed()
    assert [mail["to"] for mail in jobs.arguments("send_mail")] == [someone.email_addr]


@pytest.mark.parametrize("email", ["", "nobody", None])
def test_a_reset_for_a_malformed_email_is_a_form_error(uow, signer, jobs, email):
    assert ask_reset(uow, signer, jobs, email) == accounts.Refused(
        {"email_addr": ["Invalid email address."]}
    )
    assert jobs.enqueued == []


def test_a_reset_key_names_its_user_while_valid(uow, signer, jobs, someone):
    assert check(uow, signer, mailed_reset_key(uow, signer, jobs, someone)) is someone


def test_a_reset_key_sets_a_new_password(uow, hasher, signer, jobs, someone):
    user = reset(uow, hasher, signer, mailed_reset_key(uow, signer, jobs, someone))
    assert user is someone
    assert (
        accounts.sign_in(uow, someone.email_addr, "a new secret", hasher=hasher, keys=KEYS)
        is someone
    )


def test_a_user_without_a_password_sets_one_through_a_reset(uow, hasher, signer, jobs):
    oauth_only = a_user(uow, passwd_hash=None)  # as an import of PYBOSSA's OAuth users has it
    reset(uow, hasher, signer, mailed_reset_key(uow, signer, jobs, oauth_only), "chosen one")
    assert (
        accounts.sign_in(uow, oauth_only.email_addr, "chosen one", hasher=hasher, keys=KEYS)
        is oauth_only
    )


def test_a_reset_key_works_once(uow, hasher, signer, jobs, someone):
    key = mailed_reset_key(uow, signer, jobs, someone)
    reset(uow, hasher, signer, key)
    assert bad_key(check, uow, signer, key) == ["This reset link is invalid or has expired"]
    assert reset(uow, hasher, signer, key, "yet another one") == BAD_RESET_KEY
    assert hasher.verify("a new secret", someone.passwd_hash)


def test_a_new_password_ends_every_earlier_reset_key(uow, hasher, signer, jobs, someone):
    first = mailed_reset_key(uow, signer, jobs, someone)
    second = mailed_reset_key(uow, signer, jobs, someone)
    reset(uow, hasher, signer, second)
    bad_key(check, uow, signer, first)
    assert reset(uow, hasher, signer, first) == BAD_RESET_KEY


def test_an_expired_reset_key_is_refused(uow, hasher, signer, jobs, someone):
    key = mailed_reset_key(uow, signer, jobs, someone)
    bad_key(check, uow, signer, key, now=LATER)
    assert reset(uow, hasher, signer, key, now=LATER) == BAD_RESET_KEY
    assert someone.passwd_hash == "hashed:password"


def test_a_tampered_reset_key_is_refused(uow, hasher, signer, jobs, someone):
    other = a_user(uow)
    key = mailed_reset_key(uow, signer, jobs, someone)
    forged = key.replace(f'"user_id": {someone.id}', f'"user_id": {other.id}')
    assert forged != key
    assert reset(uow, hasher, signer, forged) == BAD_RESET_KEY
    assert reset(uow, hasher, signer, "token:{}:nothing") == BAD_RESET_KEY
    assert other.passwd_hash == "hashed:password"


def test_a_key_made_for_another_purpose_resets_nothing(uow, hasher, signer, jobs, someone):
    key = mailed_confirmation_key(uow, signer, jobs, someone)
    assert reset(uow, hasher, signer, key) == BAD_RESET_KEY


def test_a_reset_keeps_the_password_rules(uow, hasher, signer, jobs, someone):
    key = mailed_reset_key(uow, signer, jobs, someone)
    assert reset(uow, hasher, signer, key, "short", "shorter") == accounts.Refused(
        {
            "new_password": ["Password must be at least 8 characters long"],
            "confirm": ["Passwords must match"],
        }
    )
    assert someone.passwd_hash == "hashed:password"
    assert check(uow, signer, key) is someone


def test_a_bad_key_is_reported_before_the_passwords(uow, hasher, signer):
    assert reset(uow, hasher, signer, "not-a-key", "short", "other") == BAD_RESET_KEY


def test_a_user_without_a_password_may_set_one_by_reset(uow, hasher, signer, jobs):
    user = a_user(uow, passwd_hash=None)
    reset(uow, hasher, signer, mailed_reset_key(uow, signer, jobs, user))
    assert accounts.sign_in(uow, user.email_addr, "a new secret", hasher=hasher, keys=KEYS) is user


# -- confirming an e-mail address -------------------------------------------------------------


def send_confirmation(uow, signer, jobs, caller):
    accounts.send_email_confirmation(
        uow,
        caller,
        links=links_of(signer, jobs),
        now=NOW,
    )


def confirm_email(uow, signer, key, now=NOW):
    return accounts.confirm_email(uow, key, links=links_of(signer), now=now)


def mailed_confirmation_key(uow, signer, jobs, user) -> str:
    send_confirmation(uow, signer, jobs, actor(user))
    return key_in(jobs.arguments("send_mail")[-1]["body"], "/account/confirm-email")


def test_a_confirmation_link_is_mailed_and_remembered(uow, signer, jobs, someone):
    send_confirmation(uow, signer, jobs, actor(someone))
    [mail] = jobs.arguments("send_mail")
    assert mail["to"] == someone.email_addr and mail["subject"]
    assert uow.users.get(someone.id).confirmation_email_sent is True
    claims = signer.unverified_claims(key_in(mail["body"], "/account/confirm-email"))
    assert (claims["purpose"], claims["user_id"], claims["email_addr"]) == (
        "confirm-email",
        someone.id,
        someone.email_addr,
    )


def test_only_a_signed_in_user_asks_for_a_confirmation(uow, signer, jobs):
    with pytest.raises(errors.AuthenticationRequired):
        send_confirmation(uow, signer, jobs, ANONYMOUS)
    assert jobs.enqueued == []


def test_a_confirmed_address_gets_no_new_link(uow, signer, jobs):
    user = a_user(uow, valid_email=True)
    send_confirmation(uow, signer, jobs, actor(user))
    assert jobs.enqueued == []
    assert user.confirmation_email_sent is False


def test_the_mailed_key_confirms_the_address(uow, signer, jobs, someone):
    user = confirm_email(uow, signer, mailed_confirmation_key(uow, signer, jobs, someone))
    assert user is someone
    assert (someone.valid_email, someone.confirmation_email_sent) == (True, False)


def test_a_key_for_an_address_no_longer_the_users_is_refused(uow, signer, jobs, someone):
    key = mailed_confirmation_key(uow, signer, jobs, someone)
    with uow:
        someone.email_addr = "new@example.com"
        uow.commit()
    bad_key(confirm_email, uow, signer, key)
    assert someone.valid_email is False


def test_an_expired_or_foreign_confirmation_key_is_refused(uow, signer, jobs, someone):
    key = mailed_confirmation_key(uow, signer, jobs, someone)
    bad_key(confirm_email, uow, signer, key, now=LATER)
    other = FakeTokenSigner().issue(
        {"purpose": "reset", "user_id": someone.id, "email_addr": someone.email_addr},
        SECRET,
        TTL,
        NOW,
    )
    bad_key(confirm_email, uow, signer, other)
    assert someone.valid_email is False


def test_an_old_scheme_hash_still_verifies_and_is_upgraded_at_sign_in(uow, hasher):
    user = a_user(uow, email_addr="old@example.com")
    user.passwd_hash = FakePasswordHasher.OLD_PREFIX + "password"
    accounts.sign_in(uow, "old@example.com", "password", hasher=hasher, keys=KEYS)
    assert uow.users.get(user.id).passwd_hash == hasher.hash("password")
    assert not hasher.needs_rehash(uow.users.get(user.id).passwd_hash)
