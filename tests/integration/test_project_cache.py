"""The project cache against the real stores: committed changes through the SQL unit of work
clear it (SQLite and PostgreSQL), and Redis carries the changes between processes."""

import uuid

import pytest
import redis

from adapters.project_cache import (
    RESUBSCRIBE_SECONDS,
    LocalChangeFeed,
    ProjectCache,
    RedisChangeFeed,
)
from adapters.sql import database
from adapters.sql.unit_of_work import SqlUnitOfWork, SqlUnitsOfWork

from . import builders
from .live_server import free_port

WAIT_SECONDS = 5


@pytest.fixture
def cached_units(engine, reading_engine) -> SqlUnitsOfWork:
    return SqlUnitsOfWork(
        database.session_factory(engine),
        database.read_session_factory(reading_engine),
        ProjectCache(LocalChangeFeed()),
    )


def snapshot(units: SqlUnitsOfWork, project_id: int):
    with units(reading=True) as uow:
        return uow.projects.snapshot(project_id)


def change(uow: SqlUnitOfWork, project_id: int, **values) -> None:
    with uow:
        project = uow.projects.get(project_id)
        for name, value in values.items():
            setattr(project, name, value)
        uow.commit()


def test_a_committed_change_is_seen_by_the_next_snapshot(cached_units):
    cached_uow = cached_units()
    project = builders.a_project(cached_uow, builders.a_user(cached_uow))
    assert snapshot(cached_units, project.id).allow_anonymous_contributors is True
    change(cached_uow, project.id, allow_anonymous_contributors=False, secret_key="new-key")
    seen = snapshot(cached_units, project.id)
    assert (seen.allow_anonymous_contributors, seen.secret_key) == (False, "new-key")


def test_a_change_flushed_before_the_commit_counts_too(cached_units):
    cached_uow = cached_units()
    project = builders.a_project(cached_uow, builders.a_user(cached_uow))
    snapshot(cached_units, project.id)
    with cached_uow:
        cached_uow.projects.get(project.id).info = {"sched": "locked"}
        cached_uow.flush()
        cached_uow.commit()
    assert snapshot(cached_units, project.id).info == {"sched": "locked"}


def test_a_rolled_back_change_leaves_the_snapshot_as_committed(cached_units):
    cached_uow = cached_units()
    project = builders.a_project(cached_uow, builders.a_user(cached_uow))
    snapshot(cached_units, project.id)
    with cached_uow:
        cached_uow.projects.get(project.id).secret_key = "never-committed"
        cached_uow.flush()
    assert snapshot(cached_units, project.id).secret_key == project.secret_key


def test_a_deleted_project_has_no_snapshot(cached_units):
    cached_uow = cached_units()
    project = builders.a_project(cached_uow, builders.a_user(cached_uow))
    snapshot(cached_units, project.id)
    with cached_uow:
        cached_uow.projects.delete(cached_uow.projects.get(project.id))
        cached_uow.commit()
    assert snapshot(cached_units, project.id) is None


def test_changing_a_snapshot_stores_nothing(cached_units):
    cached_uow = cached_units()
    project = builders.a_project(cached_uow, builders.a_user(cached_uow))
    with cached_uow:
        cached_uow.projects.snapshot(project.id).secret_key = "changed-in-memory"
        cached_uow.commit()
    with cached_uow:
        assert cached_uow.projects.get(project.id).secret_key == project.secret_key


@pytest.fixture
def channel(redis_client) -> str:
    return "pbftest-" + uuid.uuid4().hex + ":project-changes"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def feed_on(redis_url: str, channel: str, clock: Clock | None = None) -> RedisChangeFeed:
    client = redis.Redis.from_url(
        redis_url, socket_timeout=5, client_name="pbftest-" + uuid.uuid4().hex
    )
    return RedisChangeFeed(client, channel, clock or Clock())


def heard_once_delivered(cache: ProjectCache, project_id: int) -> dict | None:
    """Look the project up once whatever was published has reached this cache's subscription
    socket (waits on the socket, at most WAIT_SECONDS)."""
    cache.feed._pubsub.connection.can_read(timeout=WAIT_SECONDS)
    return cache.lookup(project_id)[0]


def subscribed_cache(redis_url: str, channel: str, clock: Clock | None = None) -> ProjectCache:
    """A cache whose subscription is confirmed (until then it stores nothing)."""
    cache = ProjectCache(feed_on(redis_url, channel, clock))
    cache.lookup(0)
    if not cache.feed.listening:
        heard_once_delivered(cache, 0)
    assert cache.feed.listening
    return cache


def store(cache: ProjectCache, project_id: int, row: dict) -> None:
    _, generation = cache.lookup(project_id)
    cache.store(project_id, row, generation)


def test_a_change_in_one_process_clears_the_others_through_redis(redis_url, channel):
    here, there = subscribed_cache(redis_url, channel), subscribed_cache(redis_url, channel)
    for cache in (here, there):
        store(cache, 7, {"id": 7, "secret_key": "old"})
        store(cache, 8, {"id": 8})
    here.changed({7})
    assert here.lookup(7)[0] is None
    assert heard_once_delivered(there, 7) is None
    assert there.lookup(8)[0] == {"id": 8}


def test_a_lost_subscription_forgets_everything_and_resumes(redis_url, redis_client, channel):
    clock = Clock()
    cache = subscribed_cache(redis_url, channel, clock)
    store(cache, 7, {"id": 7})
    assert cache.lookup(7)[0] == {"id": 7}
    name = cache.feed.client.get_connection_kwargs()["client_name"]
    subscription = next(c for c in redis_client.client_list() if c["name"] == name)
    redis_client.client_kill_filter(_id=subscription["id"])
    assert cache.lookup(7)[0] is None  # announcements may have been missed
    if not cache.feed.listening:  # the loss was noticed before redis-py could resubscribe
        clock.now += RESUBSCRIBE_SECONDS
        assert cache.lookup(7)[0] is None  # subscribing again
    if not cache.feed.listening:  # the confirmation is not in yet
        assert heard_once_delivered(cache, 7) is None
    assert cache.feed.listening
    store(cache, 7, {"id": 7})
    assert cache.lookup(7)[0] == {"id": 7}


def test_without_redis_nothing_is_cached_and_nothing_fails(channel):
    cache = ProjectCache(feed_on(f"redis://127.0.0.1:{free_port()}/0", channel))
    store(cache, 7, {"id": 7})
    assert cache.lookup(7) == (None, None)
    cache.changed({7})  # the announcement is lost, and said so in the log
