"""What account operations check alike: the account acted on, and the fields of account forms
(user names, full names, e-mail addresses, passwords)."""

import re

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.users import Actor, User

NAME = re.compile(r"^[A-Za-z0-9_.-]{3,35}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254
MIN_PASSWORD = 8
FULLNAME_LENGTH = (3, 35)
NAME_RULE = "The user name must be 3 to 35 letters, digits, '.', '-' or '_'"
NAME_TAKEN = "The user name is already taken"
FULLNAME_RULE = "Full name must be between 3 and 35 characters long"
EMAIL_RULE = "Invalid email address."
EMAIL_TAKEN = "Email is already taken"
PASSWORD_RULE = f"Password must be at least {MIN_PASSWORD} characters long"
PASSWORDS_DIFFER = "Passwords must match"
CORRECT_THE_ERRORS = "Please correct the errors"


def refuse(problems: dict[str, list[str]]) -> None:
    """Raise InvalidInput with every field that has problems (fields without any are left out)."""
    found = {field: messages for field, messages in problems.items() if messages}
    if found:
        raise errors.InvalidInput(CORRECT_THE_ERRORS, "account", found)


def own_account(uow: AbstractUnitOfWork, actor: Actor, name: str, *, admins: bool = True) -> User:
    """The user called `name`, once the actor is that user (or, when `admins`, an admin)."""
    permissions.ensure_authenticated(actor, "account")
    user = uow.users.get_by_name(name)
    if user is None:
        raise errors.NotFound("user", name)
    if user.id != actor.user_id and not (admins and actor.admin):
        raise errors.Forbidden(
            "You don't have the permission to access the requested resource.", "account"
        )
    return user


def name_problems(
    uow: AbstractUnitOfWork, name: str, user: User | None = None, *, reserved_names: frozenset[str]
) -> list[str]:
    """What is wrong with a user name for `user` (None: a new user): its form, then whether
    another user has it in any case ("Admin" beside "admin") or it is reserved (lower case:
    the delivery's own /account/<name> paths, which the user's pages would collide with)."""
    if not isinstance(name, str) or not NAME.match(name):
        return [NAME_RULE]
    holder = uow.users.get_by_name_ignoring_case(name)
    if name.lower() in reserved_names or _held_by_another(holder, user):
        return [NAME_TAKEN]
    return []


def fullname_problems(fullname: str) -> list[str]:
    low, high = FULLNAME_LENGTH
    ok = isinstance(fullname, str) and low <= len(fullname.strip()) <= high
    return [] if ok else [FULLNAME_RULE]


def email_problems(uow: AbstractUnitOfWork, email_addr: str, user: User | None = None) -> list[str]:
    """What is wrong with an e-mail address for `user`; taken is case-insensitive."""
    if (
        not isinstance(email_addr, str)
        or len(email_addr) > MAX_EMAIL
        or not EMAIL.match(email_addr)
    ):
        return [EMAIL_RULE]
    return [EMAIL_TAKEN] if _held_by_another(uow.users.get_by_email(email_addr), user) else []


def password_problems(
    password: str,
    confirm: str,
    field: str = "password",
) -> dict[str, list[str]]:
    """The password rules: long enough (under `field`) and repeated (under "confirm")."""
    problems = {}
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        problems[field] = [PASSWORD_RULE]
    if password != confirm:
        problems["confirm"] = [PASSWORDS_DIFFER]
    return problems


def _held_by_another(holder: User | None, user: User | None) -> bool:
    return holder is not None and (user is None or holder.id != user.id)
