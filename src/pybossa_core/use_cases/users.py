"""Users: operator-made accounts, api-key sign-in, and oauth tokens."""

from datetime import datetime

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork, PasswordHasher, RandomKeys
from pybossa_core.use_cases import account_checks
from pybossa_core.users import OAUTH_PROVIDERS, Actor, User


def create_user(
    uow: AbstractUnitOfWork,
    hasher: PasswordHasher,
    *,
    name: str,
    email_addr: str,
    password: str,
    now: datetime,
    keys: RandomKeys,
    fullname: str | None = None,
    admin: bool = False,
) -> User:
    """Register a user (operators do this from the CLI); the password is stored hashed."""
    _check_new_user(name, email_addr, password)
    with uow:
        if uow.users.get_by_name_ignoring_case(name) is not None:
            raise errors.DuplicateValue(f"The user name is already taken: {name}", "user")
        if uow.users.get_by_email(email_addr) is not None:
            raise errors.DuplicateValue("The e-mail address is already taken", "user")
        user = User.register(
            name=name,
            fullname=fullname or name,
            email_addr=email_addr,
            passwd_hash=hasher.hash(password),
            api_key=keys.new_key(),
            now=now,
            admin=admin,
        )
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


def _check_new_user(name: str, email_addr: str, password: str) -> None:
    problems = {}
    if not account_checks.NAME.match(name):
        problems["name"] = [account_checks.NAME_RULE]
    if not account_checks.EMAIL.match(email_addr):
        problems["email_addr"] = [account_checks.EMAIL_RULE]
    if len(password) < account_checks.MIN_PASSWORD:
        problems["password"] = [account_checks.PASSWORD_RULE]
    if problems:
        raise errors.InvalidInput("Invalid user", "user", problems)
