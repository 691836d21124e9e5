"""Signed, HttpOnly, SameSite cookie sessions for browsers, with their CSRF token."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import falcon

from pybossa_core import errors
from pybossa_core.ports import TokenSigner

COOKIE = "session"
CSRF_HEADER = "X-CSRFToken"


@dataclass
class Session:
    """What the cookie carries: a CSRF secret and, once signed in, the user."""

    csrf: str
    user_id: int | None = None
    generation: int | None = None  # the user's session generation when signed in
    session_id: str | None = None  # names this sign-in, so signing out can revoke it
    changed: bool = False
    new: bool = False

    @classmethod
    def fresh(cls) -> "Session":
        """A session not yet sent: it becomes a cookie only once a form hands out its token
        (API clients without cookies never get one)."""
        return cls(csrf=secrets.token_urlsafe(32), new=True)

    def form_token(self) -> str:
        """The CSRF token for a form; a new session is sent as a cookie with it."""
        if self.new:
            self.changed = True
        return self.csrf

    def sign_in(self, user_id: int, generation: int) -> None:
        """A new CSRF secret and session id on sign-in, so a token seen before cannot be
        replayed and signing out ends only this sign-in."""
        self.csrf, self.user_id, self.generation = secrets.token_urlsafe(32), user_id, generation
        self.session_id = secrets.token_urlsafe(18)
        self.changed = True

    def sign_out(self) -> None:
        self.csrf, self.user_id, self.generation = secrets.token_urlsafe(32), None, None
        self.session_id = None
        self.changed = True

    def csrf_matches(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.csrf.encode())


class SessionCookies:
    """Reads and writes sessions as JWT cookies signed with the site's secret key."""

    def __init__(self, signer: TokenSigner, secret: str, seconds: int, secure: bool) -> None:
        # A key of its own, derived from the site secret: a session can never pass for a
        # reset key or the other way round.
        self._secret = hashlib.sha256(b"pybossa-falcon session:" + secret.encode()).hexdigest()
        self._signer, self._seconds, self._secure = signer, seconds, secure

    def read(self, req: falcon.Request, now: datetime) -> Session:
        """The request's session; a missing, forged or expired cookie starts a new one."""
        values = req.get_cookie_values(COOKIE)
        if not values:
            return Session.fresh()
        try:
            claims = self._signer.verify(values[0], self._secret, now)
        except errors.AuthenticationRequired:
            return Session.fresh()
        if not isinstance(claims.get("csrf"), str):
            return Session.fresh()
        if not (isinstance(claims.get("gen"), int) and isinstance(claims.get("sid"), str)):
            # Cookies signed in before sessions had ids (or not signed in): anonymous.
            return Session(csrf=claims["csrf"])
        return Session(
            csrf=claims["csrf"],
            user_id=claims.get("uid"),
            generation=claims["gen"],
            session_id=claims["sid"],
        )

    def write(self, resp: falcon.Response, session: Session, now: datetime) -> None:
        claims = {"csrf": session.csrf}
        if session.user_id is not None:
            claims.update(uid=session.user_id, gen=session.generation, sid=session.session_id)
        token = self._signer.issue(claims, self._secret, self._seconds, now)
        resp.set_cookie(
            COOKIE,
            token,
            max_age=self._seconds,
            path="/",
            http_only=True,
            secure=self._secure,
            same_site="Lax",
        )
