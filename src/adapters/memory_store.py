"""In-process TaskStamps, TaskLocks, ServingRecords and SessionRevocations for the embedded
deployment (one process only)."""

import threading
import time
from collections.abc import Callable, Sequence

from pybossa_core import ports

Clock = Callable[[], float]
PRUNE_AT_LEAST = 1024


def _check_ttl(ttl_seconds: int) -> None:
    if ttl_seconds < 1:
        raise ValueError(f"ttl_seconds must be at least 1, not {ttl_seconds}")


class MemoryTaskStamps(ports.TaskStamps):
    """Stamps in a dict (volunteer key, task id) → expiry on `clock`; expired ones are pruned
    whenever the dict has doubled since the last pruning, so it never outgrows the live ones.
    """

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._expiry: dict[tuple[str, int], float] = {}
        self._prune_at = PRUNE_AT_LEAST

    def stamp(self, volunteer_key: str, task_ids: Sequence[int], ttl_seconds: int) -> None:
        _check_ttl(ttl_seconds)
        with self._lock:
            now = self.clock()
            for task_id in task_ids:
                self._expiry[(volunteer_key, task_id)] = now + ttl_seconds
            if len(self._expiry) >= self._prune_at:
                self._prune(now)

    def is_stamped(self, volunteer_key: str, task_id: int) -> bool:
        with self._lock:
            expiry = self._expiry.get((volunteer_key, task_id))
            return expiry is not None and expiry > self.clock()

    def clear(self, volunteer_key: str, task_id: int) -> None:
        with self._lock:
            self._expiry.pop((volunteer_key, task_id), None)

    def _prune(self, now: float) -> None:
        self._expiry = {key: expiry for key, expiry in self._expiry.items() if expiry > now}
        self._prune_at = max(PRUNE_AT_LEAST, 2 * len(self._expiry))


class MemoryTaskLocks(ports.TaskLocks):
    """Holds per task (holder → expiry) and per (project, holder) (task → expiry) on `clock`.

    A hold ends at its expiry, when released, or when the holder re-acquires (a new expiry);
    expired holds are dropped whenever their task or (project, holder) entry is touched.
    """

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._by_task: dict[int, dict[str, float]] = {}
        self._by_holder: dict[tuple[int, str], dict[int, float]] = {}

    def acquire(
        self, project_id: int, task_id: int, holder: str, limit: int, ttl_seconds: int
    ) -> bool:
        _check_ttl(ttl_seconds)
        with self._lock:
            now = self.clock()
            holders = _pruned(self._by_task, task_id, now)
            if holder not in holders and len(holders) >= limit:
                return False
            holders[holder] = now + ttl_seconds
            self._by_task[task_id] = holders
            held = _pruned(self._by_holder, (project_id, holder), now)
            held[task_id] = now + ttl_seconds
            self._by_holder[(project_id, holder)] = held
            return True

    def release(self, project_id: int, task_id: int, holder: str) -> None:
        with self._lock:
            now = self.clock()
            _discard(self._by_task, task_id, holder, now)
            _discard(self._by_holder, (project_id, holder), task_id, now)

    def held(self, project_id: int, holder: str) -> list[int]:
        with self._lock:
            held = _pruned(self._by_holder, (project_id, holder), self.clock())
            return [task_id for task_id, _ in sorted(held.items(), key=lambda item: item[1])]

    def holders(self, task_id: int) -> int:
        with self._lock:
            return len(_pruned(self._by_task, task_id, self.clock()))


class SeparateServingRecords(ports.ServingRecords):
    """Forgets through the stamps and the locks one after the other: right wherever each
    call is cheap (in memory), or where the two are not in the same Redis."""

    def __init__(self, stamps: ports.TaskStamps, locks: ports.TaskLocks) -> None:
        self.stamps, self.locks = stamps, locks

    def forget(self, project_id: int, task_id: int, volunteer_key: str) -> None:
        self.stamps.clear(volunteer_key, task_id)
        self.locks.release(project_id, task_id, volunteer_key)


def _pruned(entries: dict, key, now: float) -> dict:
    """The unexpired members under `key`, stored back (the key goes when none is left)."""
    live = {member: expiry for member, expiry in entries.get(key, {}).items() if expiry > now}
    if live:
        entries[key] = live
    else:
        entries.pop(key, None)
    return live


def _discard(entries: dict, key, member, now: float) -> None:
    live = _pruned(entries, key, now)
    live.pop(member, None)
    if not live:
        entries.pop(key, None)


class MemorySessionRevocations(ports.SessionRevocations):
    """Signed-out session ids → expiry on `clock`, pruned as MemoryTaskStamps prunes."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._expiry: dict[str, float] = {}
        self._prune_at = PRUNE_AT_LEAST

    def revoke(self, session_id: str, ttl_seconds: int) -> None:
        _check_ttl(ttl_seconds)
        with self._lock:
            now = self.clock()
            self._expiry[session_id] = now + ttl_seconds
            if len(self._expiry) >= self._prune_at:
                self._expiry = {k: e for k, e in self._expiry.items() if e > now}
                self._prune_at = max(PRUNE_AT_LEAST, 2 * len(self._expiry))

    def is_revoked(self, session_id: str) -> bool:
        with self._lock:
            expiry = self._expiry.get(session_id)
            return expiry is not None and expiry > self.clock()
