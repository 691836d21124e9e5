"""Throttles on guessing: failed sign-ins per account and per client, account mails per address."""

# Counted with `limits` where the rate limits are counted (Redis with REDIS_URL, so every
# worker and host shares them; memory in the one-process embedded mode). Keys are keyed
# one-way hashes: the counters hold no e-mail address and no IP.
import hashlib
import math
import time
from dataclasses import dataclass

import falcon
import limits
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter

from entrypoints.settings import Settings

MESSAGE = "429 Too Many Requests: Too many attempts. Try again later."


def storage_for(settings: Settings) -> Storage:
    """Redis when REDIS_URL is set (one count for every worker and host), memory otherwise."""
    if settings.redis_url is None:
        return MemoryStorage()
    return RedisStorage(
        settings.redis_url,
        key_prefix=f"{settings.redis_prefix}:ratelimit",
        socket_timeout=5,
        socket_connect_timeout=5,
    )


def throttled(retry_after: int) -> falcon.HTTPTooManyRequests:
    """The 429 (PYBOSSA's error body, with Retry-After) for a throttled attempt."""
    return falcon.HTTPTooManyRequests(description=MESSAGE, retry_after=retry_after)


@dataclass(frozen=True)
class _Budget:
    item: limits.RateLimitItem
    name: str


class AccountThrottle:
    """Counts what an attacker would repeat: failed sign-ins and account mails."""

    def __init__(self, storage: Storage, secret: str, settings: Settings) -> None:
        self._limiter = FixedWindowRateLimiter(storage)
        self._key = hashlib.sha256(b"pybossa-falcon throttle:" + secret.encode()).digest()
        self._account = _Budget(
            limits.parse(settings.sign_in_failures_per_account), "signin-account"
        )
        self._client = _Budget(limits.parse(settings.sign_in_failures_per_client), "signin-client")
        self._mails = _Budget(limits.parse(settings.account_mails_per_address), "mail-address")

    def check_sign_in(self, email: object, ip: str | None) -> None:
        """Raise the 429 when the account or the client has failed too often lately (the
        same whether or not the account exists)."""
        for budget, value in self._sign_in_budgets(email, ip):
            self._refuse_when_spent(budget, value)

    def failed_sign_in(self, email: object, ip: str | None) -> None:
        """Count one failed sign-in against the account and the client."""
        for budget, value in self._sign_in_budgets(email, ip):
            self._limiter.hit(budget.item, budget.name, self._anonymous(value))

    def mail(self, address: object) -> None:
        """Count one mail to `address`; raise the 429 (sending nothing) once it is spent."""
        value = _folded(address)
        if not self._limiter.hit(self._mails.item, self._mails.name, self._anonymous(value)):
            raise throttled(self._retry_after(self._mails, value))

    def _sign_in_budgets(self, email: object, ip: str | None):
        return ((self._account, _folded(email)), (self._client, ip or "unknown"))

    def _refuse_when_spent(self, budget: _Budget, value: str) -> None:
        if not self._limiter.test(budget.item, budget.name, self._anonymous(value)):
            raise throttled(self._retry_after(budget, value))

    def _retry_after(self, budget: _Budget, value: str) -> int:
        stats = self._limiter.get_window_stats(budget.item, budget.name, self._anonymous(value))
        return max(1, math.ceil(stats.reset_time - time.time()))

    def _anonymous(self, value: str) -> str:
        return hashlib.blake2b(value.encode(), key=self._key, digest_size=16).hexdigest()


def _folded(address: object) -> str:
    """An e-mail address as the accounts compare it (any case, no surrounding blanks)."""
    return address.strip().lower() if isinstance(address, str) else ""
