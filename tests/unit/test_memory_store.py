"""In-process stamps and locks, expiring by an injected clock (no sleeping, no I/O)."""

import threading

import pytest

from adapters.memory_store import MemoryTaskLocks, MemoryTaskStamps, SeparateServingRecords


class SteppingClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def stamps(clock) -> MemoryTaskStamps:
    return MemoryTaskStamps(clock=clock)


@pytest.fixture
def locks(clock) -> MemoryTaskLocks:
    return MemoryTaskLocks(clock=clock)


def test_a_stamp_lives_for_its_ttl_and_not_a_moment_longer(stamps, clock):
    stamps.stamp("user:1", [7, 8], ttl_seconds=60)
    clock.advance(59.9)
    assert stamps.is_stamped("user:1", 7) and stamps.is_stamped("user:1", 8)
    clock.advance(0.1)
    assert not stamps.is_stamped("user:1", 7)


def test_stamps_belong_to_one_volunteer_and_one_task(stamps):
    stamps.stamp("user:1", [7], ttl_seconds=60)
    assert not stamps.is_stamped("user:2", 7)
    assert not stamps.is_stamped("user:1", 8)


def test_stamping_again_renews_the_ttl(stamps, clock):
    stamps.stamp("ip:anon-1", [7], ttl_seconds=60)
    clock.advance(50)
    stamps.stamp("ip:anon-1", [7], ttl_seconds=60)
    clock.advance(50)
    assert stamps.is_stamped("ip:anon-1", 7)


def test_a_cleared_stamp_is_gone_and_clearing_a_missing_one_is_fine(stamps):
    stamps.stamp("user:1", [7], ttl_seconds=60)
    stamps.clear("user:1", 7)
    stamps.clear("user:1", 99)
    assert not stamps.is_stamped("user:1", 7)


def test_expired_stamps_are_pruned_as_new_ones_arrive(stamps, clock):
    stamps.stamp("user:1", list(range(2000)), ttl_seconds=1)
    clock.advance(2)
    stamps.stamp("user:2", list(range(2000)), ttl_seconds=60)
    assert len(stamps._expiry) == 2000
    assert stamps.is_stamped("user:2", 1999)


def test_a_ttl_below_one_second_is_a_programming_error(stamps, locks):
    with pytest.raises(ValueError):
        stamps.stamp("user:1", [7], ttl_seconds=0)
    with pytest.raises(ValueError):
        locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=0)


def test_forgetting_an_answered_task_drops_its_stamp_and_hold_and_nothing_else(stamps, locks):
    serving = SeparateServingRecords(stamps, locks)
    stamps.stamp("user:1", [7, 8], ttl_seconds=60)
    for task_id in (7, 8):
        locks.acquire(1, task_id, "user:1", limit=2, ttl_seconds=60)
    locks.acquire(1, 7, "user:2", limit=2, ttl_seconds=60)
    serving.forget(1, 7, "user:1")
    serving.forget(1, 9, "user:1")
    assert not stamps.is_stamped("user:1", 7) and stamps.is_stamped("user:1", 8)
    assert locks.held(1, "user:1") == [8] and locks.holders(7) == 1


def test_a_task_is_held_by_at_most_limit_holders(locks):
    assert locks.acquire(1, 7, "user:1", limit=2, ttl_seconds=60)
    assert locks.acquire(1, 7, "user:2", limit=2, ttl_seconds=60)
    assert not locks.acquire(1, 7, "user:3", limit=2, ttl_seconds=60)
    assert locks.holders(7) == 2
    assert locks.acquire(1, 8, "user:3", limit=2, ttl_seconds=60)


def test_a_holder_reacquiring_refreshes_its_hold_even_at_the_limit(locks, clock):
    locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=60)
    clock.advance(50)
    assert locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=60)
    clock.advance(50)
    assert locks.holders(7) == 1 and locks.held(1, "user:1") == [7]
    assert not locks.acquire(1, 7, "user:2", limit=1, ttl_seconds=60)


def test_an_expired_hold_frees_its_place(locks, clock):
    locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=60)
    clock.advance(60)
    assert locks.holders(7) == 0 and locks.held(1, "user:1") == []
    assert locks.acquire(1, 7, "user:2", limit=1, ttl_seconds=60)


def test_a_released_hold_frees_its_place_and_releasing_twice_is_fine(locks):
    locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=60)
    locks.release(1, 7, "user:1")
    locks.release(1, 7, "user:1")
    assert locks.holders(7) == 0 and locks.held(1, "user:1") == []
    assert locks.acquire(1, 7, "user:2", limit=1, ttl_seconds=60)


def test_held_lists_the_projects_holds_oldest_first(locks, clock):
    for task_id in (9, 7, 8):
        locks.acquire(1, task_id, "user:1", limit=5, ttl_seconds=60)
        clock.advance(1)
    locks.acquire(2, 10, "user:1", limit=5, ttl_seconds=60)
    assert locks.held(1, "user:1") == [9, 7, 8]
    locks.acquire(1, 9, "user:1", limit=5, ttl_seconds=60)
    assert locks.held(1, "user:1") == [7, 8, 9]
    assert locks.held(2, "user:1") == [10] and locks.held(1, "user:2") == []


def test_a_limit_of_zero_holds_nothing(locks):
    assert not locks.acquire(1, 7, "user:1", limit=0, ttl_seconds=60)
    assert locks.holders(7) == 0


def test_many_threads_racing_for_a_task_get_exactly_limit_holds(locks):
    barrier = threading.Barrier(50)
    won = []

    def contend(n: int) -> None:
        barrier.wait()
        if locks.acquire(1, 7, f"user:{n}", limit=3, ttl_seconds=60):
            won.append(n)

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 3 and locks.holders(7) == 3
