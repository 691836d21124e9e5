"""The sign-in throttle and signed-out sessions kept in Redis, shared by every process."""

import falcon
import pytest

from adapters.redis_store import RedisSessionRevocations
from entrypoints.settings import Settings
from entrypoints.throttle import AccountThrottle, storage_for


def _throttle(redis_url, redis_prefix) -> AccountThrottle:
    settings = Settings.from_env({"REDIS_URL": redis_url, "REDIS_PREFIX": redis_prefix})
    return AccountThrottle(storage_for(settings), "secret", settings)


def test_failed_sign_ins_counted_by_one_worker_throttle_another(
    redis_url, redis_prefix, redis_client
):
    first, second = (_throttle(redis_url, redis_prefix) for _ in range(2))
    for _ in range(10):
        first.check_sign_in("dana@example.com", "10.0.0.1")
        first.failed_sign_in("dana@example.com", "10.0.0.1")
    with pytest.raises(falcon.HTTPTooManyRequests) as refused:
        second.check_sign_in("DANA@example.com", "10.0.0.2")
    assert int(refused.value.headers["Retry-After"]) >= 1
    second.check_sign_in("other@example.com", "10.0.0.2")
    keys = b" ".join(redis_client.scan_iter(match=redis_prefix + ":*"))
    assert keys and b"dana" not in keys and b"10.0.0.1" not in keys


def test_a_revoked_session_is_revoked_for_every_process(redis_client, redis_prefix):
    one, other = (RedisSessionRevocations(redis_client, redis_prefix) for _ in range(2))
    one.revoke("sid-1", 60)
    assert other.is_revoked("sid-1") and not other.is_revoked("sid-2")
    assert 0 < redis_client.ttl(other.key("sid-1")) <= 60
