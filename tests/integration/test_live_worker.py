"""The real `pybossa-falcon worker` over PostgreSQL and Redis, beside the real server: jobs
queued through the HTTP API (a mail, a webhook delivery, an account export) get done, and a
worker stopped mid-job as a service manager stops it (SIGTERM) finishes them after a restart.
"""

import email
import email.policy
import io
import json
import re
import signal
import zipfile

import pytest
import requests

from . import builders
from .hook_receiver import HookReceiver
from .live_server import server_env, serving, wait_until, working
from .smtp_sink import SmtpSink

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def sink():
    with SmtpSink() as running:
        yield running


@pytest.fixture
def env(database_url, redis_url, redis_prefix, sink, tmp_path):
    """The settings of the server and of the worker: one database, one Redis (this test's own
    prefix), one storage folder, SMTP to the sink, webhooks allowed to reach 127.0.0.1."""
    env = server_env(
        database_url,
        tmp_path / "uploads",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        WEB_CONCURRENCY="1",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(sink.port),
        SMTP_STARTTLS="false",
        WEBHOOK_ALLOW_PRIVATE="true",
        WEBHOOK_BACKOFF_MS="100",
        MAIL_SENDER="pybossa@example.com",
    )
    return {**env, "PUBLIC_URL": f"http://{env['BIND']}"}


def mails_to(sink: SmtpSink, address: str) -> list[str]:
    """The text of every mail the sink received for `address`."""
    texts = []
    for mail in list(sink.state.mails):
        if address in mail.recipients:
            message = email.message_from_bytes(mail.data, policy=email.policy.default)
            texts.append(message.get_body(preferencelist=("plain",)).get_content())
    return texts


def forgot_password(base_url: str, address: str) -> None:
    """POST the forgot-password form as a browser does (CSRF token from the form)."""
    browser = requests.Session()
    page = browser.get(f"{base_url}/account/forgot-password", timeout=10).json()
    resp = browser.post(
        f"{base_url}/account/forgot-password",
        json={"email_addr": address},
        headers={"X-CSRFToken": page["form"]["csrf"]},
        timeout=10,
    )
    assert resp.status_code == 200 and resp.json()["status"] == "success", resp.text


def complete_a_task(base_url: str, owner, volunteer, webhook: str) -> int:
    """A published project whose webhook is `webhook`, and its one task answered; its id."""
    api, owner_key = f"{base_url}/api", {"api_key": owner.api_key}
    project = requests.post(
        f"{api}/project",
        params=owner_key,
        timeout=10,
        json={
            "name": "Birds",
            "short_name": "birds",
            "description": "Spot birds",
            "webhook": webhook,
            "info": {"task_presenter": "<p>hi</p>"},
        },
    ).json()
    task = requests.post(
        f"{api}/task",
        params=owner_key,
        timeout=10,
        json={"project_id": project["id"], "info": {"q": "?"}, "n_answers": 1},
    ).json()
    published = requests.post(f"{base_url}/project/birds/publish", params=owner_key, timeout=10)
    assert published.status_code == 200, published.text
    key = {"api_key": volunteer.api_key}
    served = requests.get(f"{api}/project/{project['id']}/newtask", params=key, timeout=10)
    assert served.json()["id"] == task["id"], served.text
    run = requests.post(
        f"{api}/taskrun",
        params=key,
        timeout=10,
        json={"project_id": project["id"], "task_id": task["id"], "info": "a"},
    )
    assert run.status_code == 200, run.text
    return project["id"]


def deliveries(base_url: str, project_id: int, owner) -> list[dict]:
    resp = requests.get(
        f"{base_url}/api/project/{project_id}/webhooks",
        params={"api_key": owner.api_key},
        timeout=10,
    )
    assert resp.status_code == 200, resp.text
    return resp.json()


def delivered(base_url: str, project_id: int, owner) -> dict | None:
    found = deliveries(base_url, project_id, owner)
    return found[0] if found and found[0]["status"] == "delivered" else None


def test_the_worker_sends_mail_delivers_webhooks_and_builds_exports(env, uow, sink):
    owner, volunteer = builders.a_user(uow), builders.a_user(uow)
    with HookReceiver() as receiver, serving(env) as base_url, working(env):
        forgot_password(base_url, volunteer.email_addr)
        project_id = complete_a_task(base_url, owner, volunteer, receiver.url)
        started = requests.get(
            f"{base_url}/account/{owner.name}/export", params={"api_key": owner.api_key}, timeout=10
        )
        assert started.json()["flash"] == "GDPR export started", started.text

        [reset] = wait_until(lambda: mails_to(sink, volunteer.email_addr), "the reset mail")
        assert "/account/reset-password?key=" in reset
        delivery = wait_until(lambda: delivered(base_url, project_id, owner), "the webhook")
        assert json.loads(receiver.bodies[0])["project_id"] == project_id
        assert delivery["n_attempts"] == 1
        [export] = wait_until(lambda: mails_to(sink, owner.email_addr), "the export mail")
        link = re.search(rf"/account/{owner.name}/export/\S+", export)[0]
        archive = requests.get(f"{base_url}{link}", params={"api_key": owner.api_key}, timeout=10)
        assert archive.status_code == 200, archive.text
        assert "user.json" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()


def test_a_worker_stopped_mid_job_finishes_its_jobs_after_a_restart(env, uow, sink):
    """One worker thread holds a webhook delivery (its receiver does not answer) while a
    mail waits behind it; SIGTERM stops the worker, the receiver then answers 503. The
    attempt is recorded and its retry, like the waiting mail, stays queued in Redis: the
    restarted worker does both."""
    owner, volunteer = builders.a_user(uow), builders.a_user(uow)
    with HookReceiver(hold_first=True, held_status=503) as receiver, serving(env) as base_url:
        with working(env, threads=1) as worker:
            project_id = complete_a_task(base_url, owner, volunteer, receiver.url)
            wait_until(receiver.holding.is_set, "the webhook delivery to start")
            forgot_password(base_url, volunteer.email_addr)
            worker.process.send_signal(signal.SIGTERM)
            worker.wait_for_log("Shutting down")
            receiver.release.set()
            assert worker.process.wait(timeout=60) == 0
        assert mails_to(sink, volunteer.email_addr) == []
        [attempted] = deliveries(base_url, project_id, owner)
        assert attempted["status"] != "delivered" and len(receiver.bodies) == 1

        with working(env, threads=1):
            delivery = wait_until(
                lambda: delivered(base_url, project_id, owner), "the webhook after the restart"
            )
            [reset] = wait_until(
                lambda: mails_to(sink, volunteer.email_addr), "the reset mail after the restart"
            )
    assert [a["response_status_code"] for a in delivery["attempts"]] == [503, 200]
    assert len(receiver.bodies) == 2 and receiver.bodies[0] == receiver.bodies[1]
    assert "/account/reset-password?key=" in reset
