"""Webhooks end to end over SQLite and PostgreSQL: a task completed through the HTTP API is
POSTed to a real receiver on 127.0.0.1 that checks the signature; failures are retried with
backoff by dramatiq workers and by the embedded queue; loopback is refused by default; the
owner lists the attempts and resends."""

import hashlib
import hmac
import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from dramatiq import Worker
from dramatiq.brokers.stub import StubBroker

from adapters.jobs import DramatiqJobQueue
from adapters.webhook_sender import HttpWebhookSender
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.worker import QUEUE, declare_actors
from entrypoints.wsgi import create_app
from http_contract import make_api_client
from unit.fakes import FakeMailer, ManualSchedule


class Receiver(ThreadingHTTPServer):
    """A webhook receiver on 127.0.0.1: answers each POST with the next of `statuses` (200
    once they run out) and keeps what it saw, with whether the signature matched `secret`."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.statuses: list[int] = []
        self.secret = ""
        self.seen: list[dict] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/pybossa?from=test"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        server: Receiver = self.server
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(server.secret.encode(), body, hashlib.sha256).hexdigest()
        with server.lock:
            server.seen.append(
                {
                    "path": self.path,
                    "host": self.headers["Host"],
                    "body": body,
                    "headers": dict(self.headers),
                    "verified": hmac.compare_digest(
                        expected, self.headers.get("X-Pybossa-Signature", "")
                    ),
                }
            )
            status = server.statuses.pop(0) if server.statuses else 200
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        """Quiet: the test reads `seen` instead."""


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def settings_for(database_url, tmp_path, **webhooks) -> Settings:
    return Settings(
        database_url=database_url,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        rate_limit_enabled=False,
        webhook_backoff_ms=1,
        webhook_max_attempts=3,
        **webhooks,
    )


@pytest.fixture
def embedded(database_url, tmp_path):
    """The API with the embedded queue, its webhooks on a schedule the test runs; loopback
    allowed (WEBHOOK_ALLOW_PRIVATE)."""
    schedule = ManualSchedule()
    services = bootstrap(
        settings_for(database_url, tmp_path, webhook_allow_private=True),
        mailer=FakeMailer(),
        job_schedule=schedule,
    )
    yield make_api_client(create_app(services), services), schedule
    services.close()


def complete_a_task(api, receiver) -> dict:
    """A project whose webhook is the receiver, and one of its tasks completed over HTTP."""
    project = api.project(webhook=receiver.url)
    receiver.secret = project["secret_key"]
    task = api.task(project["id"], n_answers=1)
    api.publish(project)
    served = api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json
    assert served["id"] == task["id"]
    resp = api.call(
        "POST",
        "/api/taskrun",
        api.other_key,
        {"project_id": project["id"], "task_id": task["id"], "info": {"a": 1}},
    )
    assert resp.status_code == 200, resp.json
    return project


def listed(api, project) -> list[dict]:
    resp = api.call("GET", f"/api/project/{project['id']}/webhooks", api.owner_key)
    assert resp.status_code == 200, resp.json
    return resp.json


def test_the_receiver_gets_the_payload_signed_with_the_projects_secret_key(embedded, receiver):
    api, schedule = embedded
    project = complete_a_task(api, receiver)
    assert receiver.seen == []  # nothing is sent on the request's thread
    schedule.run_pending()
    [seen] = receiver.seen
    assert seen["verified"] and seen["path"] == "/hooks/pybossa?from=test"
    payload = json.loads(seen["body"])
    assert payload["event"] == "task_completed" and payload["project_id"] == project["id"]
    assert set(payload) == {
        "fired_at",
        "project_short_name",
        "project_id",
        "task_id",
        "result_id",
        "event",
    }
    assert seen["headers"]["Content-Type"] == "application/json"
    assert seen["headers"]["X-Pybossa-Event"] == "task_completed"
    [delivery] = listed(api, project)
    assert seen["headers"]["X-Pybossa-Delivery"] == str(delivery["id"])
    assert delivery["payload"] == payload and delivery["status"] == "delivered"


def test_the_embedded_queue_retries_with_backoff_until_the_receiver_answers(embedded, receiver):
    api, schedule = embedded
    receiver.statuses = [500, 500]
    project = complete_a_task(api, receiver)
    schedule.run_pending()
    assert schedule.delays == [0, 0.001, 0.002] and len(receiver.seen) == 3
    [delivery] = listed(api, project)
    assert (delivery["status"], delivery["n_attempts"]) == ("delivered", 3)
    assert [(a["status"], a["response_status_code"]) for a in delivery["attempts"]] == [
        ("failed", 500),
        ("failed", 500),
        ("delivered", 200),
    ]


def test_listing_and_resending_over_http(embedded, receiver):
    api, schedule = embedded
    receiver.statuses = [500, 500, 500]
    project = complete_a_task(api, receiver)
    schedule.run_pending()
    [delivery] = listed(api, project)
    assert (delivery["status"], delivery["n_attempts"]) == ("failed", 3)
    path = f"/api/project/{project['id']}/webhooks/{delivery['id']}/resend"
    resent = api.call("POST", path, api.owner_key)
    assert resent.status_code == 200 and resent.json["status"] == "pending"
    assert len(resent.json["attempts"]) == 3
    schedule.run_pending()
    [delivery] = listed(api, project)
    assert (delivery["status"], delivery["n_attempts"]) == ("delivered", 4)
    assert receiver.seen[-1]["body"] == receiver.seen[0]["body"] and receiver.seen[-1]["verified"]
    other = api.project("other", api.admin_key)
    assert (
        api.call(
            "POST", f"/api/project/{other['id']}/webhooks/{delivery['id']}/resend", api.admin_key
        ).status_code
        == 404
    )


def test_a_redirect_is_not_followed(embedded, receiver):
    api, schedule = embedded
    receiver.statuses = [302, 302, 302]
    project = complete_a_task(api, receiver)
    schedule.run_pending()
    assert [seen["path"] for seen in receiver.seen] == ["/hooks/pybossa?from=test"] * 3
    assert listed(api, project)[0]["response_status_code"] == 302


def test_by_default_loopback_is_refused_and_not_retried(database_url, tmp_path, receiver):
    schedule = ManualSchedule()
    services = bootstrap(
        settings_for(database_url, tmp_path), mailer=FakeMailer(), job_schedule=schedule
    )
    api = make_api_client(create_app(services), services)
    project = complete_a_task(api, receiver)
    assert schedule.run_pending() == 1
    [delivery] = listed(api, project)
    assert receiver.seen == [] and delivery["status"] == "refused"
    [attempt] = delivery["attempts"]
    assert attempt["status"] == "refused" and "127.0.0.1" in attempt["error"]
    services.close()


def test_dramatiq_workers_retry_with_backoff_until_the_receiver_answers(
    database_url, tmp_path, receiver, caplog
):
    settings = settings_for(database_url, tmp_path, webhook_allow_private=True)
    broker = StubBroker()
    broker.emit_after("process_boot")
    services = bootstrap(settings, mailer=FakeMailer(), jobs=DramatiqJobQueue(broker, QUEUE))
    declare_actors(broker, lambda: services, settings)
    worker = Worker(broker, worker_timeout=50)
    worker.start()
    try:
        api = make_api_client(create_app(services), services)
        receiver.statuses = [500, 503]
        with caplog.at_level(logging.INFO):
            project = complete_a_task(api, receiver)
            broker.join(QUEUE, fail_fast=True, timeout=30_000)
            worker.join()
    finally:
        worker.stop()
    [delivery] = listed(api, project)
    assert (delivery["status"], delivery["n_attempts"]) == ("delivered", 3)
    assert [a["response_status_code"] for a in delivery["attempts"]] == [500, 503, 200]
    assert all(seen["verified"] for seen in receiver.seen) and len(receiver.seen) == 3
    assert "Retrying message" in caplog.text  # dramatiq's backoff, quietly:
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    services.close()


def test_the_sender_connects_to_the_address_it_checked_and_names_the_host(receiver):
    port = receiver.server_address[1]
    lookups = []

    def resolve(host, port_, type=0):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_))]

    sender = HttpWebhookSender(timeout=5, allow_private=True, resolve=resolve)
    response = sender.post(f"http://hooks.test:{port}/in", b"{}", {})
    assert response.status_code == 200 and response.body == "ok"
    assert lookups == ["hooks.test"] and receiver.seen[0]["host"] == f"hooks.test:{port}"
