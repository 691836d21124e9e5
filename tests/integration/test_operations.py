"""Readiness and outages over the real adapters: closed ports, locked tables, slow statements."""

import time

import pytest
from falcon import testing
from sqlalchemy import create_engine, text

from adapters import health
from adapters.sql import database
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from http_contract import assert_error, make_api_client
from pybossa_core import errors
from unit.fakes import FakeMailer

CLOSED_POSTGRES = "postgresql://postgres@127.0.0.1:1/x"
CLOSED_REDIS = "redis://127.0.0.1:1/0"
QUICKLY = 3.0
ON_POSTGRESQL = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def serve(tmp_path):
    """Build the app over real services for the given settings; closes them afterwards."""
    built = []

    def build(database_url: str, **fields) -> testing.TestClient:
        fields.setdefault("rate_limit_enabled", False)
        settings = Settings(
            database_url=database_url,
            storage_dir=tmp_path / "uploads",
            bcrypt_rounds=4,
            secret_key="ops-secret",
            **fields,
        )
        built.append(bootstrap(settings, mailer=FakeMailer()))
        return built[-1]

    yield build
    for services in built:
        services.close()


def timed_get(client: testing.TestClient, path: str, **params):
    started = time.monotonic()
    resp = client.simulate_get(path, params=params or None)
    return resp, time.monotonic() - started


def test_not_ready_at_once_when_the_database_port_is_closed(serve):
    client = testing.TestClient(create_app(serve(CLOSED_POSTGRES)))
    resp, elapsed = timed_get(client, "/ready")
    assert resp.status_code == 503 and elapsed < QUICKLY
    assert resp.json == {
        "status": "unavailable",
        "failed": ["database"],
        "checks": {"database": "unavailable", "redis": "not configured"},
    }
    assert client.simulate_get("/health").json == {"status": "ok"}


@pytest.mark.parametrize("params", [{}, {"api_key": "some-key"}])
def test_a_request_while_the_database_is_unreachable_is_a_503_error_body(serve, params):
    client = testing.TestClient(create_app(serve(CLOSED_POSTGRES)))
    resp, elapsed = timed_get(client, "/api/project", **params)
    assert_error(resp, 503, "ServiceUnavailable", "project")
    assert elapsed < QUICKLY and "127.0.0.1" not in resp.text


def test_the_unit_of_work_turns_a_refused_connection_into_unavailable(serve):
    services = serve(CLOSED_POSTGRES)
    with pytest.raises(errors.Unavailable), services.units_of_work() as uow:
        uow.projects.get(1)


def test_ready_when_the_database_and_redis_answer(serve, database_url, redis_url, redis_client):
    client = testing.TestClient(create_app(serve(database_url, redis_url=redis_url)))
    resp = client.simulate_get("/ready")
    assert resp.status_code == 200
    assert resp.json == {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}


def test_not_ready_when_redis_does_not_answer(serve, database_url):
    client = testing.TestClient(create_app(serve(database_url, redis_url=CLOSED_REDIS)))
    resp, elapsed = timed_get(client, "/ready")
    assert resp.status_code == 503 and elapsed < QUICKLY
    assert resp.json["checks"] == {"database": "ok", "redis": "unavailable"}


def test_a_redis_outage_on_the_stamps_is_a_503_error_body(serve, database_url):
    services = serve(database_url, redis_url=CLOSED_REDIS)
    api = make_api_client(create_app(services), services)
    project = api.project()
    api.publish(project)
    resp = api.call("GET", f"/api/project/{project['id']}/newtask", api.other_key)
    assert_error(resp, 503, "ServiceUnavailable", "task")


def test_a_redis_outage_in_the_rate_limiter_is_a_503_error_body(serve, database_url):
    client = testing.TestClient(
        create_app(serve(database_url, redis_url=CLOSED_REDIS, rate_limit_enabled=True))
    )
    resp, elapsed = timed_get(client, "/api/project")
    assert resp.status_code == 503 and resp.json["exception_cls"] == "ServiceUnavailable"
    assert elapsed < QUICKLY


def test_the_health_checks_answer_for_a_live_database_and_fail_for_a_closed_port(engine):
    health.SqlHealthCheck(engine).check()
    closed = database.create_engine_for(CLOSED_POSTGRES, connect_timeout=1)
    with pytest.raises(errors.Unavailable):
        health.SqlHealthCheck(closed).check()
    closed.dispose()


@ON_POSTGRESQL
def test_postgresql_sessions_get_the_statement_timeout(database_url):
    engine = database.create_engine_for(database_url, statement_timeout_ms=1234)
    with engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "1234ms"
    engine.dispose()


@ON_POSTGRESQL
def test_a_statement_blocked_past_the_statement_timeout_is_a_503_not_a_hang(serve, database_url):
    client = testing.TestClient(create_app(serve(database_url, db_statement_timeout_ms=300)))
    locker = create_engine(database.database_url(database_url))
    with locker.connect() as connection:
        connection.execute(text("LOCK TABLE project IN ACCESS EXCLUSIVE MODE"))
        resp, elapsed = timed_get(client, "/api/project")
        connection.rollback()
    locker.dispose()
    assert_error(resp, 503, "ServiceUnavailable", "project")
    assert elapsed < QUICKLY
    assert client.simulate_get("/api/project").status_code == 200
