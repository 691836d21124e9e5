"""Registration: PYBOSSA's field rules, the first admin, and the key mailed to confirm it."""

import pytest

from pybossa_core.use_cases import accounts

from .account_steps import BASE, SECRET, TTL, bad_key, field_errors, key_in, links_of
from .builders import LATER, NOW, a_user, everything_in
from .fakes import SequentialKeys

KEYS = SequentialKeys()  # one numbering for the module: every key it makes differs
RESERVED = frozenset({"signin", "register"})  # as the routes reserve them (test_routes.py)

NAME_RULE = "The user name must be 3 to 35 letters, digits, '.', '-' or '_'"


def form(**kw) -> accounts.Registration:
    fields = dict(
        name="ada",
        fullname="Ada Lovelace",
        email_addr="ada@example.com",
        password="correct horse",
        confirm="correct horse",
    )
    return accounts.Registration(**{**fields, **kw})


def register(uow, hasher, **kw):
    outcome = accounts.register(
        uow, form(**kw), hasher=hasher, keys=KEYS, now=NOW, reserved_names=RESERVED
    )
    assert isinstance(outcome, accounts.Registered), outcome
    return outcome.user


def refusal(uow, hasher, **kw) -> dict:
    """The problems of a registration refused."""
    outcome = accounts.register(
        uow, form(**kw), hasher=hasher, keys=KEYS, now=NOW, reserved_names=RESERVED
    )
    assert isinstance(outcome, accounts.Refused), outcome
    return outcome.problems


def sign_up(uow, hasher, signer, jobs, confirm_email: bool, **kw):
    return accounts.sign_up(
        uow,
        form(**kw),
        confirm_email=confirm_email,
        hasher=hasher,
        keys=KEYS,
        links=links_of(signer, jobs),
        now=NOW,
        reserved_names=RESERVED,
    )


# -- registration -----------------------------------------------------------------------------


def test_a_registration_stores_the_user_with_a_hashed_password(uow, hasher):
    user = register(uow, hasher, email_addr="Ada@Example.com")
    stored = uow.users.get(user.id)
    assert (stored.name, stored.fullname, stored.email_addr) == (
        "ada",
        "Ada Lovelace",
        "ada@example.com",
    )
    assert hasher.verify("correct horse", stored.passwd_hash)
    assert stored.passwd_hash != "correct horse"
    assert stored.created == NOW and stored.api_key


def test_a_registration_gives_the_user_the_next_key_of_the_random_keys_port(uow, hasher, keys):
    outcome = accounts.register(
        uow, form(), hasher=hasher, keys=keys, now=NOW, reserved_names=RESERVED
    )
    assert outcome.user.api_key == "00000000-0000-4000-8000-000000000001"


def test_a_directly_registered_address_is_not_confirmed(uow, hasher):
    user = register(uow, hasher)
    assert (user.valid_email, user.confirmation_email_sent) == (False, False)


def test_the_first_user_ever_registered_becomes_admin(uow, hasher):
    first = register(uow, hasher)
    second = register(uow, hasher, name="grace", email_addr="grace@example.com")
    assert (first.admin, second.admin) == (True, False)


def test_a_registration_after_existing_users_is_not_admin(uow, hasher, someone):
    assert register(uow, hasher).admin is False


def test_every_field_problem_is_reported_at_once_with_pybossas_messages(uow, hasher):
    problems = refusal(
        uow,
        hasher,
        name="a",
        fullname="x",
        email_addr="not-an-email",
        password="short",
        confirm="other",
    )
    assert problems == {
        "name": [NAME_RULE],
        "fullname": ["Full name must be between 3 and 35 characters long"],
        "email_addr": ["Invalid email address."],
        "password": ["Password must be at least 8 characters long"],
        "confirm": ["Passwords must match"],
    }
    assert everything_in(uow.users) == []


def test_without_confirmation_the_account_is_created_at_once(uow, hasher, signer, jobs):
    outcome = sign_up(uow, hasher, signer, jobs, confirm_email=False)
    assert outcome == accounts.Registered(uow.users.get_by_name("ada"))
    assert jobs.enqueued == []


def test_with_confirmation_a_link_is_mailed_and_nothing_stored(uow, hasher, signer, jobs):
    outcome = sign_up(uow, hasher, signer, jobs, confirm_email=True)
    assert outcome == accounts.ConfirmationMailed()
    assert everything_in(uow.users) == []
    assert [mail["to"] for mail in jobs.arguments("send_mail")] == ["ada@example.com"]


@pytest.mark.parametrize("confirm_email", [False, True])
def test_an_invalid_sign_up_is_refused_whatever_the_policy(
    uow, hasher, signer, jobs, confirm_email
):
    outcome = sign_up(uow, hasher, signer, jobs, confirm_email, name="a")
    assert outcome == accounts.Refused({"name": [NAME_RULE]})
    assert (everything_in(uow.users), jobs.enqueued) == ([], [])


@pytest.mark.parametrize("name", ["ab", "x" * 36, "has space", "ñandu", "semi;colon", "a/b", ""])
def test_a_user_name_breaking_the_rule_is_refused(uow, hasher, name):
    assert refusal(uow, hasher, name=name) == {"name": [NAME_RULE]}


@pytest.mark.parametrize("name", ["a.b", "A-b_c.9", "x" * 35])
def test_user_names_of_letters_digits_dots_dashes_and_underscores_are_accepted(uow, hasher, name):
    assert register(uow, hasher, name=name).name == name


def test_a_taken_user_name_is_refused(uow, hasher):
    a_user(uow, name="ada")
    assert refusal(uow, hasher) == {"name": ["The user name is already taken"]}


@pytest.mark.parametrize("name", ["register", "signin", "Register", "SIGNIN"])
def test_reserved_names_are_refused_as_taken_in_any_case(uow, hasher, name):
    assert refusal(uow, hasher, name=name) == {"name": ["The user name is already taken"]}


def test_a_taken_email_in_any_case_is_refused(uow, hasher):
    a_user(uow, email_addr="ada@example.com")
    assert refusal(uow, hasher, email_addr="ADA@Example.com") == {
        "email_addr": ["Email is already taken"]
    }


@pytest.mark.parametrize(
    "email", ["ada", "ada@", "@example.com", "a@b", "a b@example.com", "a@" + "x" * 250 + ".com"]
)
def test_an_invalid_email_is_refused(uow, hasher, email):
    assert refusal(uow, hasher, email_addr=email) == {"email_addr": ["Invalid email address."]}


@pytest.mark.parametrize("fullname", ["ab", "x" * 36, "  ab   "])
def test_a_full_name_must_be_3_to_35_characters(uow, hasher, fullname):
    assert list(refusal(uow, hasher, fullname=fullname)) == ["fullname"]


def test_a_full_name_is_stored_without_surrounding_spaces(uow, hasher):
    assert register(uow, hasher, fullname="  Ada L  ").fullname == "Ada L"


def test_different_passwords_are_refused_on_the_confirmation(uow, hasher):
    assert refusal(uow, hasher, confirm="correct horsE") == {"confirm": ["Passwords must match"]}


def test_validating_a_good_registration_raises_nothing_and_stores_nothing(uow):
    assert accounts.validate_registration(uow, form(), reserved_names=RESERVED) is None
    assert everything_in(uow.users) == []


def test_validating_reports_every_problem(uow, someone):
    problems = field_errors(
        accounts.validate_registration,
        uow,
        form(name=someone.name, password="short", confirm="short"),
        reserved_names=RESERVED,
    )
    assert set(problems) == {"name", "password"}


# -- registration confirmed by e-mail ---------------------------------------------------------


def issue(uow, hasher, signer, now=NOW, **kw) -> str:
    return accounts.registration_key(
        uow,
        form(**kw),
        hasher=hasher,
        links=links_of(signer),
        now=now,
        reserved_names=RESERVED,
    )


def confirm(uow, signer, key, now=NOW, secret=SECRET):
    return accounts.confirm_registration(
        uow,
        key,
        links=links_of(signer, secret=secret),
        keys=KEYS,
        now=now,
        reserved_names=RESERVED,
    )


def test_a_registration_key_stores_nothing(uow, hasher, signer):
    issue(uow, hasher, signer)
    assert everything_in(uow.users) == []


def test_a_confirmed_registration_creates_the_user_with_a_confirmed_address(
    uow, hasher, signer, someone
):
    user = confirm(uow, signer, issue(uow, hasher, signer))
    stored = uow.users.get(user.id)
    assert (stored.name, stored.fullname, stored.email_addr) == (
        "ada",
        "Ada Lovelace",
        "ada@example.com",
    )
    assert stored.valid_email is True and stored.admin is False
    assert (
        accounts.sign_in(uow, "ada@example.com", "correct horse", hasher=hasher, keys=KEYS)
        is stored
    )


def test_the_first_user_confirmed_becomes_admin(uow, hasher, signer):
    assert confirm(uow, signer, issue(uow, hasher, signer)).admin is True


def test_the_key_does_not_carry_the_password_in_clear(uow, hasher, signer):
    claims = signer.unverified_claims(issue(uow, hasher, signer))
    assert "correct horse" not in {str(v) for v in claims.values()}
    assert claims["purpose"] == "register"
    assert hasher.verify("correct horse", claims["passwd_hash"])


def test_no_key_is_issued_for_an_invalid_registration(uow, hasher, signer, someone):
    problems = field_errors(issue, uow, hasher, signer, email_addr=someone.email_addr)
    assert problems == {"email_addr": ["Email is already taken"]}


def test_an_expired_registration_key_is_refused(uow, hasher, signer):
    key = issue(uow, hasher, signer)
    assert bad_key(confirm, uow, signer, key, now=LATER) == [
        "This confirmation link is invalid or has expired"
    ]
    assert everything_in(uow.users) == []


def test_a_registration_key_signed_with_another_secret_is_refused(uow, hasher, signer):
    key = issue(uow, hasher, signer)
    bad_key(confirm, uow, signer, key, secret="another-secret")
    assert everything_in(uow.users) == []


def test_a_tampered_registration_key_is_refused(uow, hasher, signer):
    forged = issue(uow, hasher, signer).replace('"name": "ada"', '"name": "root"')
    bad_key(confirm, uow, signer, forged)
    bad_key(confirm, uow, signer, "not a key at all")
    bad_key(confirm, uow, signer, "")


def test_a_key_for_another_purpose_is_no_registration_key(uow, signer):
    claims = {
        "purpose": "reset",
        "name": "ada",
        "fullname": "Ada Lovelace",
        "email_addr": "ada@example.com",
        "passwd_hash": "hashed:correct horse",
    }
    bad_key(confirm, uow, signer, signer.issue(claims, SECRET, TTL, NOW))


def test_a_name_taken_before_the_confirmation_is_refused(uow, hasher, signer):
    key = issue(uow, hasher, signer)
    a_user(uow, name="ada")
    assert field_errors(confirm, uow, signer, key) == {"name": ["The user name is already taken"]}


def test_a_registration_key_creates_the_account_only_once(uow, hasher, signer):
    key = issue(uow, hasher, signer)
    confirm(uow, signer, key)
    assert set(field_errors(confirm, uow, signer, key)) == {"name", "email_addr"}
    assert len(everything_in(uow.users)) == 1


def test_the_registration_link_is_mailed_to_the_new_address(uow, hasher, signer, jobs):
    accounts.request_registration(
        uow,
        form(),
        hasher=hasher,
        links=links_of(signer, jobs, base_url=BASE + "/"),
        now=NOW,
        reserved_names=RESERVED,
    )
    [mail] = jobs.arguments("send_mail")
    assert mail["to"] == "ada@example.com"
    user = confirm(uow, signer, key_in(mail["body"], "/account/register/confirmation"))
    assert user.name == "ada"
