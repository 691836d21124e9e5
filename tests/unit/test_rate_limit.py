"""Rate limiting of /api over fakes: headers, the 429, counters per route and client, windows."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from falcon import testing
from limits.storage import MemoryStorage

from entrypoints.ratelimit import RateLimits
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app

from . import builders
from .fakes import (
    FakeUnitOfWork,
)
from .fakes.app import SECRET, fake_services

# 14:15:10 UTC on the day PYBOSSA was recorded; its minute ends at WINDOW_END.
START = datetime(2026, 11, 23, 14, 15, 10)
WINDOW_END = 1795443360
LIMIT_BODY_KEYS = {"action", "status", "status_code", "target", "exception_cls", "exception_msg"}


class Clock:
    """The services' clock (naive UTC datetimes), moved by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def an_app(clock: Clock | None = None, uow: FakeUnitOfWork | None = None, **settings):
    """A TestClient over fakes allowing three requests a minute unless told otherwise."""
    settings = {"rate_limit": "3/minute", **settings}
    services = fake_services(settings, uow=uow, clock=clock or Clock())
    return testing.TestClient(create_app(services))


def limit_headers(resp) -> tuple[str, str, str]:
    return tuple(
        resp.headers.get(f"X-RateLimit-{name}") for name in ("Limit", "Remaining", "Reset")
    )


def test_get_head_and_post_on_api_carry_the_limit_the_remainder_and_the_window_end():
    client = an_app()
    got = client.simulate_get("/api/category")
    head = client.simulate_head("/api/category")
    posted = client.simulate_post("/api/category", json={"name": "Birds", "short_name": "birds"})
    assert got.status_code == 200 and head.status_code == 200
    assert posted.status_code == 401
    assert limit_headers(got) == ("3", "2", str(WINDOW_END))
    assert limit_headers(head) == ("3", "1", str(WINDOW_END))
    assert limit_headers(posted) == ("3", "0", str(WINDOW_END))


def test_error_responses_carry_the_headers_too():
    resp = an_app().simulate_get("/api/project/999")
    assert resp.status_code == 404
    assert limit_headers(resp) == ("3", "2", str(WINDOW_END))


def test_the_request_over_the_limit_is_a_429_in_pybossas_error_body():
    client = an_app()
    for _ in range(3):
        assert client.simulate_get("/api/category").status_code == 200
    resp = client.simulate_get("/api/category", params={"limit": "5"})
    assert resp.status_code == 429
    assert set(resp.json) == LIMIT_BODY_KEYS
    assert resp.json["action"] == "GET" and resp.json["status"] == "failed"
    assert resp.json["status_code"] == 429 and resp.json["target"] == "/api/category"
    assert resp.json["exception_cls"] == "TooManyRequests"
    assert "exceeded an allotted request count" in resp.json["exception_msg"]
    assert limit_headers(resp) == ("3", "0", str(WINDOW_END))
    assert resp.headers["Retry-After"] == "50"


def test_a_head_over_the_limit_is_a_429_with_the_headers():
    client = an_app()
    for _ in range(3):
        client.simulate_head("/api/category")
    resp = client.simulate_head("/api/category")
    assert resp.status_code == 429
    assert limit_headers(resp) == ("3", "0", str(WINDOW_END))


def test_the_request_over_the_limit_does_not_reach_the_responder():
    uow = FakeUnitOfWork()
    admin = builders.an_admin(uow)
    client = an_app(uow=uow)
    for _ in range(3):
        client.simulate_get("/api/category")
    resp = client.simulate_post(
        "/api/category",
        params={"api_key": admin.api_key},
        json={"name": "Birds", "short_name": "birds"},
    )
    assert resp.status_code == 429
    assert client.simulate_get("/api/category/1").status_code == 404


def test_every_method_of_one_route_shares_a_counter():
    client = an_app()
    client.simulate_get("/api/category")
    client.simulate_head("/api/category")
    client.simulate_post("/api/category", json={})
    assert client.simulate_get("/api/category").status_code == 429


def test_each_route_has_its_own_counter():
    client = an_app()
    for _ in range(4):
        client.simulate_get("/api/category")
    other = client.simulate_get("/api/project")
    item = client.simulate_get("/api/category/1")
    assert other.status_code == 200 and limit_headers(other)[1] == "2"
    assert item.status_code == 404 and limit_headers(item)[1] == "2"


def test_the_ids_in_one_route_share_its_counter():
    client = an_app()
    for object_id in (1, 2, 3):
        client.simulate_get(f"/api/category/{object_id}")
    assert client.simulate_get("/api/category/4").status_code == 429


def test_the_paths_of_one_operation_share_its_budget():
    """newtask's three paths and /api/app beside /api/project: rotating paths buys nothing."""
    client = an_app()
    for path in ("/api/project/1/newtask", "/api/app/1/newtask", "/api/1/newtask"):
        assert client.simulate_get(path).status_code != 429
    assert client.simulate_get("/api/project/1/newtask").status_code == 429
    assert client.simulate_get("/api/1/newtask").status_code == 429
    for path in ("/api/project", "/api/app", "/api/project"):
        assert client.simulate_get(path).status_code == 200
    assert client.simulate_get("/api/app").status_code == 429
    assert client.simulate_get("/api/task").status_code == 200  # other operations are apart


def test_the_limit_is_per_client_address():
    client = an_app()
    for _ in range(4):
        client.simulate_get("/api/category", remote_addr="10.0.0.1")
    other = client.simulate_get("/api/category", remote_addr="10.0.0.2")
    assert other.status_code == 200 and limit_headers(other)[1] == "2"
    assert client.simulate_get("/api/category", remote_addr="10.0.0.1").status_code == 429


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_counter():
    client = an_app(trusted_proxy_hops=1)
    for _ in range(3):
        client.simulate_get(
            "/api/category", remote_addr="10.9.9.9", headers={"X-Forwarded-For": "203.0.113.7"}
        )
    other = client.simulate_get(
        "/api/category", remote_addr="10.9.9.9", headers={"X-Forwarded-For": "198.51.100.4"}
    )
    assert other.status_code == 200 and limit_headers(other)[1] == "2"


def test_a_client_cannot_escape_its_counter_by_forging_forwarded_addresses():
    client = an_app(trusted_proxy_hops=1)
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"):
        resp = client.simulate_get(
            "/api/category",
            remote_addr="10.9.9.9",
            headers={"X-Forwarded-For": f"{forged}, 203.0.113.7"},
        )
    assert resp.status_code == 429


def test_without_trusted_proxies_forwarded_addresses_are_ignored():
    client = an_app()
    for n in range(4):
        resp = client.simulate_get("/api/category", headers={"X-Forwarded-For": f"10.0.0.{n}"})
    assert resp.status_code == 429


def test_a_new_window_starts_at_the_reset_time_with_a_fresh_count():
    clock = Clock()
    client = an_app(clock)
    for _ in range(4):
        client.simulate_get("/api/category")
    clock.advance(50)
    resp = client.simulate_get("/api/category")
    assert resp.status_code == 200
    assert limit_headers(resp) == ("3", "2", str(WINDOW_END + 60))


def test_the_last_moment_of_a_window_still_counts_in_it():
    clock = Clock()
    client = an_app(clock)
    for _ in range(3):
        client.simulate_get("/api/category")
    clock.advance(49.999)
    resp = client.simulate_get("/api/category")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "1"


def test_account_forms_are_counted_like_the_api():
    client = an_app()
    for _ in range(4):
        resp = client.simulate_get("/account/signin")
    assert resp.status_code == 429 and "Retry-After" in resp.headers


def test_other_paths_are_neither_counted_nor_given_the_headers():
    client = an_app()
    for _ in range(4):
        resp = client.simulate_get("/project/category/featured")
    assert resp.status_code != 429
    assert limit_headers(resp) == (None, None, None)


def test_switched_off_nothing_is_counted():
    client = an_app(rate_limit_enabled=False)
    for _ in range(4):
        resp = client.simulate_get("/api/category")
    assert resp.status_code == 200
    assert limit_headers(resp) == (None, None, None)


def test_windows_are_aligned_to_multiples_of_the_period_as_pybossa_recorded():
    counters = RateLimits(MemoryStorage(), "300/15minutes", SECRET)
    first = counters.hit("/api/announcement", "127.0.0.1", 1795443313.0)
    last = counters.hit("/api/announcement", "127.0.0.1", 1795444199.9)
    next_window = counters.hit("/api/announcement", "127.0.0.1", 1795444200.0)
    assert (first.reset, first.remaining) == (1795444200, 299)
    assert (last.reset, last.remaining) == (1795444200, 298)
    assert (next_window.reset, next_window.remaining) == (1795445100, 299)


def test_the_limit_allows_exactly_its_amount_per_window():
    counters = RateLimits(MemoryStorage(), "2/hour", SECRET)
    verdicts = [counters.hit("/api/task", "10.0.0.1", 7200.0 + n) for n in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert [v.remaining for v in verdicts] == [1, 0, 0]
    assert verdicts[2].retry_after(7202.0) == 3598


@pytest.mark.parametrize("text", ["lots", "3/fortnight", ""])
def test_a_malformed_rate_limit_stops_the_app_from_starting(text):
    with pytest.raises(ValueError):
        an_app(rate_limit=text)


def test_the_settings_default_to_pybossas_limit_any_origin_and_no_trusted_proxy():
    settings = Settings.from_env({}, base_dir=Path("/srv"))
    assert settings.rate_limit == "300/15minutes" and settings.rate_limit_enabled
    assert settings.trusted_proxy_hops == 0 and settings.cors_origins == "*"


def test_the_settings_are_read_from_the_environment():
    settings = Settings.from_env(
        {
            "RATE_LIMIT": "100/minute",
            "RATE_LIMIT_ENABLED": "false",
            "TRUSTED_PROXY_HOPS": "2",
            "CORS_ORIGINS": "https://a.example",
        },
        base_dir=Path("/srv"),
    )
    assert (settings.rate_limit, settings.rate_limit_enabled) == ("100/minute", False)
    assert settings.trusted_proxy_hops == 2 and settings.cors_origins == "https://a.example"


def test_a_negative_number_of_trusted_proxies_is_refused():
    with pytest.raises(ValueError, match="TRUSTED_PROXY_HOPS"):
        Settings.from_env({"TRUSTED_PROXY_HOPS": "-1"}, base_dir=Path("/srv"))
