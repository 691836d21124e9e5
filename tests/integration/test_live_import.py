"""Bulk imports through the real `pybossa-falcon serve` (gunicorn): chunked bodies, which
carry no Content-Length, are read to their end and bounded by IMPORT_MAX_BYTES all the same."""
import http.client
import json

import pytest

from . import builders
from .live_server import server_env, serving

# What is checked here is gunicorn's handling of the body, not the database: SQLite only.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def live(database_url, uow, tmp_path):
    """The server with a 20,000-byte import limit; yields (base URL, owner, project)."""
    owner = builders.a_user(uow)
    project = builders.a_project(uow, owner)
    env = server_env(database_url, tmp_path / "uploads", IMPORT_MAX_BYTES="20000",
                     WEB_CONCURRENCY="1")
    with serving(env) as url:
        yield url, owner, project


def post_chunked(base_url: str, path: str, lines: list[bytes]) -> tuple[int, dict]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("POST", path, body=iter(lines), encode_chunked=True,
                           headers={"Content-Type": "application/x-ndjson"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_chunked_body_is_imported_whole(live):
    url, owner, project = live
    lines = [json.dumps({"info": {"n": n}}).encode() + b"\n" for n in range(500)]
    status, answer = post_chunked(url, f"/api/project/{project.id}/tasks/import"
                                       f"?api_key={owner.api_key}", lines)
    assert (status, answer) == (200, {"imported": 500, "skipped": 0, "rows": 500})


def test_a_chunked_body_over_the_byte_limit_is_413(live):
    url, owner, project = live
    lines = [json.dumps({"info": {"n": n}}).encode() + b"\n" for n in range(2000)]
    status, answer = post_chunked(url, f"/api/project/{project.id}/tasks/import"
                                       f"?api_key={owner.api_key}", lines)
    assert status == 413 and answer["exception_cls"] == "RequestEntityTooLarge"
    status, answer = post_chunked(url, f"/api/project/{project.id}/tasks/import"
                                       f"?api_key={owner.api_key}", lines[:10])
    assert (status, answer["imported"]) == (200, 10)
