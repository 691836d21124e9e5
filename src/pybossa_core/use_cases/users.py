"""Users: operator-made accounts, api-key sign-in, oauth tokens, rules account forms share."""
import re
from datetime import datetime

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork, PasswordHasher
from pybossa_core.users import OAUTH_PROVIDERS, Actor, User

NAME = re.compile(r"^[A-Za-z0-9_.-]{3,35}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254
MIN_PASSWORD = 8
FULLNAME_LENGTH = (3, 35)
# Names that would collide with the /account/<name> routes.
RESERVED_NAMES = frozenset({"profile", "register", "signin", "signout", "forgot-password",
                            "reset-password", "confirm-email", "newsletter", "page"})
NAME_RULE = "The user name must be 3 to 35 letters, digits, '.', '-' or '_'"
NAME_TAKEN = "The user name is already taken"
FULLNAME_RULE = "Full name must be between 3 and 35 characters long"
EMAIL_RULE = "Invalid email address."
EMAIL_TAKEN = "Email is already taken"
PASSWORD_RULE = f"Password must be at least {MIN_PASSWORD} characters long"
PASSWORDS_DIFFER = "Passwords must match"
CORRECT_THE_ERRORS = "Please correct the errors"


def create_user(uow: AbstractUnitOfWork, hasher: PasswordHasher, *, name: str, email_addr: str,
                password: str, now: datetime, fullname: str | None = None,
                admin: bool = False) -> User:
    """Register a user (operators do this from the CLI); the password is stored hashed."""
    _check_new_user(name, email_addr, password)
    with uow:
        if uow.users.get_by_name_ignoring_case(name) is not None:
            raise errors.DuplicateValue(f"The user name is already taken: {name}", "user")
        if uow.users.get_by_email(email_addr) is not None:
            raise errors.DuplicateValue("The e-mail address is already taken", "user")
        user = User.register(name=name, fullname=fullname or name, email_addr=email_addr,
                             passwd_hash=hasher.hash(password), now=now, admin=admin)
        uow.users.add(user)
        uow.commit()
        return user


def actor_for_api_key(uow: AbstractUnitOfWork, api_key: str, ip: str | None) -> Actor | None:
    """The actor an api key stands for, or None when no user has it."""
    with uow:
        user = uow.users.get_by_api_key(api_key)
        return Actor.for_user(user, ip) if user is not None else None


def oauth_tokens(uow: AbstractUnitOfWork, actor: Actor, provider: str | None = None) -> dict:
    """The caller's own third-party tokens; a provider with no token is NotFound."""
    permissions.ensure_authenticated(actor, "token")
    if provider is not None and provider not in OAUTH_PROVIDERS:
        raise errors.NotFound("token", provider)
    with uow:
        tokens = uow.users.get(actor.user_id).oauth_tokens(provider)
    if provider is not None and not tokens:
        raise errors.NotFound("token", provider)
    return tokens


def refuse(problems: dict[str, list[str]]) -> None:
    """Raise InvalidInput with every field that has problems (fields without any are left out)."""
    found = {field: messages for field, messages in problems.items() if messages}
    if found:
        raise errors.InvalidInput(CORRECT_THE_ERRORS, "account", found)


def own_account(uow: AbstractUnitOfWork, actor: Actor, name: str, *,
                admins: bool = True) -> User:
    """The user called `name`, once the actor is that user (or, when `admins`, an admin)."""
    permissions.ensure_authenticated(actor, "account")
    user = uow.users.get_by_name(name)
    if user is None:
        raise errors.NotFound("user", name)
    if user.id != actor.user_id and not (admins and actor.admin):
        raise errors.Forbidden("You don't have the permission to access the requested "
                               "resource.", "account")
    return user


def name_problems(uow: AbstractUnitOfWork, name: str, user: User | None = None) -> list[str]:
    """What is wrong with a user name for `user` (None: a new user): its form, then whether
    another user has it in any case ("Admin" beside "admin") or an /account route uses it."""
    if not isinstance(name, str) or not NAME.match(name):
        return [NAME_RULE]
    holder = uow.users.get_by_name_ignoring_case(name)
    if name.lower() in RESERVED_NAMES or _held_by_another(holder, user):
        return [NAME_TAKEN]
    return []


def fullname_problems(fullname: str) -> list[str]:
    low, high = FULLNAME_LENGTH
    ok = isinstance(fullname, str) and low <= len(fullname.strip()) <= high
    return [] if ok else [FULLNAME_RULE]


def email_problems(uow: AbstractUnitOfWork, email_addr: str,
                   user: User | None = None) -> list[str]:
    """What is wrong with an e-mail address for `user`; taken is case-insensitive."""
    if not isinstance(email_addr, str) or len(email_addr) > MAX_EMAIL \
            or not EMAIL.match(email_addr):
        return [EMAIL_RULE]
    return [EMAIL_TAKEN] if _held_by_another(uow.users.get_by_email(email_addr), user) else []


def password_problems(password: str, confirm: str, field: str = "password",
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


def _check_new_user(name: str, email_addr: str, password: str) -> None:
    problems = {}
    if not NAME.match(name):
        problems["name"] = [NAME_RULE]
    if not EMAIL.match(email_addr):
        problems["email_addr"] = [EMAIL_RULE]
    if len(password) < MIN_PASSWORD:
        problems["password"] = [PASSWORD_RULE]
    if problems:
        raise errors.InvalidInput("Invalid user", "user", problems)
