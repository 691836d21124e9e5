"""Signing up, in and out, and recovering a password: PYBOSSA's JSON account forms."""

from dataclasses import dataclass

import falcon

from entrypoints.cross_site import ensure_same_origin, refuse_cross_site
from entrypoints.request_units import writes
from entrypoints.resources.base import Resource
from entrypoints.schemas import account_forms as answers
from entrypoints.schemas.forms import form, read_form
from entrypoints.throttle import AccountThrottle
from pybossa_core.clock import Clock
from pybossa_core.ports import (
    FileStorage,
    ImageProcessor,
    JobQueue,
    PasswordHasher,
    RandomKeys,
    SessionRevocations,
)
from pybossa_core.use_cases import accounts, sessions
from pybossa_core.use_cases.account_links import AccountLinks
from pybossa_core.users import User

REGISTER_FIELDS = ("name", "fullname", "email_addr", "password", "confirm", "consent")
# A checkbox's value when ticked: JSON's true, or what HTML forms post for it.
TICKED = frozenset({"y", "yes", "on", "true", "1"})
SIGNIN_FIELDS = ("email", "password")
PASSWORD_FIELDS = ("new_password", "confirm")


@dataclass(frozen=True)
class AccountPorts:
    """What the account pages use beside the request's unit of work (bound at start)."""

    clock: Clock
    hasher: PasswordHasher
    keys: RandomKeys
    links: AccountLinks  # what the mailed, signed links (confirmation, reset) are made with
    jobs: JobQueue
    storage: FileStorage
    images: ImageProcessor
    revocations: SessionRevocations
    throttle: AccountThrottle
    reserved_names: frozenset[str]  # user names that would hide an /account/<name> route
    confirm_email: bool  # a new account is created once its address confirms it
    session_seconds: int
    max_body_bytes: int


class AccountResource(Resource):
    """Shared plumbing of the account resources."""

    target = "account"

    def __init__(self, ports: AccountPorts) -> None:
        self.ports = ports

    def read(self, req: falcon.Request, names: tuple[str, ...]) -> dict:
        return read_form(req, self.ports.max_body_bytes, names)

    def sign_in(self, req: falcon.Request, user) -> None:
        req.context.session.sign_in(user.id, user.session_generation)

    def sign_out(self, req: falcon.Request) -> None:
        """End the request's session server-side too, so a copy of its cookie is worthless."""
        sessions.sign_out(
            req.context.session.session_id,
            revocations=self.ports.revocations,
            ttl_seconds=self.ports.session_seconds,
        )
        req.context.session.sign_out()


class Register(AccountResource):
    """GET the form; POST creates the account (or mails a confirmation link) and signs in."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        empty = {**dict.fromkeys(REGISTER_FIELDS, ""), "consent": False}
        resp.media = answers.register_page(form(empty, req.context.session.form_token()))

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        values = self.read(req, REGISTER_FIELDS)
        values["consent"] = _ticked(values["consent"])
        outcome = accounts.sign_up(
            req.context.uow,
            accounts.Registration(**values),
            confirm_email=self.ports.confirm_email,
            hasher=self.ports.hasher,
            keys=self.ports.keys,
            reserved_names=self.ports.reserved_names,
            before_mail=self.ports.throttle.mail,
            links=self.ports.links,
            now=self.ports.clock(),
        )
        if isinstance(outcome, accounts.Registered):
            self.sign_in(req, outcome.user)
        resp.media = answers.registration(outcome, values, req.context.session)


class RegisterConfirmation(AccountResource):
    """GET /account/register/confirmation?key=: the mailed link creates the account."""

    @falcon.before(writes)  # its GET inserts the account: deferred, it could meet SQLITE_BUSY
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        user = accounts.confirm_registration(
            req.context.uow,
            req.get_param("key") or "",
            keys=self.ports.keys,
            reserved_names=self.ports.reserved_names,
            links=self.ports.links,
            now=self.ports.clock(),
        )
        self.sign_in(req, user)
        resp.media = answers.signed_up()


class SignIn(AccountResource):
    """GET the form; POST checks e-mail and password and signs in."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.context.actor.authenticated:
            resp.media = {"next": "/"}
            return
        empty = dict.fromkeys(SIGNIN_FIELDS, "")
        resp.media = answers.signin_page(form(empty, req.context.session.form_token()))

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        values, throttle = self.read(req, SIGNIN_FIELDS), self.ports.throttle
        throttle.check_sign_in(values["email"], req.context.client_ip)
        outcome = accounts.sign_in(
            req.context.uow,
            values["email"],
            values["password"],
            hasher=self.ports.hasher,
            keys=self.ports.keys,
        )
        if isinstance(outcome, accounts.WrongCredentials):
            throttle.failed_sign_in(values["email"], req.context.client_ip)
        elif isinstance(outcome, User):
            self.sign_in(req, outcome)
        resp.media = answers.sign_in(outcome, values, req.context.session)


class SignOut(AccountResource):
    """GET signs out (as PYBOSSA documents it; refused when another site sent it)."""

    @falcon.before(refuse_cross_site)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        self.sign_out(req)
        resp.media = {"flash": "You are now signed out", "next": "/", "status": "success"}


class ForgotPassword(AccountResource):
    """GET the form; POST mails a signed, expiring reset link."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        page = form({"email_addr": ""}, req.context.session.form_token())
        resp.media = {"form": page, "template": answers.FORGOT_TEMPLATE}

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        values = self.read(req, ("email_addr",))
        outcome = accounts.request_password_reset(
            req.context.uow,
            values["email_addr"],
            before_mail=self.ports.throttle.mail,
            links=self.ports.links,
            now=self.ports.clock(),
        )
        resp.media = answers.reset_request(outcome, values, req.context.session)


class ResetPassword(AccountResource):
    """GET ?key= gives the form; POST ?key= sets the new password and signs in."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        accounts.check_reset_key(
            req.context.uow,
            req.get_param("key") or "",
            links=self.ports.links,
            now=self.ports.clock(),
        )
        empty = dict.fromkeys(("current_password", *PASSWORD_FIELDS), None)
        resp.media = {
            "form": form(empty, req.context.session.form_token()),
            "template": answers.RESET_TEMPLATE,
        }

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        values = self.read(req, PASSWORD_FIELDS)
        outcome = accounts.reset_password(
            req.context.uow,
            req.get_param("key") or "",
            values["new_password"],
            values["confirm"],
            hasher=self.ports.hasher,
            links=self.ports.links,
            now=self.ports.clock(),
        )
        if isinstance(outcome, User):
            self.sign_in(req, outcome)
        resp.media = answers.password_reset(outcome, values, req.context.session)


class ConfirmEmail(AccountResource):
    """GET mails a confirmation link to the signed-in user (not when another site sent the
    GET); GET ?key= confirms it (the key vouches for it, from whatever site the mail is read)."""

    @falcon.before(writes)  # both GETs update the user (confirmation_email_sent, valid_email)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        key = req.get_param("key")
        if key:
            user = accounts.confirm_email(
                req.context.uow, key, links=self.ports.links, now=self.ports.clock()
            )
            resp.media = {
                "flash": "Your e-mail address is confirmed",
                "status": "success",
                "next": f"/account/{user.name}/",
            }
            return
        ensure_same_origin(req, req.context.public_url)
        sent = accounts.send_email_confirmation(
            req.context.uow, req.context.actor, links=self.ports.links, now=self.ports.clock()
        )
        flash = (
            "An email has been sent to validate your e-mail address."
            if sent
            else "Your e-mail address is already confirmed."
        )
        resp.media = {"flash": flash, "status": "info", "next": "/account/profile"}


def _ticked(value: str | bool) -> bool:
    """A checkbox field: true when ticked, whatever way the form sent it."""
    return value is True or (isinstance(value, str) and value.strip().lower() in TICKED)
