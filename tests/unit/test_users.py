"""Accounts: creating users, signing in with an api key, reading one's own oauth tokens."""

import pytest

from pybossa_core import errors
from pybossa_core.use_cases import users
from pybossa_core.users import ANONYMOUS, Actor

from .builders import NOW, a_user, actor, everything_in
from .fakes import SequentialKeys

KEYS = SequentialKeys()  # one numbering for the module: every key it makes differs


def create(uow, hasher, **kw):
    fields = dict(
        name="ada", email_addr="ada@example.com", password="correct horse", now=NOW, keys=KEYS
    )
    return users.create_user(uow, hasher, **{**fields, **kw})


def test_a_new_user_is_stored_with_a_hashed_password(uow, hasher):
    user = create(uow, hasher)
    stored = uow.users.get(user.id)
    assert (stored.name, stored.fullname, stored.email_addr) == ("ada", "ada", "ada@example.com")
    assert stored.passwd_hash != "correct horse"
    assert hasher.verify("correct horse", stored.passwd_hash)
    assert stored.api_key and stored.admin is False and stored.created == NOW


def test_new_users_get_the_next_keys_of_the_random_keys_port(uow, hasher, keys):
    first = create(uow, hasher, keys=keys)
    second = create(uow, hasher, keys=keys, name="bob", email_addr="bob@example.com")
    assert (first.api_key, second.api_key) == (
        "00000000-0000-4000-8000-000000000001",
        "00000000-0000-4000-8000-000000000002",
    )
    assert uow.users.get_by_api_key(second.api_key) is second


def test_a_new_user_may_have_a_full_name_and_be_an_admin(uow, hasher):
    user = create(uow, hasher, fullname="Ada Lovelace", admin=True)
    assert (user.fullname, user.admin) == ("Ada Lovelace", True)


def test_a_new_users_email_is_stored_in_lower_case(uow, hasher):
    assert create(uow, hasher, email_addr="Ada@Example.COM").email_addr == "ada@example.com"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"name": "ab"}, "name"),
        ({"name": "x" * 36}, "name"),
        ({"name": "has space"}, "name"),
        ({"email_addr": "not-an-email"}, "email_addr"),
        ({"email_addr": "a@b"}, "email_addr"),
        ({"password": "short"}, "password"),
    ],
)
def test_a_new_user_breaking_a_rule_is_invalid(uow, hasher, fields, field):
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, hasher, **fields)
    assert list(caught.value.errors) == [field]
    assert everything_in(uow.users) == []


def test_every_broken_rule_is_reported_at_once(uow, hasher):
    with pytest.raises(errors.InvalidInput) as caught:
        create(uow, hasher, name="a", email_addr="b", password="c")
    assert set(caught.value.errors) == {"name", "email_addr", "password"}


def test_a_taken_name_is_a_duplicate(uow, hasher):
    a_user(uow, name="ada")
    with pytest.raises(errors.DuplicateValue, match="name"):
        create(uow, hasher)
    assert len(everything_in(uow.users)) == 1


def test_a_taken_email_in_any_case_is_a_duplicate(uow, hasher):
    a_user(uow, email_addr="ada@example.com")
    with pytest.raises(errors.DuplicateValue, match="e-mail"):
        create(uow, hasher, email_addr="ADA@example.com")


def test_an_api_key_stands_for_its_user(uow, admin):
    assert users.actor_for_api_key(uow, admin.api_key, "10.0.0.1") == Actor(
        user_id=admin.id, admin=True, ip="10.0.0.1"
    )


def test_an_unknown_api_key_stands_for_nobody(uow, someone):
    assert users.actor_for_api_key(uow, "not-a-key", None) is None


def test_a_user_reads_all_their_oauth_tokens(uow):
    user = a_user(
        uow,
        info={
            "twitter_token": {"oauth_token": "t", "oauth_token_secret": "s"},
            "google_token": {"oauth_token": "g"},
            "other": "x",
        },
    )
    assert users.oauth_tokens(uow, actor(user)) == {
        "twitter_token": {"oauth_token": "t", "oauth_token_secret": "s"},
        "google_token": {"oauth_token": "g"},
    }


def test_a_user_reads_one_providers_token(uow):
    user = a_user(
        uow, info={"twitter_token": {"oauth_token": "t"}, "google_token": {"oauth_token": "g"}}
    )
    assert users.oauth_tokens(uow, actor(user), "google") == {"google_token": {"oauth_token": "g"}}


def test_a_user_without_tokens_gets_none(uow, someone):
    assert users.oauth_tokens(uow, actor(someone)) == {}


def test_a_provider_without_a_token_is_not_found(uow, someone):
    with pytest.raises(errors.NotFound):
        users.oauth_tokens(uow, actor(someone), "facebook")


def test_an_unknown_provider_is_not_found(uow):
    user = a_user(uow, info={"myspace_token": {"oauth_token": "m"}})
    with pytest.raises(errors.NotFound):
        users.oauth_tokens(uow, actor(user), "myspace")


def test_an_anonymous_caller_has_no_tokens_to_read(uow):
    with pytest.raises(errors.AuthenticationRequired):
        users.oauth_tokens(uow, ANONYMOUS)
    with pytest.raises(errors.AuthenticationRequired):
        users.oauth_tokens(uow, ANONYMOUS, "twitter")
