"""Users and the Actor: who is calling."""

import enum
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core.entity import Entity

OAUTH_PROVIDERS = ("twitter", "facebook", "google")


@dataclass(eq=False)
class User(Entity):
    """A registered account; `passwd_hash` never leaves the server."""

    name: str
    fullname: str
    email_addr: str
    api_key: str
    created: datetime
    passwd_hash: str | None = None
    admin: bool = False
    privacy_mode: bool = True
    locale: str = "en"
    valid_email: bool = False
    confirmation_email_sent: bool = False
    subscribed: bool = True
    consent: bool = False  # agreed to the site's terms when registering (PYBOSSA's column)
    info: dict[str, Any] = field(default_factory=dict)
    session_generation: int = 0
    id: int | None = None

    KIND: ClassVar[str] = "user"
    WRITABLE: ClassVar[frozenset[str]] = frozenset(
        {"fullname", "locale", "privacy_mode", "info", "subscribed"}
    )
    FILTERABLE: ClassVar[tuple[str, ...]] = (
        "id",
        "name",
        "fullname",
        "locale",
        "email_addr",
        "admin",
        "privacy_mode",
    )

    @classmethod
    def register(
        cls,
        *,
        name: str,
        fullname: str,
        email_addr: str,
        passwd_hash: str | None,
        api_key: str,
        now: datetime,
        admin: bool = False,
        consent: bool = False,
    ) -> "User":
        """A new user with a fresh api key (RandomKeys.new_key)."""
        return cls(
            name=name,
            fullname=fullname,
            email_addr=email_addr.lower(),
            passwd_hash=passwd_hash,
            admin=admin,
            created=now,
            api_key=api_key,
            consent=consent,
        )

    def password_fingerprint(self) -> str:
        """A short digest of the password hash: changing the password ends every reset key
        issued before."""
        return hashlib.sha256((self.passwd_hash or "").encode()).hexdigest()[:16]

    def end_sessions(self) -> None:
        """End every browser session signed in before (sessions carry the generation they
        were signed in under): a password change, an api-key reset, losing admin rights or
        "sign out everywhere"."""
        self.session_generation += 1

    def oauth_tokens(self, provider: str | None = None) -> dict[str, Any]:
        """The third-party tokens stored for this user, keyed `<provider>_token`."""
        providers = OAUTH_PROVIDERS if provider is None else (provider,)
        keys = (f"{p}_token" for p in providers)
        return {k: self.info[k] for k in keys if self.info.get(k)}


@dataclass(frozen=True)
class Actor:
    """Who is calling: a signed-in user (with `user_id`) or an anonymous visitor.

    An app contributing for its own users names one with `external_uid` and proves it may with
    a project token (a JWT from /api/auth/project/<short_name>/token), checked per project.
    """

    user_id: int | None = None
    admin: bool = False
    ip: str | None = None
    external_uid: str | None = None
    project_token: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @classmethod
    def for_user(cls, user: User, ip: str | None = None, **extra) -> "Actor":
        return cls(user_id=user.id, admin=user.admin, ip=ip, **extra)


ANONYMOUS = Actor()


class Unsent(enum.Enum):
    """The value of a field the client did not send (None may be a value it sent)."""

    UNSENT = "unsent"


UNSENT = Unsent.UNSENT


@dataclass(frozen=True)
class ChangeProfile:
    """The command to change a profile: the fields the user sent; the others stay as they are."""

    name: str | Unsent = UNSENT
    fullname: str | Unsent = UNSENT
    email_addr: str | Unsent = UNSENT
    locale: str | Unsent = UNSENT
    privacy_mode: bool | Unsent = UNSENT
    subscribed: bool | Unsent = UNSENT

    def sent(self) -> dict[str, Any]:
        """The fields to change, by name."""
        return {name: value for name, value in vars(self).items() if value is not UNSENT}
