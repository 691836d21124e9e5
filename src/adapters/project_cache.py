"""Project rows the volunteer loop reads on every request, kept in this process until a
committed change to the project is announced: here at once, and through Redis on every
other process and host.

The loop needs a project's scheduler, secret key and anonymous policy for each newtask and
each answer; reading them once per process instead of once per request saves a database
round trip on both. Correctness rests on three rules:

- A committing unit of work forgets the projects it changed here before it returns, and
  announces them to the other processes (`ChangeFeed.announce`).
- Every lookup first applies the announcements that reached this process (a non-blocking
  read of the subscription socket), so a request that follows a committed change on another
  worker sees it as soon as the announcement is on the wire, without a listener thread.
- A row read from the database is stored only if no change was announced since the lookup
  that missed (the generation counter): otherwise it may predate that change.

When the subscription is down nothing is cached (every lookup reads the database), and when
it comes back everything is forgotten, since announcements may have been missed meanwhile.
Entries also expire after `ttl_seconds`, a bound on staleness should an announcement be lost
in transit (a process that committed while Redis was down logs that it could not announce).
"""

import abc
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import redis

from adapters.outages import REDIS_OUTAGES

logger = logging.getLogger(__name__)

TTL_SECONDS = 30.0
MAX_ENTRIES = 1000
RESUBSCRIBE_SECONDS = 1.0  # after a failed subscription, wait this long before trying again


class ChangeFeed(abc.ABC):
    """How processes tell each other which projects changed."""

    @abc.abstractmethod
    def announce(self, project_ids: set[int]) -> None:
        """Tell the other processes that these projects changed (committed)."""

    @abc.abstractmethod
    def received(self) -> set[int] | None:
        """Projects changed elsewhere since the last call; None when some announcements may
        have been missed (everything cached must go)."""

    @property
    @abc.abstractmethod
    def listening(self) -> bool:
        """True while announcements reach this process, so cached rows can be trusted."""


class LocalChangeFeed(ChangeFeed):
    """One process (the embedded default): every change is made here, nothing to hear."""

    def announce(self, project_ids: set[int]) -> None:
        pass

    def received(self) -> set[int] | None:
        return set()

    @property
    def listening(self) -> bool:
        return True


class RedisChangeFeed(ChangeFeed):
    """Announcements on a Redis pub/sub channel shared by every process of the deployment."""

    def __init__(
        self, client: redis.Redis, channel: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.client = client
        self.channel = channel
        self.clock = clock
        self._pubsub: Any = None
        self._listening = False
        self._retry_at = 0.0

    def announce(self, project_ids: set[int]) -> None:
        message = ",".join(str(project_id) for project_id in sorted(project_ids))
        try:
            self.client.publish(self.channel, message)
        except REDIS_OUTAGES as exc:
            # The change is committed; other processes see it when their entries expire.
            logger.warning("could not announce changed projects %s: %s", message, exc)

    def received(self) -> set[int] | None:
        if self._pubsub is None and not self._subscribe():
            return None
        changed: set[int] = set()
        try:
            while (message := self._pubsub.get_message(timeout=0)) is not None:
                if message["type"] == "subscribe":  # first subscription, or a reconnection
                    self._listening = True
                    return None
                if message["type"] == "message":
                    changed.update(_project_ids(message["data"]))
        except REDIS_OUTAGES as exc:
            logger.warning("project change feed lost: %s", exc)
            self._drop_subscription()
            return None
        return changed

    @property
    def listening(self) -> bool:
        return self._listening

    def _subscribe(self) -> bool:
        if self.clock() < self._retry_at:
            return False
        try:
            self._pubsub = self.client.pubsub()
            self._pubsub.subscribe(self.channel)
        except REDIS_OUTAGES as exc:
            logger.warning("project change feed unavailable: %s", exc)
            self._drop_subscription()
            return False
        return True

    def _drop_subscription(self) -> None:
        if self._pubsub is not None:
            with contextlib.suppress(REDIS_OUTAGES):
                self._pubsub.close()
        self._pubsub, self._listening = None, False
        self._retry_at = self.clock() + RESUBSCRIBE_SECONDS


def _project_ids(data: bytes | str) -> set[int]:
    text = data.decode() if isinstance(data, bytes) else data
    return {int(part) for part in text.split(",") if part.isdigit()}


class ProjectCache:
    """Project rows by id, per process; safe to share between threads."""

    def __init__(
        self,
        feed: ChangeFeed,
        ttl_seconds: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self.feed = feed
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self.max_entries = max_entries
        self._rows: dict[int, tuple[float, dict[str, Any]]] = {}
        self._generation = 0
        self._lock = threading.Lock()

    def lookup(self, project_id: int) -> tuple[dict[str, Any] | None, int | None]:
        """The cached row, or None and the generation to `store` a fresh read under (None:
        do not store it, the feed is down)."""
        with self._lock:
            self._hear()
            if not self.feed.listening:
                return None, None
            entry = self._rows.get(project_id)
            if entry is not None and entry[0] > self.clock():
                return entry[1], self._generation
            return None, self._generation

    def store(self, project_id: int, row: dict[str, Any], generation: int | None) -> None:
        """Keep a row read after `lookup` answered `generation`, unless a change was heard
        since (the row could predate it)."""
        with self._lock:
            self._hear()
            if generation is None or generation != self._generation or not self.feed.listening:
                return
            if self.max_entries < 1:
                return
            if len(self._rows) >= self.max_entries:
                del self._rows[next(iter(self._rows))]  # the oldest entry
            self._rows[project_id] = (self.clock() + self.ttl_seconds, row)

    def changed(self, project_ids: set[int]) -> None:
        """Projects this process committed changes to: forget them here, announce them."""
        if not project_ids:
            return
        with self._lock:
            self._forget(project_ids)
        self.feed.announce(project_ids)

    def _hear(self) -> None:
        changed = self.feed.received()
        if changed is None:
            self._forget(None)
        elif changed:
            self._forget(changed)

    def _forget(self, project_ids: Iterable[int] | None) -> None:
        """Drop these rows (None: all) and refuse rows read before now."""
        self._generation += 1
        if project_ids is None:
            self._rows.clear()
            return
        for project_id in project_ids:
            self._rows.pop(project_id, None)


def uncached() -> ProjectCache:
    """A cache that keeps nothing (for units of work built without one)."""
    return ProjectCache(LocalChangeFeed(), max_entries=0)
