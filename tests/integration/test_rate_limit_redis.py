"""With REDIS_URL the rate limit is one count for every gunicorn worker (and host)."""

import threading

import requests

from .live_server import server_env, serving

# An hour, not a minute: the requests of one test fall in one window unless started within
# a fraction of a second of the hour.
LIMIT = "5/hour"


def test_the_limit_holds_across_two_workers(database_url, tmp_path, redis_url, redis_prefix):
    env = server_env(
        database_url,
        tmp_path / "uploads",
        WEB_CONCURRENCY="2",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        RATE_LIMIT=LIMIT,
    )
    with serving(env) as base:
        answers = _at_once(f"{base}/api/category", 10)
        other_route = _get(f"{base}/api/project")
    assert sorted(resp.status_code for resp in answers) == [200] * 5 + [429] * 5
    assert sorted(resp.headers["X-RateLimit-Remaining"] for resp in answers) == ["0"] * 6 + [
        "1",
        "2",
        "3",
        "4",
    ]
    assert len({resp.headers["X-RateLimit-Reset"] for resp in answers}) == 1
    assert other_route.status_code == 200
    assert other_route.headers["X-RateLimit-Remaining"] == "4"


def test_the_sixth_request_in_a_row_is_refused(database_url, tmp_path, redis_url, redis_prefix):
    env = server_env(
        database_url,
        tmp_path / "uploads",
        WEB_CONCURRENCY="2",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        RATE_LIMIT=LIMIT,
    )
    with serving(env) as base:
        answers = [_get(f"{base}/api/category") for _ in range(6)]
    assert [resp.status_code for resp in answers] == [200] * 5 + [429]
    assert [resp.headers["X-RateLimit-Remaining"] for resp in answers] == [
        "4",
        "3",
        "2",
        "1",
        "0",
        "0",
    ]
    assert answers[5].json()["exception_cls"] == "TooManyRequests"
    assert answers[5].json()["target"] == "/api/category"


def test_newtasks_three_paths_share_one_budget_across_workers(
    database_url, tmp_path, redis_url, redis_prefix
):
    env = server_env(
        database_url,
        tmp_path / "uploads",
        WEB_CONCURRENCY="2",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        RATE_LIMIT=LIMIT,
    )
    paths = ["/api/project/1/newtask", "/api/app/1/newtask", "/api/1/newtask"] * 2
    with serving(env) as base:
        answers = [_get(base + path) for path in paths]
    assert [resp.status_code for resp in answers][5] == 429
    assert [resp.headers["X-RateLimit-Remaining"] for resp in answers] == [
        "4",
        "3",
        "2",
        "1",
        "0",
        "0",
    ]


def test_the_counters_live_under_the_prefix_without_the_address(
    database_url, tmp_path, redis_url, redis_prefix, redis_client
):
    env = server_env(
        database_url,
        tmp_path / "uploads",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        RATE_LIMIT=LIMIT,
    )
    with serving(env) as base:
        _get(f"{base}/api/category")
    keys = [key.decode() for key in redis_client.scan_iter(match=f"{redis_prefix}:ratelimit:*")]
    assert len(keys) == 1 and "/api/category/" in keys[0]
    assert "127.0.0.1" not in keys[0]


def _get(url: str) -> requests.Response:
    """A GET on a new connection, so the kernel may hand it to either worker."""
    with requests.Session() as session:
        return session.get(url, headers={"Connection": "close"}, timeout=30)


def _at_once(url: str, count: int) -> list[requests.Response]:
    """`count` GETs sent together: a sync worker serves one at a time, so both workers answer."""
    start, answers = threading.Barrier(count), []

    def send() -> None:
        start.wait()
        answers.append(_get(url))

    threads = [threading.Thread(target=send) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == count
    return answers
