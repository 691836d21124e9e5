"""GET /api/openapi.json describes every /api route and method as a valid OpenAPI 3 document."""

import json
import re

import pytest
from falcon import testing
from openapi_spec_validator import validate

from entrypoints import openapi, openapi_views
from entrypoints.resources.base import Resource
from entrypoints.wsgi import create_app

from .fakes.app import fake_services

FAILURES = ("400", "401", "403", "404", "405", "409", "415", "429")


class Extra(Resource):
    def on_get(self, req, resp) -> None:
        resp.media = {}

    def on_delete_thing(self, req, resp) -> None:
        resp.media = {}


@pytest.fixture
def app():
    return create_app(fake_services())


@pytest.fixture
def document(app) -> dict:
    resp = testing.TestClient(app).simulate_get("/api/openapi.json")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/json")
    return resp.json


def test_every_api_route_is_in_the_document_with_every_method_its_resource_answers(app, document):
    routes = openapi.registered_routes(app)
    assert openapi.missing_operations(document, routes) == []
    assert set(document["paths"]) == {route.template for route in openapi.documented_routes(routes)}
    assert "/project/{short_name}/update" in document["paths"]


def test_the_check_reports_a_route_left_out_of_the_document(app):
    routes = openapi.registered_routes(app)
    without_vmcp = [route for route in routes if route.template != "/api/vmcp"]
    assert len(without_vmcp) == len(routes) - 1
    document = openapi.build_document(without_vmcp)
    assert openapi.missing_operations(document, routes) == ["GET /api/vmcp"]


def test_the_check_reports_a_method_left_out_of_the_document(app):
    routes = openapi.registered_routes(app)
    trimmed = [
        openapi.Route(r.template, r.resource, tuple(m for m in r.methods if m != "DELETE"))
        if r.template == "/api/task/{object_id}"
        else r
        for r in routes
    ]
    document = openapi.build_document(trimmed)
    assert openapi.missing_operations(document, routes) == ["DELETE /api/task/{object_id}"]


def test_routes_added_after_routes_py_are_found_on_the_router(app):
    app.add_route("/api/extra", Extra())
    app.add_route("/account/extra", Extra())
    templates = {route.template: route.methods for route in openapi.registered_routes(app)}
    assert templates["/api/extra"] == ("GET",)
    assert "/account/extra" in templates
    paths = openapi.build_document(openapi.registered_routes(app))["paths"]
    assert paths["/account/extra"]["get"]["tags"] == ["web views"]  # a web view, by docstring
    assert "delete" not in paths["/account/extra"]


def test_methods_are_the_resources_own_responders_not_falcons_defaults(document):
    assert set(document["paths"]["/api/vmcp"]) == {"get"}
    assert set(document["paths"]["/api/project"]) == {"get", "head", "post"}
    assert set(document["paths"]["/api/project/{object_id}"]) == {"get", "head", "put", "delete"}


def test_the_document_is_a_valid_openapi_3_document(document):
    validate(document)
    assert document["openapi"].startswith("3.0")


def test_the_document_is_built_once_per_app(app):
    resource = next(
        route.resource
        for route in openapi.registered_routes(app)
        if route.template == "/api/openapi.json"
    )
    client = testing.TestClient(app)
    first = client.simulate_get("/api/openapi.json").content
    assert resource.body() is resource.body()
    assert client.simulate_get("/api/openapi.json").content == first


def test_list_operations_take_paging_controls_api_key_and_the_kind_filters(document):
    names = {p["name"] for p in document["paths"]["/api/task"]["get"]["parameters"]}
    assert {
        "limit",
        "offset",
        "last_id",
        "orderby",
        "desc",
        "info",
        "fulltextsearch",
        "all",
        "related",
        "api_key",
    } <= names
    assert {"project_id", "state", "n_answers", "priority_0"} <= names
    orderby = next(
        p for p in document["paths"]["/api/task"]["get"]["parameters"] if p["name"] == "orderby"
    )
    assert "created" in orderby["schema"]["enum"] and "state" in orderby["schema"]["enum"]


def test_path_parameters_come_from_the_template(document):
    parameters = document["paths"]["/api/project/{object_id}/newtask"]["get"]["parameters"]
    assert {
        "name": "object_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    } in parameters


def test_bodies_are_the_input_schemas_and_answers_the_output_schemas(document):
    post = document["paths"]["/api/project"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ProjectCreate"
    }
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ProjectOut"
    }
    create = document["components"]["schemas"]["ProjectCreate"]
    assert set(create["required"]) == {"name", "short_name", "description"}
    assert create["additionalProperties"] is False
    listed = document["paths"]["/api/project"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"]["type"] == "array"
    upload = document["paths"]["/api/helpingmaterial"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"


def test_every_operation_documents_the_error_envelope_for_its_failures(document):
    envelope = document["components"]["schemas"]["ErrorEnvelope"]
    assert {"status", "action", "target", "exception_cls", "exception_msg", "status_code"} <= set(
        envelope["required"]
    )
    for path, item in document["paths"].items():
        if not path.startswith("/api"):
            continue  # the web views: test_web_views_document_..._view_error_body
        for method, operation in item.items():
            for status in FAILURES:
                assert operation["responses"][status] == {
                    "$ref": "#/components/responses/Failure"
                }, f"{method} {path} {status}"
    assert document["paths"]["/api/task/{object_id}"]["delete"]["responses"]["204"]


def test_web_views_document_their_forms_and_pybossas_view_error_body(document):
    failure = document["components"]["schemas"]["ViewFailure"]
    assert set(failure["required"]) == {"code", "description", "template"}
    views = {p: item for p, item in document["paths"].items() if not p.startswith("/api")}
    assert set(views) >= {"/project/new", "/project/{short_name}/update"}
    for path, item in views.items():
        for method, operation in item.items():
            assert operation["tags"] == ["web views"]
            for status in ("401", "404"):
                assert operation["responses"][status] == {
                    "$ref": "#/components/responses/ViewFailure"
                }, f"{method} {path} {status}"
    update = document["paths"]["/project/{short_name}/update"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(update["requestBody"]["content"])
    parts = update["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert parts["avatar"]["format"] == "binary" and {"name", "x1", "btn"} <= set(parts)
    assert {"name": "X-CSRFToken", "in": "header"}.items() <= update["parameters"][-1].items()
    fields = document["components"]["schemas"]["UpdateProjectForm"]["properties"]
    assert {"name", "short_name", "category_id", "password", "protect"} <= set(fields)
    refused = document["paths"]["/project/{short_name}/publish"]["post"]["responses"]["403"]
    assert "flash" in refused["content"]["application/json"]["schema"]["properties"]


def test_the_project_views_that_read_are_documented_with_the_view_error_body(document):
    paths = document["paths"]
    for sub in ("stats", "settings", "tasks", "tasks/browse", "tutorial", "results"):
        assert paths[f"/project/{{short_name}}/{sub}"]["get"]["responses"]["200"], sub
    browse = paths["/project/{short_name}/tasks/browse/{number}"]["get"]
    assert [p["name"] for p in browse["parameters"]] == ["short_name", "number", "per_page"]
    answers = paths["/project/{short_name}/{task_id}/results.json"]["get"]["responses"]["200"]
    assert answers["content"]["application/json"]["schema"]["type"] == "array"
    assert browse["responses"]["404"] == {"$ref": "#/components/responses/ViewFailure"}


def test_api_keys_and_project_tokens_are_security_schemes(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["api_key_query"] == {"type": "apiKey", "in": "query", "name": "api_key"}
    assert schemes["api_key_header"]["in"] == "header"
    assert schemes["api_key_header"]["name"] == "Authorization"
    assert schemes["project_token"]["scheme"] == "bearer"
    assert {} in document["security"]  # reading public objects needs no key


def test_every_routed_resource_declares_what_the_middleware_reads(app):
    loose = [
        route.template
        for route in openapi.registered_routes(app)
        if not isinstance(route.resource, Resource)
    ]
    assert loose == []


def test_the_task_management_views_are_described_beside_the_api(document):
    paths = document["paths"]
    for view in ("scheduler", "priority", "taskpresentereditor", "delete", "import"):
        assert set(paths[f"/project/{{short_name}}/tasks/{view}"]) == {"get", "post"}, view
    export = paths["/project/{short_name}/tasks/export"]["get"]
    assert "application/octet-stream" in export["responses"]["200"]["content"]
    sched = paths["/project/{short_name}/tasks/scheduler"]["post"]["requestBody"]
    assert (
        "breadth_first"
        in sched["content"]["application/json"]["schema"]["properties"]["sched"]["enum"]
    )


def test_the_project_views_that_manage_a_project_are_documented(document):
    owner_views = {
        "/project/{short_name}/" + path
        for path in (
            "coowners",
            "add_coowner/{user_name}",
            "del_coowner/{user_name}",
            "transferownership",
            "auditlog",
            "webhook",
            "webhook/{webhook_id}",
        )
    }
    assert set(document["paths"]) >= owner_views
    assert set(document["paths"]["/project/{short_name}/webhook"]) == {"get", "post"}
    assert set(document["paths"]["/project/{short_name}/coowners"]) == {"get", "post"}
    assert set(document["paths"]["/project/{short_name}/add_coowner/{user_name}"]) == {"post"}


PROBES = {"/health", "/ready", "/metrics", "/uploads/{container}/{filename}"}


def test_every_route_outside_api_but_the_probes_and_files_is_a_documented_web_view(app, document):
    outside_api = {
        route.template
        for route in openapi.registered_routes(app)
        if not route.template.startswith("/api")
    }
    views = {path for path in document["paths"] if not path.startswith("/api")}
    assert views == outside_api - PROBES
    assert {"/", "/leaderboard", "/admin/users/export", "/account/{name}/update"} <= views
    assert not openapi_views.is_view("/api") and not openapi_views.is_view("/api/task")
    assert openapi_views.is_view("/") and not openapi_views.is_view("/uploads/a/b")


def test_every_web_view_has_a_describer_of_its_own_not_only_its_docstring(app):
    undescribed = [
        route.template
        for route in openapi.registered_routes(app)
        if openapi_views.is_view(route.template)
        and not any(isinstance(route.resource, cls) for cls, _ in openapi_views.VIEW_DESCRIBERS)
    ]
    assert undescribed == []


def test_the_site_views_name_their_answers_keys_and_parameters(document):
    paths = document["paths"]
    home = paths["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"featured", "categories", "top_projects", "top_users"} <= set(home["required"])
    window = paths["/leaderboard/window/{window}"]["get"]
    assert [p["name"] for p in window["parameters"]] == ["window"]
    listing = paths["/project/category/{short_name}/page/{page}"]["get"]
    assert [p["name"] for p in listing["parameters"]] == ["short_name", "page"]
    stats = paths["/stats"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert "top5_projects_24_hours" in stats["required"]
    assert "content" not in paths["/stats"]["head"]["responses"]["200"]


def test_the_admin_views_document_the_users_export_and_their_forms(document):
    paths = document["paths"]
    export = paths["/admin/users/export"]["get"]
    (format_,) = [p for p in export["parameters"] if p["name"] == "format"]
    assert format_["required"] is True and format_["schema"]["enum"] == ["json", "csv"]
    assert {"application/json", "text/csv"} <= set(export["responses"]["200"]["content"])
    assert set(paths["/admin/featured/{project_id}"]) == {"post", "delete"}
    assert paths["/admin/featured/{project_id}"]["delete"]["responses"]["409"]
    new = paths["/admin/announcement/new"]["post"]["requestBody"]["content"]
    fields = new["application/x-www-form-urlencoded"]["schema"]["properties"]
    assert fields["published"] == {"type": "boolean"} and set(fields) == {
        "title",
        "body",
        "published",
    }
    assert paths["/admin/announcement/new"]["post"]["parameters"][-1]["name"] == "X-CSRFToken"
    dashboard = paths["/admin/dashboard"]["get"]["responses"]["200"]["content"]
    assert "new_users_week" in dashboard["application/json"]["schema"]["required"]


def test_the_account_views_document_their_forms_keys_and_the_archive(document):
    paths = document["paths"]
    signin = paths["/account/signin"]["post"]["requestBody"]["content"]["application/json"]
    assert set(signin["schema"]["properties"]) == {"email", "password"}
    update = paths["/account/{name}/update"]["post"]["requestBody"]["content"]
    assert update["multipart/form-data"]["schema"]["properties"]["avatar"]["format"] == "binary"
    reset = paths["/account/reset-password"]["post"]["parameters"]
    assert {"name": "key", "in": "query", "required": True}.items() <= reset[0].items()
    archive = paths["/account/{name}/export/{filename}"]["get"]["responses"]["200"]
    assert "application/zip" in archive["content"]


def test_times_are_documented_as_pybossas_iso_strings_without_an_offset(document):
    created = document["components"]["schemas"]["ProjectOut"]["properties"]["created"]
    assert created["type"] == "string" and "format" not in created
    pattern = re.compile(created["pattern"])
    assert pattern.match("2024-05-01T12:00:00") and pattern.match("2024-05-01T12:00:00.123456")
    assert not pattern.match("2024-05-01T12:00:00Z")
    assert "date-time" not in json.dumps(document)


def test_a_form_posts_answer_is_either_the_flash_or_the_page_again(document):
    posted = document["paths"]["/project/new"]["post"]["responses"]["200"]["content"]
    assert len(posted["application/json"]["schema"]["anyOf"]) == 2  # they may overlap: no oneOf
    export = document["paths"]["/admin/users/export"]["get"]["responses"]["200"]["content"]
    assert export["application/json"]["schema"]["items"]["properties"]["admin"]["type"] == "boolean"
