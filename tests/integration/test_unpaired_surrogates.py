"""A JSON string escaping half a UTF-16 pair ("\\ud800") is a 400, never stored: stored, it made
every later read of the object, and every list showing it, a 500."""

import pytest

from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from http_contract import make_api_client
from unit.fakes import FakeMailer

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def api(database_url, tmp_path):
    settings = Settings(
        database_url=database_url, storage_dir=tmp_path / "uploads", bcrypt_rounds=4
    )
    services = bootstrap(settings, mailer=FakeMailer())
    yield make_api_client(create_app(services), services)
    services.close()


def send(api, method: str, path: str, body: bytes, headers=JSON):
    return api.client.simulate_request(
        method, path, body=body, headers=headers, params={"api_key": api.owner_key}
    )


def test_an_unpaired_surrogate_in_a_new_object_is_a_400(api):
    resp = send(
        api, "POST", "/api/project", b'{"name": "\\ud800", "short_name": "s", "description": "d"}'
    )
    assert resp.status_code == 400 and "surrogate" in resp.json["exception_msg"]


def test_an_unpaired_surrogate_in_an_update_is_a_400_and_the_object_stays_readable(api):
    project = api.project()
    resp = send(api, "PUT", f"/api/project/{project['id']}", b'{"info": {"k": "\\udfff"}}')
    assert resp.status_code == 400
    assert api.call("GET", f"/api/project/{project['id']}", api.owner_key).status_code == 200
    assert api.call("GET", "/api/project", api.owner_key).status_code == 200


def test_a_surrogate_pair_is_one_character_and_accepted(api):
    resp = send(
        api,
        "POST",
        "/api/project",
        b'{"name": "Birds \\ud83d\\udc26", "short_name": "s", "description": "d"}',
    )
    assert resp.status_code == 200 and resp.json["name"] == "Birds \U0001f426"


def test_an_unpaired_surrogate_in_a_multipart_form_value_is_a_400(api):
    project = api.project()
    form = (
        b'--XX\r\nContent-Disposition: form-data; name="project_id"\r\n\r\n%d\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="info"\r\n\r\n{"a": "\\ud800"}\r\n'
        b"--XX--\r\n"
    ) % project["id"]
    resp = send(
        api,
        "POST",
        "/api/helpingmaterial",
        form,
        {"Content-Type": "multipart/form-data; boundary=XX"},
    )
    assert resp.status_code == 400
