"""Health, readiness, outages as 503s, request ids and metrics, over HTTP on fakes."""

import pytest
import redis

from entrypoints.wsgi import create_app
from http_contract import assert_error, make_api_client
from pybossa_core import errors

from .fakes.app import fake_services
from .operations_steps import DownTaskStamps, DownUnitOfWork, checks, make_api


def test_health_answers_ok_even_when_every_service_is_down():
    api = make_api(health_checks=checks(database=False, redis_up=False))
    resp = api.client.simulate_get("/health")
    assert resp.status_code == 200 and resp.json == {"status": "ok"}
    assert api.client.simulate_head("/health").status_code == 200


def test_ready_when_the_database_and_redis_answer():
    resp = make_api(health_checks=checks(redis_up=True)).client.simulate_get("/ready")
    assert resp.status_code == 200
    assert resp.json == {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}


def test_ready_without_redis_says_it_is_not_configured():
    resp = make_api(health_checks=checks()).client.simulate_get("/ready")
    assert resp.status_code == 200
    assert resp.json["checks"] == {"database": "ok", "redis": "not configured"}


@pytest.mark.parametrize(
    ("database", "redis_up", "failed"),
    [
        (False, True, ["database"]),
        (True, False, ["redis"]),
        (False, False, ["database", "redis"]),
    ],
)
def test_not_ready_is_a_503_naming_what_does_not_answer(database, redis_up, failed):
    resp = make_api(health_checks=checks(database, redis_up)).client.simulate_get("/ready")
    assert resp.status_code == 503
    assert resp.json["status"] == "unavailable" and resp.json["failed"] == failed
    assert all(resp.json["checks"][name] == "unavailable" for name in failed)


def test_a_database_outage_during_a_request_is_a_503_error_body_not_a_500():
    uow = DownUnitOfWork()
    api = make_api(uow=uow)
    uow.down = True
    resp = api.call("GET", "/api/project")
    assert_error(resp, 503, "ServiceUnavailable", "project")
    assert "try again" in resp.json["exception_msg"]


@pytest.mark.parametrize(
    "error",
    [
        errors.Unavailable("The Redis server is not answering; try again shortly"),
        redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:1"),
        redis.exceptions.TimeoutError("Timeout reading from socket"),
    ],
)
def test_a_redis_outage_on_the_stamps_is_a_503_error_body(error):
    api = make_api(stamps=DownTaskStamps(error))
    project = api.project()
    api.publish(project)
    resp = api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key)
    assert_error(resp, 503, "ServiceUnavailable", "task")
    assert "127.0.0.1" not in resp.json["exception_msg"]


def test_metrics_count_requests_by_route_template_tasks_served_and_runs_recorded():
    api = make_api()
    project = api.project()
    api.publish(project)
    served = api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key).json
    run = api.call(
        "POST",
        "/api/taskrun",
        api.other_key,
        {"project_id": project["id"], "task_id": served["id"], "info": {"a": 1}},
    )
    assert run.status_code == 200, run.json
    api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key)  # {}: none left
    api.client.simulate_get("/no/such/page")
    text = api.client.simulate_get("/metrics").text
    assert (
        'pybossa_http_requests_total{method="GET",route="/api/project/{object_id}/newtask",'
        'status="200"} 2.0' in text
    )
    assert 'route="unmatched",status="404"} 1.0' in text
    assert "pybossa_tasks_served_total 1.0" in text
    assert "pybossa_task_runs_recorded_total 1.0" in text
    assert (
        'pybossa_http_request_duration_seconds_count{method="POST",route="/api/taskrun"} '
        "1.0" in text
    )


def test_metrics_are_prometheus_text():
    resp = make_api().client.simulate_get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain; version=")


def test_metrics_answer_only_the_scrapers_the_setting_names():
    services = fake_services({"metrics_allow_ips": "10.0.0.0/8, ::1"})
    client = make_api_client(create_app(services), services).client
    assert client.simulate_get("/metrics", remote_addr="10.1.2.3").status_code == 200
    refused = client.simulate_get("/metrics", remote_addr="203.0.113.9")
    assert refused.status_code == 403 and refused.json["exception_cls"] == "Forbidden"
    assert "pybossa_" not in refused.text


def test_by_default_only_this_machine_scrapes_the_metrics():
    client = make_api().client
    assert client.simulate_get("/metrics", remote_addr="127.0.0.1").status_code == 200
    assert client.simulate_get("/metrics", remote_addr="198.51.100.7").status_code == 403
