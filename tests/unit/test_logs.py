"""JSON log lines, request ids taken or made, echoed, and carried by every line of a request."""

import io
import json
import logging
import re

import pytest
from gunicorn.config import Config

from entrypoints import logs

from .fakes import FakeHealthCheck
from .operations_steps import checks, make_api

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines(caplog):
    """The JSON lines every logger writes while the test runs."""
    caplog.set_level(logging.INFO)
    stream = io.StringIO()
    handler = logs.build_handler("json", stream)
    logging.getLogger().addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


@pytest.mark.parametrize("given", ["abc-123", "a.b_C-9", "x" * 64])
def test_a_sane_request_id_is_kept_and_echoed(given):
    resp = make_api().client.simulate_get("/health", headers={"X-Request-ID": given})
    assert resp.headers["X-Request-ID"] == given


@pytest.mark.parametrize("given", [None, "", "x" * 65, "a b", "evil\\n{}", "é", "id;drop"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(given):
    headers = {} if given is None else {"X-Request-ID": given}
    resp = make_api().client.simulate_get("/health", headers=headers)
    assert GENERATED.fullmatch(resp.headers["X-Request-ID"])


def test_each_request_gets_its_own_id():
    client = make_api().client
    assert (
        client.simulate_get("/health").headers["X-Request-ID"]
        != client.simulate_get("/health").headers["X-Request-ID"]
    )


def test_refused_and_unrouted_requests_echo_the_request_id_too():
    client = make_api().client
    assert (
        client.simulate_get("/nowhere", headers={"X-Request-ID": "r1"}).headers["X-Request-ID"]
        == "r1"
    )
    refused = client.simulate_get(
        "/api/project", params={"x": "a\x00b"}, headers={"X-Request-ID": "r2"}
    )
    assert refused.status_code == 400 and refused.headers["X-Request-ID"] == "r2"


def test_each_request_writes_one_json_access_line(log_lines):
    make_api().client.simulate_get(
        "/ready", headers={"X-Request-ID": "req-7"}, remote_addr="10.1.2.3"
    )
    access = [line for line in log_lines() if line["logger"] == "pybossa.access"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == "req-7" and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/ready", 200)
    assert line["client_ip"] == "10.1.2.3" and line["duration_ms"] >= 0
    assert line["message"] == "GET /ready 200" and line["time"].endswith("+00:00")


def test_the_access_line_never_holds_the_query_string(log_lines):
    api = make_api()
    api.call("GET", "/api/project", api.owner_key)
    access = [line for line in log_lines() if line["logger"] == "pybossa.access"][-1]
    assert access["path"] == "/api/project" and api.owner_key not in json.dumps(access)


def test_an_unexpected_error_is_logged_with_its_traceback_and_the_request_id(log_lines):
    failing = {"database": FakeHealthCheck(error=RuntimeError("boom")), "redis": None}
    resp = make_api(health_checks=failing).client.simulate_get(
        "/ready", headers={"X-Request-ID": "req-500"}
    )
    assert resp.status_code == 500 and resp.json["exception_cls"] == "InternalServerError"
    error = next(line for line in log_lines() if line["level"] == "ERROR")
    assert error["request_id"] == "req-500"
    assert "Traceback" in error["traceback"] and "RuntimeError: boom" in error["traceback"]
    assert "boom" not in resp.text


def test_lines_outside_a_request_have_no_request_id(log_lines):
    make_api(health_checks=checks()).client.simulate_get("/ready")
    logging.getLogger("pybossa.test").info("after the request")
    assert log_lines()[-1]["request_id"] is None


def test_the_text_format_shows_the_request_id():
    stream = io.StringIO()
    handler = logs.build_handler("text", stream)
    record = logging.LogRecord(
        "pybossa.x", logging.WARNING, __file__, 1, "hello %s", ("you",), None
    )
    token = logs.current_request_id.set("rid-1")
    try:
        handler.handle(record)
    finally:
        logs.current_request_id.reset(token)
    assert stream.getvalue().rstrip().endswith("WARNING pybossa.x [rid-1] hello you")


@pytest.mark.parametrize("logger_class", [logs.GunicornLogger, logs.JsonGunicornLogger])
def test_gunicorn_never_logs_the_keys_of_a_failed_requests_query_string(logger_class, capsys):
    config = Config()
    config.set("errorlog", "-")
    log = logger_class(config)
    log.error("Error handling request %s", "/api/task?api_key=a1b2-c3&limit=5")
    log.error("Error handling request %s", "/account/reset-password?key=s3cr3t.t0ken")
    written = capsys.readouterr().err
    assert "a1b2-c3" not in written and "s3cr3t.t0ken" not in written
    assert "api_key=[redacted]&limit=5" in written and "key=[redacted]" in written


def test_the_apps_own_lines_never_show_a_key_either():
    stream = io.StringIO()
    logger = logging.getLogger("test.redaction")
    logger.addHandler(logs.build_handler("text", stream))
    try:
        logger.warning("retrying %s", "/api/project?api_key=f00")
    finally:
        logger.handlers.clear()
    assert "f00" not in stream.getvalue() and "api_key=[redacted]" in stream.getvalue()
