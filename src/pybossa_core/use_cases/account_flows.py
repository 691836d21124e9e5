"""Account steps whose outcome a form shows (status and message) rather than an error body."""
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pybossa_core import errors
from pybossa_core.ports import (
    AbstractUnitOfWork,
    JobQueue,
    PasswordHasher,
    RandomKeys,
    TokenSigner,
)
from pybossa_core.use_cases import account_checks, accounts
from pybossa_core.users import User

RESET_SENT = "We've sent you an email with account recovery instructions!"
FIX_THE_FORM = "Something went wrong, please correct the errors on the form"
EMAIL_REQUIRED = "The e-mail is required"
PASSWORD_REQUIRED = "You must provide a password"


@dataclass(frozen=True)
class SignIn:
    """The signed-in user, or why not (status "error": wrong credentials or, with `errors`
    per field, a form that is not filled in properly)."""

    user: User | None
    status: str = "success"
    message: str = ""
    errors: dict | None = None


@dataclass(frozen=True)
class ResetRequest:
    sent: bool
    message: str
    errors: dict | None = None


def sign_in_outcome(uow: AbstractUnitOfWork, email: str, password: str, *,
                    hasher: PasswordHasher, keys: RandomKeys) -> SignIn:
    """Sign in; an empty or malformed e-mail or an empty password is a form error, found
    before any lookup, so the answer is the same whether or not the account exists."""
    problems = sign_in_problems(email, password)
    if problems:
        return SignIn(None, "error", account_checks.CORRECT_THE_ERRORS, problems)
    try:
        return SignIn(accounts.sign_in(uow, email, password, hasher=hasher, keys=keys))
    except (errors.NotFound, errors.AuthenticationRequired):
        # One answer for an unknown address and a wrong password: no account enumeration.
        return SignIn(None, "error", accounts.WRONG_CREDENTIALS)


def sign_in_problems(email: object, password: object) -> dict[str, list[str]]:
    """The sign-in form's mistakes per field (none when both fields are filled in)."""
    problems = {}
    if not isinstance(email, str) or not email.strip():
        problems["email"] = [EMAIL_REQUIRED]
    elif len(email) > account_checks.MAX_EMAIL or not account_checks.EMAIL.match(email):
        problems["email"] = [account_checks.EMAIL_RULE]
    if not isinstance(password, str) or not password:
        problems["password"] = [PASSWORD_REQUIRED]
    return problems


def password_reset_outcome(uow: AbstractUnitOfWork, email: str, *, signer: TokenSigner,
                           secret: str, jobs: JobQueue, now: datetime, ttl_seconds: int,
                           base_url: str,
                           before_mail: Callable[[str], None] = accounts.no_check,
                           ) -> ResetRequest:
    """Mail a reset link to a known address; the answer is the same for an unknown one (the
    form must not tell who has an account)."""
    if not isinstance(email, str) or not accounts.EMAIL.match(email):
        return ResetRequest(False, FIX_THE_FORM, {"email_addr": ["Invalid email address."]})
    with contextlib.suppress(errors.NotFound):  # an unknown address: no mail, same answer
        accounts.request_password_reset(uow, email, signer=signer, secret=secret, jobs=jobs,
                                        now=now, ttl_seconds=ttl_seconds, base_url=base_url,
                                        before_mail=before_mail)
    return ResetRequest(True, RESET_SENT)
