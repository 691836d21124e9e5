"""The per-process project cache: what it keeps, when it forgets, and the read/change race."""

from adapters.project_cache import ChangeFeed, LocalChangeFeed, ProjectCache, uncached


class Bus:
    """Announcements between the caches of several 'processes', delivered when each one next
    looks (as Redis pub/sub delivers them to the subscription socket)."""

    def __init__(self) -> None:
        self.feeds: list[BusFeed] = []


class BusFeed(ChangeFeed):
    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self.inbox: list[set[int] | None] = []
        self.up = True
        bus.feeds.append(self)

    def announce(self, project_ids: set[int]) -> None:
        for feed in self.bus.feeds:
            if feed is not self:
                feed.inbox.append(set(project_ids))

    def received(self) -> set[int] | None:
        if not self.up:
            return None
        heard, self.inbox = self.inbox, []
        if any(item is None for item in heard):
            return None
        return set().union(*heard)

    @property
    def listening(self) -> bool:
        return self.up


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def cached(cache: ProjectCache, project_id: int) -> dict | None:
    return cache.lookup(project_id)[0]


def read_and_store(cache: ProjectCache, project_id: int, row: dict) -> None:
    _, generation = cache.lookup(project_id)
    cache.store(project_id, row, generation)


def test_a_stored_row_is_served_until_the_project_changes():
    cache = ProjectCache(LocalChangeFeed())
    assert cached(cache, 7) is None
    read_and_store(cache, 7, {"id": 7, "published": True})
    assert cached(cache, 7) == {"id": 7, "published": True}
    cache.changed({7})
    assert cached(cache, 7) is None


def test_a_change_committed_in_one_process_is_forgotten_in_the_others():
    bus = Bus()
    here, there = ProjectCache(BusFeed(bus)), ProjectCache(BusFeed(bus))
    for cache in (here, there):
        read_and_store(cache, 7, {"id": 7, "secret_key": "old"})
        read_and_store(cache, 8, {"id": 8})
    here.changed({7})
    assert cached(there, 7) is None and cached(here, 7) is None
    assert cached(there, 8) == {"id": 8}


def test_a_row_read_before_a_change_elsewhere_is_not_kept():
    bus = Bus()
    reader, writer = ProjectCache(BusFeed(bus)), ProjectCache(BusFeed(bus))
    _, generation = reader.lookup(7)  # miss: the reader goes to the database
    stale = {"id": 7, "secret_key": "old"}  # ... and reads the row as it was
    writer.changed({7})  # meanwhile another process commits a change
    reader.store(7, stale, generation)
    assert cached(reader, 7) is None


def test_a_row_read_before_a_change_here_is_not_kept():
    cache = ProjectCache(LocalChangeFeed())
    _, generation = cache.lookup(7)
    cache.changed({7})
    cache.store(7, {"id": 7, "secret_key": "old"}, generation)
    assert cached(cache, 7) is None


def test_rows_expire():
    clock = Clock()
    cache = ProjectCache(LocalChangeFeed(), ttl_seconds=30, clock=clock)
    read_and_store(cache, 7, {"id": 7})
    clock.now += 29
    assert cached(cache, 7) == {"id": 7}
    clock.now += 2
    assert cached(cache, 7) is None


def test_nothing_is_cached_while_announcements_cannot_be_heard():
    bus = Bus()
    feed = BusFeed(bus)
    cache = ProjectCache(feed)
    feed.up = False
    assert cache.lookup(7) == (None, None)
    read_and_store(cache, 7, {"id": 7})
    assert cached(cache, 7) is None


def test_everything_is_forgotten_when_announcements_may_have_been_missed():
    bus = Bus()
    feed = BusFeed(bus)
    cache = ProjectCache(feed)
    read_and_store(cache, 7, {"id": 7})
    read_and_store(cache, 8, {"id": 8})
    feed.inbox.append(None)  # the subscription was lost and is back
    assert cached(cache, 7) is None and cached(cache, 8) is None
    read_and_store(cache, 7, {"id": 7})
    assert cached(cache, 7) == {"id": 7}


def test_the_oldest_row_makes_room_for_a_new_one():
    cache = ProjectCache(LocalChangeFeed(), max_entries=2)
    for project_id in (1, 2, 3):
        read_and_store(cache, project_id, {"id": project_id})
    assert [cached(cache, project_id) for project_id in (1, 2, 3)] == [None, {"id": 2}, {"id": 3}]


def test_the_uncached_default_keeps_nothing():
    cache = uncached()
    read_and_store(cache, 7, {"id": 7})
    assert cached(cache, 7) is None
