"""CORS on /api only, through Falcon's own middleware; never with credentials."""

from .test_rate_limit import an_app

ORIGIN = "https://app.example.org"


def preflight(client, path: str, origin: str = ORIGIN):
    return client.simulate_options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, Authorization",
        },
    )


def test_api_responses_allow_any_origin_and_expose_the_rate_limit_headers():
    resp = an_app().simulate_get("/api/category", headers={"Origin": ORIGIN})
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {name.strip() for name in resp.headers["Access-Control-Expose-Headers"].split(",")}
    assert exposed == {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}


def test_credentials_are_never_allowed_cross_origin():
    client = an_app(cors_origins=ORIGIN)
    resp = client.simulate_get("/api/category", headers={"Origin": ORIGIN})
    flight = preflight(client, "/api/taskrun")
    assert "Access-Control-Allow-Credentials" not in resp.headers
    assert "Access-Control-Allow-Credentials" not in flight.headers


def test_account_and_admin_pages_get_no_cors_headers():
    client = an_app()
    page = client.simulate_get("/account/signin", headers={"Origin": ORIGIN})
    flight = preflight(client, "/account/signin")
    assert page.status_code == 200
    assert not any(name.lower().startswith("access-control-") for name in page.headers)
    assert not any(name.lower().startswith("access-control-") for name in flight.headers)


def test_a_preflight_on_an_api_route_names_its_methods_and_the_asked_headers():
    resp = preflight(an_app(), "/api/taskrun")
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert {m.strip() for m in resp.headers["Access-Control-Allow-Methods"].split(",")} >= {
        "GET",
        "POST",
    }
    assert resp.headers["Access-Control-Allow-Headers"] == "Content-Type, Authorization"
    assert resp.headers["Access-Control-Max-Age"] == "86400"


def test_preflights_are_not_counted_against_the_limit():
    client = an_app()
    for _ in range(5):
        preflight(client, "/api/category")
    assert client.simulate_get("/api/category").status_code == 200


def test_configured_origins_are_echoed_and_others_get_nothing():
    client = an_app(cors_origins=f"{ORIGIN}, https://other.example.org")
    allowed = client.simulate_get("/api/category", headers={"Origin": ORIGIN})
    refused = client.simulate_get("/api/category", headers={"Origin": "https://evil.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in allowed.headers["Vary"]
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_a_429_is_readable_cross_origin():
    client = an_app()
    for _ in range(4):
        resp = client.simulate_get("/api/category", headers={"Origin": ORIGIN})
    assert resp.status_code == 429
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
