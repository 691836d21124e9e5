"""Bulk imports through the real `pybossa-falcon serve` (gunicorn): chunked bodies, which
carry no Content-Length, are read to their end and bounded by IMPORT_MAX_BYTES all the same;
a body that trickles in stops no other request and is cut off with a 408."""

import contextlib
import http.client
import json
import socket
import threading

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
    env = server_env(
        database_url, tmp_path / "uploads", IMPORT_MAX_BYTES="20000", WEB_CONCURRENCY="1"
    )
    with serving(env) as url:
        yield url, owner, project


def post_chunked(base_url: str, path: str, lines: list[bytes]) -> tuple[int, dict]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=iter(lines),
            encode_chunked=True,
            headers={"Content-Type": "application/x-ndjson"},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_chunked_body_is_imported_whole(live):
    url, owner, project = live
    lines = [json.dumps({"info": {"n": n}}).encode() + b"\n" for n in range(500)]
    status, answer = post_chunked(
        url, f"/api/project/{project.id}/tasks/import?api_key={owner.api_key}", lines
    )
    assert (status, answer) == (200, {"imported": 500, "skipped": 0, "rows": 500})


def test_a_chunked_body_over_the_byte_limit_is_413(live):
    url, owner, project = live
    lines = [json.dumps({"info": {"n": n}}).encode() + b"\n" for n in range(2000)]
    status, answer = post_chunked(
        url, f"/api/project/{project.id}/tasks/import?api_key={owner.api_key}", lines
    )
    assert status == 413 and answer["exception_cls"] == "RequestEntityTooLarge"
    status, answer = post_chunked(
        url, f"/api/project/{project.id}/tasks/import?api_key={owner.api_key}", lines[:10]
    )
    assert (status, answer["imported"]) == (200, 10)


class _Trickler:
    """An import whose body comes two bytes every 0.1 s, on a socket of its own; `status` and
    `answer` hold the server's reply once `answered` is set."""

    def __init__(self, base_url: str, path: str) -> None:
        host, port = base_url.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        self.sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: "
            f"application/json\r\nContent-Length: 1000000\r\n\r\n[".encode()
        )
        self.answered = threading.Event()
        self.status, self.answer = 0, {}
        self.threads = [threading.Thread(target=self._send), threading.Thread(target=self._read)]
        for thread in self.threads:
            thread.start()

    def _send(self) -> None:
        with contextlib.suppress(OSError):  # the server may close first
            while not self.answered.wait(0.1):
                self.sock.sendall(b"  ")

    def _read(self) -> None:
        received = b""
        with contextlib.suppress(OSError):
            while chunk := self.sock.recv(65536):
                received += chunk
                head, _, body = received.partition(b"\r\n\r\n")
                if body.endswith(b"}"):
                    break
        head, _, body = received.partition(b"\r\n\r\n")
        self.status = int(head.split(b" ")[1]) if head else 0
        self.answer = json.loads(body) if body else {}
        self.answered.set()

    def finish(self) -> None:
        for thread in self.threads:
            thread.join(timeout=60)
        self.sock.close()


def _call(base_url: str, method: str, path: str, body: dict | None = None) -> int:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(
            method,
            path,
            body=json.dumps(body) if body else None,
            headers={"Content-Type": "application/json"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_trickled_import_stops_no_one_and_is_cut_off_with_a_408(database_url, uow, tmp_path):
    owner = builders.a_user(uow)
    project = builders.a_project(uow, owner)
    env = server_env(
        database_url,
        tmp_path / "uploads",
        BODY_TIMEOUT_SECONDS="3",
        WEB_CONCURRENCY="1",
        WEB_THREADS="4",
    )
    with serving(env) as url:
        key = f"api_key={owner.api_key}"
        trickler = _Trickler(url, f"/api/project/{project.id}/tasks/import?{key}")
        try:
            # Before: the import held SQLite's write lock while it received its body, and
            # these waited 15 s for it, then answered 503.
            read = _call(url, "GET", f"/api/project/{project.id}?{key}")
            written = _call(
                url, "POST", f"/api/task?{key}", {"project_id": project.id, "info": {"n": 1}}
            )
            in_flight = not trickler.answered.is_set()
            listed = _call(url, "GET", f"/api/task?project_id={project.id}")
        finally:
            trickler.finish()
    assert (read, written, listed, in_flight) == (200, 200, 200, True)
    assert trickler.status == 408 and trickler.answer["exception_cls"] == "RequestTimeout"
