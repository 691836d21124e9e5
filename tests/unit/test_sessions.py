"""Ending browser sessions: one (sign-out), all (sign out everywhere), and on account changes."""

import pytest

from adapters.memory_store import MemorySessionRevocations
from pybossa_core import errors
from pybossa_core.use_cases import account_checks, account_settings, accounts, sessions, users
from pybossa_core.use_cases import admin as console
from pybossa_core.use_cases.account_links import AccountLinks

from .builders import a_user, actor
from .fakes import FakePasswordHasher, SequentialKeys


@pytest.fixture
def revocations():
    return MemorySessionRevocations(clock=lambda: 0.0)


def _signed_in(uow, user, revocations, sid="sid"):
    return sessions.actor_for_session(
        uow, user.id, user.session_generation, sid, None, revocations=revocations
    )


def test_a_signed_out_session_no_longer_signs_anyone_in(uow, revocations):
    user = a_user(uow)
    assert _signed_in(uow, user, revocations).user_id == user.id
    sessions.sign_out("sid", revocations=revocations, ttl_seconds=60)
    assert _signed_in(uow, user, revocations) is None
    assert _signed_in(uow, user, revocations, "another").user_id == user.id


def test_a_revocation_lasts_its_ttl():
    now = [0.0]
    revocations = MemorySessionRevocations(clock=lambda: now[0])
    revocations.revoke("sid", 60)
    assert revocations.is_revoked("sid")
    now[0] = 61.0
    assert not revocations.is_revoked("sid")


def test_signing_out_everywhere_ends_every_session_and_only_the_user_or_an_admin_may(
    uow, revocations
):
    user, other = a_user(uow), a_user(uow)
    generation = user.session_generation
    with pytest.raises(errors.Forbidden):
        sessions.sign_out_everywhere(uow, actor(other), user.name)
    sessions.sign_out_everywhere(uow, actor(user), user.name)
    assert (
        sessions.actor_for_session(uow, user.id, generation, "sid", None, revocations=revocations)
        is None
    )


@pytest.mark.parametrize("change", ["password", "api key", "losing admin"])
def test_account_changes_end_the_users_sessions(uow, revocations, change):
    admin, user = a_user(uow, admin=True), a_user(uow, admin=True)
    generation, hasher = user.session_generation, FakePasswordHasher()
    if change == "password":
        account_settings.change_password(
            uow, actor(user), user.name, "password", "n3w-password", "n3w-password", hasher=hasher
        )
    elif change == "api key":
        account_settings.reset_api_key(uow, actor(user), user.name, keys=SequentialKeys())
    else:
        console.set_admin(uow, actor(admin), user.id, False)
    assert uow.users.get(user.id).session_generation != generation


def test_granting_admin_keeps_the_sessions(uow):
    admin, user = a_user(uow, admin=True), a_user(uow)
    console.set_admin(uow, actor(admin), user.id, True)
    assert user.session_generation == 0


def test_a_name_differing_only_in_case_is_taken(uow):
    a_user(uow, name="admin")
    assert account_checks.name_problems(uow, "Admin", reserved_names=frozenset()) == [
        account_checks.NAME_TAKEN
    ]
    with pytest.raises(errors.DuplicateValue):
        users.create_user(
            uow,
            FakePasswordHasher(),
            name="ADMIN",
            email_addr="x@example.com",
            password="password1",
            now=a_user(uow).created,
            keys=SequentialKeys(),
        )


def test_a_reset_request_runs_the_throttle_whether_or_not_the_address_is_known(uow):
    seen = []
    for address in ("nobody@example.com",):
        outcome = accounts.request_password_reset(
            uow,
            address,
            links=AccountLinks(signer=None, secret="s", ttl_seconds=1, base_url="", jobs=None),
            now=None,
            before_mail=seen.append,
        )
        assert outcome == accounts.ResetMailed()
    assert seen == ["nobody@example.com"]
