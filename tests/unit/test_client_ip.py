"""client_ip: X-Forwarded-For is believed for exactly the configured number of proxy hops."""

import pytest
from falcon import testing

from entrypoints.client_ip import client_ip

from . import builders
from .fakes import FakeUnitOfWork
from .test_rate_limit import an_app


def a_request(forwarded: str | None = None, remote_addr: str = "10.9.9.9"):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return testing.create_req(headers=headers, remote_addr=remote_addr)


def test_without_trusted_proxies_the_peer_address_is_the_client():
    assert client_ip(a_request("203.0.113.7"), 0) == "10.9.9.9"


def test_one_trusted_proxy_means_the_rightmost_forwarded_address():
    assert client_ip(a_request("198.51.100.1, 203.0.113.7"), 1) == "203.0.113.7"


def test_two_trusted_proxies_mean_the_second_address_from_the_right():
    assert client_ip(a_request("198.51.100.1, 203.0.113.7, 10.0.0.2"), 2) == "203.0.113.7"


def test_addresses_a_client_puts_in_front_are_never_trusted():
    spoofed = a_request("6.6.6.6, 7.7.7.7, 8.8.8.8, 203.0.113.7, 10.0.0.2")
    assert client_ip(spoofed, 2) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", [None, "", "203.0.113.7"])
def test_fewer_forwarded_addresses_than_trusted_hops_fall_back_to_the_peer(forwarded):
    assert client_ip(a_request(forwarded), 2) == "10.9.9.9"


@pytest.mark.parametrize("forwarded", ["unknown", "203.0.113.7:4711", "  , "])
def test_an_entry_that_is_not_an_address_falls_back_to_the_peer(forwarded):
    assert client_ip(a_request(forwarded), 1) == "10.9.9.9"


def test_ipv6_addresses_are_written_one_way():
    assert client_ip(a_request("2001:DB8:0:0::1"), 1) == "2001:db8::1"


def test_spaces_around_entries_do_not_matter():
    assert client_ip(a_request("198.51.100.1 ,  203.0.113.7 "), 1) == "203.0.113.7"


def test_behind_a_trusted_proxy_anonymous_volunteers_are_told_apart_by_forwarded_address():
    uow = FakeUnitOfWork()
    project = builders.a_published_project(uow, builders.a_user(uow))
    task = builders.a_task(uow, project)
    client = an_app(uow=uow, trusted_proxy_hops=1, rate_limit_enabled=False)
    served = client.simulate_get(f"/api/project/{project.id}/newtask", **_via_proxy("203.0.113.7"))
    body = {"project_id": project.id, "task_id": task.id, "info": {"answer": "yes"}}
    other = client.simulate_post("/api/taskrun", json=body, **_via_proxy("198.51.100.4"))
    same = client.simulate_post("/api/taskrun", json=body, **_via_proxy("203.0.113.7"))
    assert served.json["id"] == task.id
    assert other.status_code == 403
    assert other.json["exception_msg"] == "You must request a task first!"
    assert same.status_code == 200


def _via_proxy(address: str) -> dict:
    return {"remote_addr": "10.9.9.9", "headers": {"X-Forwarded-For": f"6.6.6.6, {address}"}}
