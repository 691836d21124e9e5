"""The signed, expiring links that account mails carry (registration, reset, e-mail address)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from pybossa_core import errors
from pybossa_core.ports import JobQueue, TokenSigner


@dataclass(frozen=True)
class AccountLinks:
    """How the site signs the keys of its account links, how long a key works, where the links
    point, and the queue their mails go through: the site's values, bound once at start."""

    signer: TokenSigner
    secret: str
    ttl_seconds: int
    base_url: str  # the site's public address
    jobs: JobQueue

    def key(self, claims: dict[str, Any], now: datetime) -> str:
        """A key carrying these claims, issued at `now`, that works for `ttl_seconds`."""
        return self.signer.issue(claims, self.secret, self.ttl_seconds, now)

    def claims(self, key: str, now: datetime, purpose: str) -> dict[str, Any] | None:
        """The claims of a valid, unexpired key issued for `purpose`; None for any other key."""
        if not isinstance(key, str) or not key:
            return None
        try:
            claims = self.signer.verify(key, self.secret, now)
        except errors.AuthenticationRequired:  # the signer's word for a bad or expired key
            return None
        return claims if claims.get("purpose") == purpose else None

    def url(self, path: str) -> str:
        """The address of a path of the site."""
        return f"{self.base_url.rstrip('/')}{path}"

    def link(self, path: str, claims: dict[str, Any], now: datetime) -> str:
        """The address of a path of the site with a key carrying these claims."""
        return f"{self.url(path)}?key={quote(self.key(claims, now), safe='')}"

    def mail(self, to: str, subject: str, body: str) -> None:
        """Queue a mail to the address `to`."""
        self.jobs.enqueue("send_mail", to=to, subject=subject, body=body)
