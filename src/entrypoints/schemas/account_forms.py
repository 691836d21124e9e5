"""PYBOSSA's JSON answers to the account forms: each use case's outcome as the page shows it."""

from typing import Any

from entrypoints.schemas.forms import form
from entrypoints.sessions import Session
from pybossa_core.use_cases import accounts
from pybossa_core.users import User

CORRECT_THE_ERRORS = "Please correct the errors"
FIX_THE_FORM = "Something went wrong, please correct the errors on the form"
WRONG_CREDENTIALS = "Ooops, Incorrect email/password"
RESET_SENT = "We've sent you an email with account recovery instructions!"
RESET_TEMPLATE = "/account/password_reset.html"
FORGOT_TEMPLATE = "/account/password_forgot.html"


def register_page(page: dict[str, Any]) -> dict[str, Any]:
    return {"form": page, "template": "account/register.html", "title": "Register"}


def signin_page(page: dict[str, Any]) -> dict[str, Any]:
    return {
        "auth": {"facebook": False, "google": False, "twitter": False},
        "form": page,
        "next": None,
        "template": "account/signin.html",
        "title": "Sign in",
    }


def registration(
    outcome: accounts.Registered | accounts.ConfirmationMailed | accounts.Refused,
    values: dict[str, Any],
    session: Session,
) -> dict[str, Any]:
    """Signed up, asked to confirm the address, or the form again with its errors."""
    if isinstance(outcome, accounts.Refused):
        page = form(values, session.form_token(), outcome.problems)
        return {**register_page(page), "flash": CORRECT_THE_ERRORS, "status": "error"}
    if isinstance(outcome, accounts.ConfirmationMailed):
        return {
            "status": "sent",
            "template": "account/account_validation.html",
            "title": "Account validation",
        }
    return signed_up()


def signed_up() -> dict[str, Any]:
    """A new account, signed in: on to the front page."""
    return {"flash": "Thanks for signing-up", "next": "/", "status": "success"}


def sign_in(
    outcome: User | accounts.Refused | accounts.WrongCredentials,
    values: dict[str, Any],
    session: Session,
) -> dict[str, Any]:
    """Welcome back, or the form again: with its errors, or with no more than the one flash
    for a wrong e-mail or password."""
    if isinstance(outcome, User):
        return {"flash": f"Welcome back {outcome.fullname}", "next": "/", "status": "success"}
    if isinstance(outcome, accounts.Refused):
        flash, problems = CORRECT_THE_ERRORS, outcome.problems
    else:
        flash, problems = WRONG_CREDENTIALS, None
    page = form(values, session.form_token(), problems)
    return {**signin_page(page), "flash": flash, "status": "error"}


def reset_request(
    outcome: accounts.ResetMailed | accounts.Refused, values: dict[str, Any], session: Session
) -> dict[str, Any]:
    """The same answer for every well-formed address; the form again for another."""
    if isinstance(outcome, accounts.ResetMailed):
        return {"flash": RESET_SENT, "next": "/", "status": "success"}
    page = form(values, session.form_token(), outcome.problems)
    return {"flash": FIX_THE_FORM, "form": page, "status": "error", "template": FORGOT_TEMPLATE}


def password_reset(
    outcome: User | accounts.Refused, values: dict[str, Any], session: Session
) -> dict[str, Any]:
    """The new password is set (and its owner signed in), or the form again with its errors."""
    if isinstance(outcome, User):
        return {"status": "success", "flash": "You reset your password successfully!", "next": "/"}
    page = form({"current_password": None, **values}, session.form_token(), outcome.problems)
    return {
        "flash": CORRECT_THE_ERRORS,
        "form": page,
        "status": "error",
        "template": RESET_TEMPLATE,
    }
