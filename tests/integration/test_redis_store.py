"""Stamps and locks on a real Redis (TEST_REDIS_URL), each test under its own key prefix."""

import threading

import pytest
import redis

from adapters.redis_store import RedisServingRecords, RedisTaskLocks, RedisTaskStamps


@pytest.fixture
def stamps(redis_client, redis_prefix) -> RedisTaskStamps:
    return RedisTaskStamps(redis_client, prefix=redis_prefix)


@pytest.fixture
def locks(redis_client, redis_prefix) -> RedisTaskLocks:
    return RedisTaskLocks(redis_client, prefix=redis_prefix)


def test_a_stamp_is_live_until_cleared(stamps):
    stamps.stamp("user:1", [7, 8], ttl_seconds=60)
    assert stamps.is_stamped("user:1", 7) and stamps.is_stamped("user:1", 8)
    assert not stamps.is_stamped("user:2", 7) and not stamps.is_stamped("user:1", 9)
    stamps.clear("user:1", 7)
    stamps.clear("user:1", 99)
    assert not stamps.is_stamped("user:1", 7) and stamps.is_stamped("user:1", 8)


def test_each_stamp_is_a_key_that_expires_after_the_ttl(stamps, redis_client):
    stamps.stamp("ip:anon-1", [7], ttl_seconds=1)
    stamps.stamp("ip:anon-1", [8], ttl_seconds=3600)
    assert redis_client.ttl(stamps.key("ip:anon-1", 7)) == 1
    assert 3590 < redis_client.ttl(stamps.key("ip:anon-1", 8)) <= 3600


def test_stamping_no_task_does_nothing_and_a_ttl_below_one_is_refused(
    stamps, redis_client, redis_prefix
):
    stamps.stamp("user:1", [], ttl_seconds=60)
    assert list(redis_client.scan_iter(match=redis_prefix + ":*")) == []
    with pytest.raises(ValueError):
        stamps.stamp("user:1", [7], ttl_seconds=0)


def test_forgetting_an_answered_task_drops_its_stamp_and_hold_and_nothing_else(stamps, locks):
    serving = RedisServingRecords(stamps, locks)
    stamps.stamp("user:1", [7, 8], ttl_seconds=60)
    for task_id in (7, 8):
        locks.acquire(1, task_id, "user:1", limit=2, ttl_seconds=60)
    locks.acquire(1, 7, "user:2", limit=2, ttl_seconds=60)
    serving.forget(1, 7, "user:1")
    serving.forget(1, 9, "user:1")  # nothing to forget: not an error
    assert not stamps.is_stamped("user:1", 7) and stamps.is_stamped("user:1", 8)
    assert locks.held(1, "user:1") == [8] and locks.holders(7) == 1


def test_serving_records_need_the_stamps_and_locks_on_one_client(stamps, redis_prefix):
    other = RedisTaskLocks(redis.Redis(), prefix=redis_prefix)
    with pytest.raises(ValueError):
        RedisServingRecords(stamps, other)


def test_a_task_is_held_by_at_most_limit_holders(locks):
    assert locks.acquire(1, 7, "user:1", limit=2, ttl_seconds=60)
    assert locks.acquire(1, 7, "user:2", limit=2, ttl_seconds=60)
    assert not locks.acquire(1, 7, "user:3", limit=2, ttl_seconds=60)
    assert locks.holders(7) == 2 and locks.holders(8) == 0
    assert not locks.acquire(1, 7, "user:3", limit=0, ttl_seconds=60)


def test_a_holder_reacquiring_refreshes_its_hold_even_at_the_limit(locks, redis_client):
    locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=5)
    assert locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=3600)
    assert locks.holders(7) == 1
    assert redis_client.pttl(locks.task_key(7)) > 5000
    assert not locks.acquire(1, 7, "user:2", limit=1, ttl_seconds=60)


def test_a_released_hold_frees_its_place(locks):
    locks.acquire(1, 7, "user:1", limit=1, ttl_seconds=60)
    locks.release(1, 7, "user:1")
    locks.release(1, 7, "user:1")
    assert locks.holders(7) == 0 and locks.held(1, "user:1") == []
    assert locks.acquire(1, 7, "user:2", limit=1, ttl_seconds=60)


def test_held_lists_the_projects_holds_oldest_first(locks):
    for task_id in (9, 7, 8):
        locks.acquire(1, task_id, "user:1", limit=5, ttl_seconds=60)
    locks.acquire(2, 10, "user:1", limit=5, ttl_seconds=60)
    assert locks.held(1, "user:1") == [9, 7, 8]
    assert locks.held(2, "user:1") == [10] and locks.held(1, "user:2") == []


def test_both_lock_keys_expire_with_their_longest_hold(locks, redis_client):
    locks.acquire(1, 7, "user:1", limit=5, ttl_seconds=30)
    locks.acquire(1, 7, "user:2", limit=5, ttl_seconds=600)
    locks.acquire(1, 7, "user:1", limit=5, ttl_seconds=60)
    assert 590_000 < redis_client.pttl(locks.task_key(7)) <= 600_001
    assert 50_000 < redis_client.pttl(locks.held_key(1, "user:1")) <= 60_001


def test_holds_whose_expiry_has_passed_no_longer_count(locks, redis_client):
    seconds, micros = redis_client.time()
    past = seconds * 1_000_000 + micros - 1
    redis_client.zadd(locks.task_key(7), {"user:1": past, "user:2": past + 3_600_000_000})
    redis_client.zadd(locks.held_key(1, "user:1"), {"7": past})
    assert locks.holders(7) == 1 and locks.held(1, "user:1") == []
    assert locks.acquire(1, 7, "user:3", limit=2, ttl_seconds=60)
    assert redis_client.zscore(locks.task_key(7), "user:1") is None


def test_many_clients_racing_for_a_task_get_exactly_limit_holds(redis_client, redis_prefix):
    pool = redis.ConnectionPool(**redis_client.connection_pool.connection_kwargs)
    barrier, won = threading.Barrier(50), []

    def contend(n: int) -> None:
        client = redis.Redis(connection_pool=pool)
        barrier.wait()
        if RedisTaskLocks(client, prefix=redis_prefix).acquire(1, 7, f"user:{n}", 3, 60):
            won.append(n)

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pool.disconnect()
    assert len(won) == 3
    assert RedisTaskLocks(redis_client, prefix=redis_prefix).holders(7) == 3
