"""Telling a GET another site made a browser send from one made on this site or typed."""

import pytest
from falcon import testing

from entrypoints.cross_site import cross_site_reason, ensure_same_origin, origin_of
from entrypoints.wsgi import create_app
from pybossa_core import errors

from .fakes.app import fake_services


def request(
    headers: dict, host: str = "crowd.example.org", scheme: str = "https", port: int | None = None
):
    return testing.create_req(
        path="/account/signout", host=host, scheme=scheme, port=port, headers=headers
    )


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Crowd.Example.org", ("https", "crowd.example.org", 443)),
        ("https://crowd.example.org:443/page?x=1", ("https", "crowd.example.org", 443)),
        ("http://crowd.example.org", ("http", "crowd.example.org", 80)),
        ("http://[::1]:8080/", ("http", "::1", 8080)),
        ("null", None),
        ("", None),
        ("ftp://crowd.example.org", None),
        ("https://crowd.example.org:port/", None),
        ("https://", None),
    ],
)
def test_an_origin_is_scheme_host_and_port_with_the_default_port_filled_in(url, origin):
    assert origin_of(url) == origin


def test_nothing_cross_site_is_seen_without_the_browser_headers():
    assert cross_site_reason(request({})) is None


@pytest.mark.parametrize("site", ["cross-site", "same-site", "Cross-Site", "something-new"])
def test_fetch_metadata_other_than_same_origin_or_none_is_cross_site(site):
    assert site.lower() in cross_site_reason(request({"Sec-Fetch-Site": site}))


def test_the_request_own_origin_counts_its_port():
    req = request({"Origin": "http://127.0.0.1:8080"}, host="127.0.0.1", scheme="http", port=8080)
    assert cross_site_reason(req) is None
    other_port = request(
        {"Origin": "http://127.0.0.1:9090"}, host="127.0.0.1", scheme="http", port=8080
    )
    assert cross_site_reason(other_port) == "Origin of another origin"


def test_behind_a_proxy_the_public_url_is_this_site_too():
    """The balancer talks to gunicorn as http://app:8080; browsers see PUBLIC_URL."""
    req = request(
        {"Referer": "https://crowd.example.org/admin/users"}, host="app", scheme="http", port=8080
    )
    assert cross_site_reason(req) == "Referer of another origin"
    assert cross_site_reason(req, "https://crowd.example.org") is None
    assert cross_site_reason(req, "https://other.example.org") is not None


def test_a_cross_site_request_is_forbidden_naming_the_resource():
    req = request({"Origin": "https://evil.example"})
    req.context.target = "admin"
    with pytest.raises(errors.Forbidden, match="another site") as refused:
        ensure_same_origin(req)
    assert refused.value.target == "admin"
    ensure_same_origin(request({"Origin": "https://crowd.example.org"}))


def test_https_to_the_same_host_counts_as_this_site_when_the_balancer_ends_tls():
    """The browser is on https://crowd.example.org; gunicorn was spoken to in plain http."""
    for referer in ("https://crowd.example.org/admin/users", "http://crowd.example.org/"):
        assert cross_site_reason(request({"Referer": referer}, scheme="http")) is None
    assert (
        cross_site_reason(
            request({"Referer": "https://crowd.example.org:8443/"}, scheme="http", port=8443)
        )
        is None
    )
    for foreign in ("https://crowd.example.org:8443/", "https://evil.crowd.example.org/"):
        assert cross_site_reason(request({"Referer": foreign}, scheme="http")) is not None
    downgraded = request({"Referer": "http://crowd.example.org/"}, scheme="https")
    assert cross_site_reason(downgraded) == "Referer of another origin"


def test_the_state_changing_gets_take_public_url_as_this_site():
    """GET /account/signout from a page of PUBLIC_URL, while the server is reached under
    another address (TestClient's falconframework.org), is not refused; another origin is."""
    app = create_app(fake_services({"public_url": "https://crowd.example.org"}))
    client = testing.TestClient(app)
    own = client.simulate_get("/account/signout", headers={"Origin": "https://crowd.example.org"})
    assert own.status_code == 200 and own.json["status"] == "success"
    other = client.simulate_get("/account/signout", headers={"Origin": "https://evil.example"})
    assert other.status_code == 403 and "another site" in other.json["description"]
