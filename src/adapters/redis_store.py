"""Redis TaskStamps, TaskLocks and ServingRecords, shared by every process and host of a deployment.

Keys (`prefix` defaults to "pbf"):
  <prefix>:stamp:<volunteer key>:<task id>    a string with a TTL, one per stamp
  <prefix>:lock:task:<task id>                sorted set holder → expiry (µs, Redis clock)
  <prefix>:lock:held:<project id>:<holder>    sorted set task id → expiry (µs, Redis clock)

Lock expiries are microseconds of the Redis server's own clock (TIME, read inside the
scripts), so hosts whose clocks disagree still agree on which holds are live, and holds taken
one after another never tie (a project's holds share one ttl, so expiry order is hold order).
Each lock key expires (PEXPIREAT) with its last live member, so nothing outlives the holds it
records. The two lock keys of one call are not in one hash slot: Redis Cluster is not
supported. A refused, lost or timed-out connection raises errors.Unavailable.
"""

from collections.abc import Sequence

from adapters.outages import redis_guarded
from pybossa_core import ports

NOW_US = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local after_now = '(' .. string.format('%.0f', now)
"""

# KEYS: task key, held key; ARGV: holder, task id, limit, ttl seconds. Returns 1 or 0.
ACQUIRE = (
    NOW_US
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1])
        and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
    return 0
end
local expiry = now + tonumber(ARGV[4]) * 1000000
redis.call('ZADD', KEYS[1], expiry, ARGV[1])
redis.call('ZADD', KEYS[2], expiry, ARGV[2])
for _, key in ipairs(KEYS) do
    local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
    redis.call('PEXPIREAT', key, string.format('%.0f', math.ceil(tonumber(last[2]) / 1000)))
end
return 1
"""
)

# KEYS: held key. Returns the live task ids, earliest expiry first.
HELD = (
    NOW_US
    + """
return redis.call('ZRANGEBYSCORE', KEYS[1], after_now, '+inf')
"""
)

# KEYS: task key. Returns the number of live holders.
HOLDERS = (
    NOW_US
    + """
return redis.call('ZCOUNT', KEYS[1], after_now, '+inf')
"""
)


def _check_ttl(ttl_seconds: int) -> None:
    if ttl_seconds < 1:
        raise ValueError(f"ttl_seconds must be at least 1, not {ttl_seconds}")


class RedisTaskStamps(ports.TaskStamps):
    """One key per (volunteer, task) set with EX ttl; a stamp is live while its key exists."""

    def __init__(self, client, prefix: str = "pbf") -> None:
        self.client = client
        self.prefix = prefix

    def key(self, volunteer_key: str, task_id: int) -> str:
        return f"{self.prefix}:stamp:{volunteer_key}:{int(task_id)}"

    @redis_guarded
    def stamp(self, volunteer_key: str, task_ids: Sequence[int], ttl_seconds: int) -> None:
        _check_ttl(ttl_seconds)
        if not task_ids:
            return
        pipeline = self.client.pipeline(transaction=False)
        for task_id in task_ids:
            pipeline.set(self.key(volunteer_key, task_id), 1, ex=ttl_seconds)
        pipeline.execute()

    @redis_guarded
    def is_stamped(self, volunteer_key: str, task_id: int) -> bool:
        return self.client.exists(self.key(volunteer_key, task_id)) == 1

    @redis_guarded
    def clear(self, volunteer_key: str, task_id: int) -> None:
        self.client.delete(self.key(volunteer_key, task_id))


class RedisTaskLocks(ports.TaskLocks):
    """Holds as sorted sets per task and per (project, holder), changed by Lua scripts."""

    def __init__(self, client, prefix: str = "pbf") -> None:
        self.client = client
        self.prefix = prefix
        self._acquire = client.register_script(ACQUIRE)
        self._held = client.register_script(HELD)
        self._holders = client.register_script(HOLDERS)

    def task_key(self, task_id: int) -> str:
        return f"{self.prefix}:lock:task:{int(task_id)}"

    def held_key(self, project_id: int, holder: str) -> str:
        return f"{self.prefix}:lock:held:{int(project_id)}:{holder}"

    @redis_guarded
    def acquire(
        self, project_id: int, task_id: int, holder: str, limit: int, ttl_seconds: int
    ) -> bool:
        _check_ttl(ttl_seconds)
        keys = [self.task_key(task_id), self.held_key(project_id, holder)]
        args = [holder, int(task_id), int(limit), int(ttl_seconds)]
        return self._acquire(keys=keys, args=args) == 1

    @redis_guarded
    def release(self, project_id: int, task_id: int, holder: str) -> None:
        pipeline = self.client.pipeline(transaction=True)
        self.queue_release(pipeline, project_id, task_id, holder)
        pipeline.execute()

    def queue_release(self, pipeline, project_id: int, task_id: int, holder: str) -> None:
        """Add what `release` does to a pipeline that another call executes."""
        pipeline.zrem(self.task_key(task_id), holder)
        pipeline.zrem(self.held_key(project_id, holder), int(task_id))

    @redis_guarded
    def held(self, project_id: int, holder: str) -> list[int]:
        return [int(task_id) for task_id in self._held(keys=[self.held_key(project_id, holder)])]

    @redis_guarded
    def holders(self, task_id: int) -> int:
        return int(self._holders(keys=[self.task_key(task_id)]))


class RedisServingRecords(ports.ServingRecords):
    """The stamp and the hold of an answered task, dropped in one round trip (MULTI/EXEC)."""

    def __init__(self, stamps: RedisTaskStamps, locks: RedisTaskLocks) -> None:
        if stamps.client is not locks.client:
            raise ValueError("stamps and locks must share one Redis client")
        self.stamps, self.locks = stamps, locks

    @redis_guarded
    def forget(self, project_id: int, task_id: int, volunteer_key: str) -> None:
        pipeline = self.stamps.client.pipeline(transaction=True)
        pipeline.delete(self.stamps.key(volunteer_key, task_id))
        self.locks.queue_release(pipeline, project_id, task_id, volunteer_key)
        pipeline.execute()


class RedisSessionRevocations(ports.SessionRevocations):
    """One key per signed-out session, set with EX ttl (the cookie's life), then gone."""

    def __init__(self, client, prefix: str = "pbf") -> None:
        self.client = client
        self.prefix = prefix

    def key(self, session_id: str) -> str:
        return f"{self.prefix}:session:revoked:{session_id}"

    @redis_guarded
    def revoke(self, session_id: str, ttl_seconds: int) -> None:
        _check_ttl(ttl_seconds)
        self.client.set(self.key(session_id), 1, ex=ttl_seconds)

    @redis_guarded
    def is_revoked(self, session_id: str) -> bool:
        return self.client.exists(self.key(session_id)) == 1
