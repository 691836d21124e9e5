"""Volunteers: who answers a task (a user, an external uid, or an anonymous IP)."""

import hashlib
import hmac
from dataclasses import dataclass

KEY_PREFIXES = {"user_id": "user", "external_uid": "ext", "user_ip": "ip"}


@dataclass(frozen=True)
class Volunteer:
    """Exactly one of user_id, external_uid or user_ip identifies the volunteer."""

    user_id: int | None = None
    external_uid: str | None = None
    user_ip: str | None = None

    @property
    def key(self) -> str:
        """A stable string for stamps and locks."""
        return f"{KEY_PREFIXES[self.kind]}:{self.identity}"

    @property
    def kind(self) -> str:
        """Which field identifies the volunteer: user_id, external_uid or user_ip."""
        if self.user_id is not None:
            return "user_id"
        return "external_uid" if self.external_uid is not None else "user_ip"

    @property
    def identity(self) -> int | str | None:
        """The value of that field."""
        return getattr(self, self.kind)

    @property
    def anonymous(self) -> bool:
        return self.user_id is None and self.external_uid is None


def anonymize_ip(ip: str | None, secret: str) -> str:
    """A keyed, one-way stand-in for an IP: equal IPs give equal values, none can be reversed."""
    digest = hmac.new(secret.encode(), (ip or "unknown").encode(), hashlib.sha256).hexdigest()
    return "anon-" + digest[:24]
