"""Rate limiting of /api and /account: fixed windows per route and client IP, counted in Redis
or in memory."""

# As in PYBOSSA, every method of one route shares a counter per client IP, the windows are
# aligned to multiples of the period since the epoch, and X-RateLimit-Limit, -Remaining and
# -Reset (the window's end, in epoch seconds) go out on every counted response. Unlike
# PYBOSSA, a route's aliases (newtask's three paths, /api/app beside /api/project) count as
# the one operation they are: a client cannot triple its budget by rotating paths.
import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import falcon
import limits
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter

from entrypoints.bootstrap import Services
from entrypoints.client_ip import client_ip
from entrypoints.openapi import Route
from entrypoints.throttle import storage_for

HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
MESSAGE = (
    "429 Too Many Requests: This user has exceeded an allotted request count. Try again later."
)


def is_api_path(path: str) -> bool:
    """True for /api and everything under it."""
    return path == "/api" or path.startswith("/api/")


def is_limited_path(path: str) -> bool:
    """What the rate limit counts: /api and the account forms (sign-in, register, forgot
    password ...) under /account, each route with its own budget."""
    return is_api_path(path) or path == "/account" or path.startswith("/account/")


@dataclass(frozen=True)
class Verdict:
    """Where one request leaves its counter: the limit, what is left, when the window ends."""

    limit: int
    remaining: int
    reset: int
    allowed: bool

    def headers(self) -> dict[str, str]:
        """The X-RateLimit-* headers."""
        return dict(
            zip(HEADERS, (str(self.limit), str(self.remaining), str(self.reset)), strict=True)
        )

    def retry_after(self, now: float) -> int:
        """Whole seconds until the window ends (at least one)."""
        return max(1, math.ceil(self.reset - now))


class _CountingFixedWindow(FixedWindowRateLimiter):
    """The fixed-window strategy, answering with the window's count in one storage call."""

    def count_hit(self, item: limits.RateLimitItem, *identifiers: str) -> int:
        """Add one hit and return how many hits the window now holds."""
        return self.storage.incr(item.key_for(*identifiers), item.get_expiry())


class RateLimits:
    """Counts requests per route and client in epoch-aligned fixed windows."""

    def __init__(self, storage: Storage, limit: str, secret: str) -> None:
        self._item = limits.parse(limit)
        self._limiter = _CountingFixedWindow(storage)
        self._key = hashlib.sha256(secret.encode()).digest()

    def hit(self, route: str, ip: str, now: float) -> Verdict:
        """Count one request to `route` from `ip` at `now` (epoch seconds)."""
        period = self._item.get_expiry()
        window = int(now // period)
        count = self._limiter.count_hit(self._item, route, self._anonymous(ip), str(window))
        amount = self._item.amount
        return Verdict(amount, max(0, amount - count), (window + 1) * period, count <= amount)

    def _anonymous(self, ip: str) -> str:
        """A keyed one-way hash of the address, so the counters' keys hold no IP."""
        return hashlib.blake2b(ip.encode(), key=self._key, digest_size=16).hexdigest()


class RateLimit:
    """Falcon middleware: counts each /api and /account request; over the limit, a 429 before
    the responder."""

    # It works in process_resource, where the route template is known, and goes before the
    # middleware that looks callers up in the database, so a refused request costs no query.

    def __init__(
        self,
        counters: RateLimits,
        clock: Callable[[], datetime],
        trusted_hops: int,
        operations: dict[str, str],
    ) -> None:
        self._counters, self._clock, self._hops = counters, clock, trusted_hops
        self._operations = operations

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource, params
    ) -> None:
        route = req.uri_template
        if req.method == "OPTIONS" or route is None or not is_limited_path(route):
            return
        now = _epoch(self._clock())
        operation = self._operations.get(route, route)
        verdict = self._counters.hit(operation, client_ip(req, self._hops), now)
        req.context.rate_limit = verdict
        if not verdict.allowed:
            req.context.target = req.path  # PYBOSSA's 429 names the path, not the resource
            raise falcon.HTTPTooManyRequests(
                description=MESSAGE, retry_after=verdict.retry_after(now)
            )

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool
    ) -> None:
        verdict = req.context.get("rate_limit")
        if verdict is not None:
            resp.set_headers(verdict.headers())


def operations(routes: Iterable[Route]) -> dict[str, str]:
    """Each route template -> the operation it counts as: templates served by one resource
    object are aliases of one operation, named by the first of them in sort order."""
    names: dict[int, str] = {}
    for route in sorted(routes, key=lambda route: route.template):
        names.setdefault(id(route.resource), route.template)
    return {route.template: names[id(route.resource)] for route in routes}


def middleware(services: Services, routes: Iterable[Route]) -> list[RateLimit]:
    """The rate-limit middleware for `services` over the app's `routes`, or none when
    RATE_LIMIT_ENABLED is off."""
    settings = services.settings
    if not settings.rate_limit_enabled:
        return []
    counters = RateLimits(storage_for(settings), settings.rate_limit, services.secret_key)
    return [RateLimit(counters, services.clock, settings.trusted_proxy_hops, operations(routes))]


def _epoch(moment: datetime) -> float:
    """Epoch seconds of a datetime; naive ones are UTC, as the clock gives them."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
