"""The routes reserve the user names their /account/ paths take, and the project short names
their /project/ paths take, so none can be shadowed."""

from entrypoints import routes
from entrypoints.openapi import registered_routes
from entrypoints.wsgi import create_app
from http_accounts import Browser
from http_contract import make_api_client
from pybossa_core.projects import RESERVED_SHORT_NAMES

from .fakes.app import fake_services

# The names reserved by hand before they were derived from the routes: they must stay so.
RESERVED_BEFORE = {
    "profile",
    "register",
    "signin",
    "signout",
    "forgot-password",
    "reset-password",
    "confirm-email",
    "newsletter",
    "page",
}


def test_a_literal_segment_after_account_is_reserved_and_a_placeholder_is_not():
    templates = [
        "/account",
        "/account/{name}/projects",
        "/account/new-thing/{id}",
        "/account/Upper",
        "/accountant/x",
        "/api/account/other",
    ]
    assert routes.reserved_user_names(templates) == {"new-thing", "upper"}


def test_no_user_may_register_under_a_literal_account_route_segment():
    services = fake_services({"rate_limit_enabled": False})
    api = make_api_client(create_app(services), services)
    literal = {
        route.template.split("/")[2]
        for route in registered_routes(api.client.app)
        if route.template.startswith("/account/")
    } - {"{name}"}
    assert RESERVED_BEFORE.issubset(literal)
    browser = Browser(api)
    browser.get("/account/register")
    for name in sorted(literal):
        resp = browser.post(
            "/account/register",
            {
                "name": name,
                "fullname": "Dana Scully",
                "email_addr": "dana@example.com",
                "password": "s3cret-password",
                "confirm": "s3cret-password",
            },
        )
        assert resp.json["form"]["errors"] == {"name": ["The user name is already taken"]}, name


def test_no_project_may_take_a_literal_project_route_segment():
    services = fake_services({"rate_limit_enabled": False})
    api = make_api_client(create_app(services), services)
    literal = {
        route.template.split("/")[2].lower()
        for route in registered_routes(api.client.app)
        if route.template.startswith("/project/")
    } - {"{short_name}"}
    assert "new" in literal and literal <= RESERVED_SHORT_NAMES
    category = {"name": "Any", "short_name": "any"}
    assert api.call("POST", "/api/category", api.admin_key, category).status_code == 200
    body = {"name": "Shadowed", "description": "d"}
    for short_name in sorted(RESERVED_SHORT_NAMES):
        for cased in (short_name, short_name.upper()):
            created = api.call("POST", "/api/project", api.owner_key, {**body, "short_name": cased})
            assert created.status_code == 400 and "short_name" in created.json["errors"], cased
        form = api.call("POST", "/project/new", api.owner_key, {**body, "short_name": short_name})
        assert list(form.json["form"]["errors"]) == ["short_name"]
