"""Getting an account: registration, sign-in, and the signed links mailed for reset/confirm.

The forms' use cases return what happened (`Registered`, `ConfirmationMailed`, `ResetMailed`,
a `User`) or why the form is refused (`Refused` with its problems per field,
`WrongCredentials`); a bad signed link, a throttled mail or a broken invariant raise. The
site's way of signing and mailing links comes as one `AccountLinks`, the time of the call as `now`.
"""

import hmac
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork, PasswordHasher, RandomKeys
from pybossa_core.use_cases import account_checks, forms
from pybossa_core.use_cases.account_links import AccountLinks
from pybossa_core.use_cases.account_settings import (  # noqa: F401  (one import for HTTP)
    change_password,
    request_account_deletion,
    request_account_export,
    reset_api_key,
    subscribe,
    update_avatar,
    update_profile,
)
from pybossa_core.use_cases.forms import Refused
from pybossa_core.users import Actor, User

EMAIL = account_checks.EMAIL
TARGET = "account"
BAD_REGISTRATION_KEY = "This confirmation link is invalid or has expired"
BAD_RESET_KEY = "This reset link is invalid or has expired"
BAD_EMAIL_KEY = "This e-mail confirmation link is invalid or has expired"
EMAIL_REQUIRED = "The e-mail is required"
PASSWORD_REQUIRED = "You must provide a password"
REGISTER, RESET, CONFIRM_EMAIL = "register", "reset", "confirm-email"


def no_check(address: str) -> None:
    """The default `before_mail`: every mail may go."""


_dummy_hashes: "weakref.WeakKeyDictionary[PasswordHasher, str]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Registration:
    """What the register form sends."""

    name: str
    fullname: str
    email_addr: str
    password: str
    confirm: str
    consent: bool = False


@dataclass(frozen=True)
class Registered:
    """The account exists now, and its owner may be signed in."""

    user: User


@dataclass(frozen=True)
class ConfirmationMailed:
    """The address was mailed a link that creates the account, or, when it has an account
    already, a notice: the answer is the same, so the form tells no one who has one."""


@dataclass(frozen=True)
class WrongCredentials:
    """No account has this e-mail and password (which of the two is wrong is not told)."""


@dataclass(frozen=True)
class ResetMailed:
    """A reset link went to the address if it has an account; the answer is the same if not."""


def validate_registration(
    uow: AbstractUnitOfWork, form: Registration, *, reserved_names: frozenset[str]
) -> None:
    """Raise InvalidInput with every field's problems at once, as PYBOSSA's form does."""
    with uow:
        account_checks.refuse(_registration_problems(uow, form, reserved_names))


def sign_up(
    uow: AbstractUnitOfWork,
    form: Registration,
    *,
    confirm_email: bool,
    hasher: PasswordHasher,
    keys: RandomKeys,
    links: AccountLinks,
    now: datetime,
    reserved_names: frozenset[str],
    before_mail: Callable[[str], None] = no_check,
) -> Registered | ConfirmationMailed | Refused:
    """Register as the site's policy says: with `confirm_email`, the account is created only
    when the link mailed to its address comes back; without, at once."""
    if confirm_email:
        return request_registration(
            uow,
            form,
            hasher=hasher,
            links=links,
            now=now,
            reserved_names=reserved_names,
            before_mail=before_mail,
        )
    return register(uow, form, hasher=hasher, keys=keys, now=now, reserved_names=reserved_names)


def register(
    uow: AbstractUnitOfWork,
    form: Registration,
    *,
    hasher: PasswordHasher,
    keys: RandomKeys,
    now: datetime,
    reserved_names: frozenset[str],
) -> Registered | Refused:
    """Create the account at once (no e-mail confirmation); the first user becomes admin."""
    with uow:
        refused = forms.refused(_registration_problems(uow, form, reserved_names))
        if refused is not None:
            return refused
        user = _add_account(
            uow,
            form.name,
            form.fullname,
            form.email_addr,
            hasher.hash(form.password),
            keys.new_key(),
            now,
            valid_email=False,
            consent=form.consent,
        )
        uow.commit()
        return Registered(user)


def registration_key(
    uow: AbstractUnitOfWork,
    form: Registration,
    *,
    hasher: PasswordHasher,
    links: AccountLinks,
    now: datetime,
    reserved_names: frozenset[str],
) -> str:
    """A signed key carrying a valid registration (nothing is stored until it comes back)."""
    validate_registration(uow, form, reserved_names=reserved_names)
    claims = {
        "purpose": REGISTER,
        "name": form.name,
        "fullname": form.fullname.strip(),
        "email_addr": form.email_addr,
        "passwd_hash": hasher.hash(form.password),
        "consent": form.consent,
    }
    return links.key(claims, now)


def request_registration(
    uow: AbstractUnitOfWork,
    form: Registration,
    *,
    hasher: PasswordHasher,
    links: AccountLinks,
    now: datetime,
    reserved_names: frozenset[str],
    before_mail: Callable[[str], None] = no_check,
) -> ConfirmationMailed | Refused:
    """Mail the address a link that creates the account (the e-mail-confirmation mode).

    A registered address gets a notice instead, and the caller the same answer as for a new
    one: the form never tells whether an address has an account. `before_mail(address)`
    may refuse the mail (a throttle) by raising.
    """
    with uow:
        problems = _registration_problems(uow, form, reserved_names)
    taken = problems.get("email_addr") == [account_checks.EMAIL_TAKEN]
    refused = forms.refused({**problems, "email_addr": []} if taken else problems)
    if refused is not None:
        return refused
    passwd_hash = hasher.hash(form.password)  # spent either way, so timing tells nothing
    before_mail(form.email_addr)
    if taken:
        links.mail(
            form.email_addr,
            "Someone tried to register with your address",
            "Hello,\n\nSomeone (maybe you) tried to create an account with this address, "
            "which already has one. To get into it, sign in or choose a new password "
            f"here:\n\n{links.url('/account/forgot-password')}\n\n"
            "If it was not you, ignore this mail.\n",
        )
        return ConfirmationMailed()
    claims = {
        "purpose": REGISTER,
        "name": form.name,
        "fullname": form.fullname.strip(),
        "email_addr": form.email_addr,
        "passwd_hash": passwd_hash,
        "consent": form.consent,
    }
    link = links.link("/account/register/confirmation", claims, now)
    links.mail(
        form.email_addr,
        "Confirm your account",
        f"Hello {form.fullname.strip()},\n\nConfirm your e-mail address to create your "
        f"account:\n\n{link}\n",
    )
    return ConfirmationMailed()


def confirm_registration(
    uow: AbstractUnitOfWork,
    key: str,
    *,
    links: AccountLinks,
    keys: RandomKeys,
    now: datetime,
    reserved_names: frozenset[str],
) -> User:
    """Create the account a registration key carries, with its e-mail address confirmed."""
    claims = _verified(links, key, now, REGISTER, BAD_REGISTRATION_KEY)
    with uow:
        account_checks.refuse(
            {
                "name": account_checks.name_problems(
                    uow, claims.get("name"), reserved_names=reserved_names
                ),
                "email_addr": account_checks.email_problems(uow, claims.get("email_addr")),
            }
        )
        user = _add_account(
            uow,
            claims["name"],
            claims["fullname"],
            claims["email_addr"],
            claims["passwd_hash"],
            keys.new_key(),
            now,
            valid_email=True,
            consent=claims.get("consent") is True,  # keys mailed before it was carried: no
        )
        uow.commit()
        return user


def sign_in(
    uow: AbstractUnitOfWork, email: str, password: str, *, hasher: PasswordHasher, keys: RandomKeys
) -> User | Refused | WrongCredentials:
    """The user these credentials name. A form not filled in is refused before any lookup, and
    an unknown address reads as a wrong password, so the answer never tells whether an
    account exists; one hash is always checked, so neither does the timing."""
    refused = forms.refused(sign_in_problems(email, password))
    if refused is not None:
        return refused
    with uow:
        user = uow.users.get_by_email(email)
    stored = user.passwd_hash if user is not None else None
    matches = hasher.verify(password, stored or _dummy_hash(hasher, keys))
    if user is None or not stored or not matches:
        return WrongCredentials()
    if hasher.needs_rehash(stored):
        return _upgrade_hash(uow, user.id, stored, password, hasher)
    return user


def sign_in_problems(email: object, password: object) -> dict[str, list[str]]:
    """The sign-in form's mistakes per field (none when both fields are filled in)."""
    problems = {}
    if not isinstance(email, str) or not email.strip():
        problems["email"] = [EMAIL_REQUIRED]
    elif len(email) > account_checks.MAX_EMAIL or not EMAIL.match(email):
        problems["email"] = [account_checks.EMAIL_RULE]
    if not isinstance(password, str) or not password:
        problems["password"] = [PASSWORD_REQUIRED]
    return problems


def _upgrade_hash(
    uow: AbstractUnitOfWork, user_id: int, stored: str, password: str, hasher: PasswordHasher
) -> User | WrongCredentials:
    """Hash the password again with the current scheme, now that it is known to be right
    (sessions survive: they rest on the session generation, not on the hash), unless it
    changed since it was read."""
    with uow:
        user = uow.users.get(user_id)
        if user is None:  # deleted meanwhile
            return WrongCredentials()
        if user.passwd_hash == stored:
            user.passwd_hash = hasher.hash(password)
            uow.commit()
        return user


def request_password_reset(
    uow: AbstractUnitOfWork,
    email: str,
    *,
    links: AccountLinks,
    now: datetime,
    before_mail: Callable[[str], None] = no_check,
) -> ResetMailed | Refused:
    """Mail a reset link to a known address; it works once (it names the password hash it
    replaces). An unknown address gets no mail and the same answer, and `before_mail(address)`
    runs first either way: the form tells no one who has an account."""
    if not isinstance(email, str) or not EMAIL.match(email):
        return Refused({"email_addr": [account_checks.EMAIL_RULE]})
    before_mail(email)
    with uow:
        user = uow.users.get_by_email(email)
    if user is None:
        return ResetMailed()
    claims = {"purpose": RESET, "user_id": user.id, "fp": user.password_fingerprint()}
    link = links.link("/account/reset-password", claims, now)
    links.mail(
        user.email_addr,
        "Reset your password",
        f"Hello {user.fullname},\n\nChoose a new password here:\n\n{link}\n\n"
        "If you did not ask for this, ignore this mail.\n",
    )
    return ResetMailed()


def check_reset_key(
    uow: AbstractUnitOfWork, key: str, *, links: AccountLinks, now: datetime
) -> User:
    """The user a reset key was issued for, while it is valid and unused."""
    with uow:
        user = _reset_user(uow, key, links, now)
    if user is None:
        raise _bad_key(BAD_RESET_KEY)
    return user


def reset_password(
    uow: AbstractUnitOfWork,
    key: str,
    new_password: str,
    confirm: str,
    *,
    hasher: PasswordHasher,
    links: AccountLinks,
    now: datetime,
) -> User | Refused:
    """Set a new password through a reset key, which then no longer works; a bad key is
    refused before the passwords are looked at."""
    with uow:
        user = _reset_user(uow, key, links, now)
        if user is None:
            return Refused({"key": [BAD_RESET_KEY]})
        refused = forms.refused(
            account_checks.password_problems(new_password, confirm, "new_password")
        )
        if refused is not None:
            return refused
        user.passwd_hash = hasher.hash(new_password)
        user.end_sessions()
        uow.commit()
        return user


def send_email_confirmation(
    uow: AbstractUnitOfWork,
    actor: Actor,
    *,
    links: AccountLinks,
    now: datetime,
) -> bool:
    """Mail the caller a link that confirms their address; False when it already is."""
    permissions.ensure_authenticated(actor, TARGET)
    with uow:
        user = uow.users.get(actor.user_id)
        if user is None:
            raise errors.AuthenticationRequired("Authentication required", TARGET)
        if user.valid_email:
            return False
        user.confirmation_email_sent = True
        uow.commit()
    claims = {"purpose": CONFIRM_EMAIL, "user_id": user.id, "email_addr": user.email_addr}
    link = links.link("/account/confirm-email", claims, now)
    links.mail(
        user.email_addr,
        "Confirm your e-mail address",
        f"Hello {user.fullname},\n\nConfirm your e-mail address here:\n\n{link}\n",
    )
    return True


def confirm_email(uow: AbstractUnitOfWork, key: str, *, links: AccountLinks, now: datetime) -> User:
    """Mark the address as confirmed, if it is still the one the key was sent to."""
    claims = _verified(links, key, now, CONFIRM_EMAIL, BAD_EMAIL_KEY)
    with uow:
        user = uow.users.get(claims.get("user_id"))
        sent_to = str(claims.get("email_addr", ""))
        if user is None or user.email_addr.lower() != sent_to.lower():
            raise _bad_key(BAD_EMAIL_KEY)
        user.valid_email, user.confirmation_email_sent = True, False
        uow.commit()
        return user


def _registration_problems(
    uow: AbstractUnitOfWork, form: Registration, reserved_names: frozenset[str]
) -> dict[str, list]:
    return {
        "name": account_checks.name_problems(uow, form.name, reserved_names=reserved_names),
        "fullname": account_checks.fullname_problems(form.fullname),
        "email_addr": account_checks.email_problems(uow, form.email_addr),
        **account_checks.password_problems(form.password, form.confirm),
    }


def _add_account(
    uow: AbstractUnitOfWork,
    name: str,
    fullname: str,
    email_addr: str,
    passwd_hash: str,
    api_key: str,
    now: datetime,
    *,
    valid_email: bool,
    consent: bool = False,
) -> User:
    """Stage a new user; the very first one becomes admin, as in PYBOSSA."""
    user = User.register(
        name=name,
        fullname=fullname.strip(),
        email_addr=email_addr,
        passwd_hash=passwd_hash,
        api_key=api_key,
        now=now,
        admin=uow.users.count() == 0,
        consent=consent,
    )
    user.valid_email = valid_email
    uow.users.add(user)
    return user


def _reset_user(
    uow: AbstractUnitOfWork, key: str, links: AccountLinks, now: datetime
) -> User | None:
    """The user of a valid, unused reset key (None for any other key)."""
    claims = links.claims(key, now, RESET)
    user = uow.users.get(claims.get("user_id")) if claims is not None else None
    if user is None or not hmac.compare_digest(
        str(claims.get("fp", "")), user.password_fingerprint()
    ):
        return None
    return user


def _verified(
    links: AccountLinks, key: str, now: datetime, purpose: str, message: str
) -> dict[str, Any]:
    """The claims of a valid, unexpired key issued for `purpose`; InvalidInput otherwise."""
    claims = links.claims(key, now, purpose)
    if claims is None:
        raise _bad_key(message)
    return claims


def _dummy_hash(hasher: PasswordHasher, keys: RandomKeys) -> str:
    """A hash of a random password, made once per hasher, to verify against for no one."""
    found = _dummy_hashes.get(hasher)
    if found is None:
        found = _dummy_hashes[hasher] = hasher.hash(keys.new_password())
    return found


def _bad_key(message: str) -> errors.InvalidInput:
    return errors.InvalidInput(message, TARGET, {"key": [message]})
