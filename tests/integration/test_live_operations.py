"""Metrics and logs of the real `pybossa-falcon serve`: two gunicorn workers, Redis, one scrape;
a second server on the same host never touches the first one's metrics or control socket.

To know which worker served what, a request is left half-sent: the sync worker that accepted
it waits for the rest, so every other request goes to the other worker until it is finished.
"""

import json
import subprocess

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from . import builders
from .live_server import BIN, HalfSentRequest, free_port, server_env, serving, wait_until

# What is measured here does not depend on the database: SQLite only.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
HEALTH = ("pybossa_http_requests_total", {"route": "/health", "method": "GET", "status": "200"})


@pytest.fixture
def live(database_url, uow, redis_url, redis_prefix, tmp_path):
    """Two workers over Redis; yields (base URL, owner key, volunteer key, access log path)."""
    env = server_env(
        database_url,
        tmp_path / "uploads",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        WEB_CONCURRENCY="2",
        METRICS_DIR=str(tmp_path / "metrics"),
    )
    owner, volunteer = builders.a_user(uow), builders.a_user(uow)
    access_log = tmp_path / "access.log"
    with access_log.open("w") as out, serving(env, stdout=out) as url:
        yield url, owner.api_key, volunteer.api_key, access_log


def scrape(base_url: str) -> dict:
    """(sample name, labels as a tuple of pairs) -> value, from one GET /metrics."""
    text = requests.get(f"{base_url}/metrics", timeout=10).text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: dict, name: str, labels: dict | None = None) -> float:
    return samples.get((name, tuple(sorted((labels or {}).items()))), 0.0)


def health(base_url: str, times: int) -> None:
    for _ in range(times):
        assert requests.get(f"{base_url}/health", timeout=10).status_code == 200


def test_a_scrape_of_either_worker_adds_up_the_requests_of_both(live):
    base_url, _, _, access_log = live
    first = HalfSentRequest(base_url)  # holds worker A
    health(base_url, 5)  # so these go to worker B
    second = HalfSentRequest(base_url)  # holds worker B
    assert b"200 OK" in first.finish()  # frees worker A
    health(base_url, 3)  # worker A
    seen_by_a = scrape(base_url)  # worker A, which served 4 of the 9 so far
    assert b"200 OK" in second.finish()
    assert value(seen_by_a, *HEALTH) == 5 + 1 + 3
    for _ in range(3):
        assert value(scrape(base_url), *HEALTH) == 5 + 1 + 3 + 1
    lines = [json.loads(line) for line in access_log.read_text().splitlines()]
    assert len({line["pid"] for line in lines if line["path"] == "/health"}) == 2
    assert len(list((access_log.parent / "metrics").glob("gunicorn-*/counter_*.db"))) >= 2


def test_tasks_served_and_task_runs_recorded_are_counted(live):
    base_url, owner_key, volunteer_key, _ = live
    project = _published_project(base_url, owner_key)
    task = requests.get(
        f"{base_url}/api/project/{project}/newtask", params={"api_key": volunteer_key}, timeout=10
    ).json()
    run = requests.post(
        f"{base_url}/api/taskrun",
        params={"api_key": volunteer_key},
        json={"project_id": project, "task_id": task["id"], "info": {"a": 1}},
        timeout=10,
    )
    assert run.status_code == 200, run.text
    for _ in range(3):
        samples = scrape(base_url)
        assert value(samples, "pybossa_tasks_served_total") == 1
        assert value(samples, "pybossa_task_runs_recorded_total") == 1


def test_the_access_lines_are_json_with_the_request_id(live):
    base_url, _, _, access_log = live
    resp = requests.get(f"{base_url}/ready", headers={"X-Request-ID": "live-1"}, timeout=10)
    assert resp.status_code == 200 and resp.headers["X-Request-ID"] == "live-1"
    assert resp.json() == {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}
    requests.get(f"{base_url}/health", timeout=10)  # its line comes after /ready's
    line = next(
        json.loads(text)
        for text in access_log.read_text().splitlines()
        if json.loads(text)["request_id"] == "live-1"
    )
    assert (line["method"], line["path"], line["status"]) == ("GET", "/ready", 200)
    assert line["client_ip"] == "127.0.0.1" and line["logger"] == "pybossa.access"


def _published_project(base_url: str, key: str) -> int:
    """A published project with one task; returns its id."""
    api = f"{base_url}/api"
    project = requests.post(
        f"{api}/project",
        params={"api_key": key},
        timeout=10,
        json={
            "name": "Birds",
            "short_name": "birds",
            "description": "Spot birds",
            "info": {"task_presenter": "<p>hi</p>"},
        },
    ).json()
    task = requests.post(
        f"{api}/task",
        params={"api_key": key},
        timeout=10,
        json={"project_id": project["id"], "info": {"q": "?"}},
    )
    assert task.status_code == 200, task.text
    published = requests.post(
        f"{base_url}/project/birds/publish", params={"api_key": key}, timeout=10
    )
    assert published.status_code == 200, published.text
    return project["id"]


@pytest.fixture
def alone(database_url, tmp_path):
    """The settings of an embedded server whose HOME and XDG_RUNTIME_DIR are this test's."""
    for folder in ("home", "run"):
        (tmp_path / folder).mkdir()
    return server_env(
        database_url,
        tmp_path / "uploads",
        HOME=str(tmp_path / "home"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
    )


def serve_once(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "pybossa-falcon"), "serve"], env=env, text=True, capture_output=True, timeout=60
    )


def test_a_second_server_that_cannot_start_leaves_the_first_ones_metrics(alone, tmp_path):
    with serving(alone) as base_url:
        health(base_url, 3)
        assert value(scrape(base_url), *HEALTH) == 3
        busy = serve_once(alone)  # the same BIND and METRICS_DIR: the port is taken
        assert busy.returncode != 0 and "in use" in busy.stderr
        broken = serve_once({**alone, "BIND": "127.0.0.1:8080", "WEB_CONCURRENCY": "many"})
        assert broken.returncode != 0
        health(base_url, 1)
        assert value(scrape(base_url), *HEALTH) == 4
    assert list((tmp_path / "metrics").iterdir()) == []  # each server removes only its own


def test_no_server_takes_the_shared_default_control_socket(alone, tmp_path):
    own = tmp_path / "ctl" / "second.ctl"
    second = {**alone, "BIND": f"127.0.0.1:{free_port()}", "GUNICORN_CONTROL_SOCKET": str(own)}
    with serving(alone) as first_url, serving(second) as second_url:
        health(first_url, 1)
        health(second_url, 1)
        wait_until(own.exists, "the second server's own control socket")
        defaults = [tmp_path / "run" / "gunicorn.ctl", tmp_path / "home" / ".gunicorn"]
        assert [path for path in defaults if path.exists()] == []
