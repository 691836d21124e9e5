"""Schemathesis drives every operation of /api/openapi.json against the app over a real, migrated
SQLite database, with an admin's api key: no answer may be a 5xx, and every 2xx answer must be
what the document says it is.

Bounded: a few examples per operation, a deadline per request and a budget for the whole run.
Failures are collected (request and the server's traceback) and reported together.
"""

import itertools
import logging
import time
from datetime import timedelta

import pytest
import schemathesis
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import response_schema_conformance
from schemathesis.core.failures import FailureGroup

from adapters.sql import migrations
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from unit.fakes import FakeMailer

from . import builders

MAX_EXAMPLES = 5
DEADLINE = timedelta(seconds=10)
BUDGET_SECONDS = 100
PROJECT = "seeded"
# Every other example aims at the seeded objects (id 1 of each kind) instead of a random id.
SEEDED = {"object_id": "1", "short_name": PROJECT}
EXAMPLES = settings(
    max_examples=MAX_EXAMPLES,
    deadline=DEADLINE,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


class Tracebacks(logging.Handler):
    """Keeps the server's logged errors (errors.py logs every unexpected exception)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(logging.Formatter().format(record))


@pytest.fixture
def tracebacks():
    handler, root = Tracebacks(), logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


@pytest.fixture
def served(tmp_path):
    """The app over a migrated SQLite file with some objects, a VMCP key, and an admin's key."""
    url = f"sqlite:///{tmp_path / 'pybossa.db'}"
    migrations.upgrade(url)
    settings_ = Settings(
        database_url=url,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        vmcp_key=_key_file(tmp_path / "vmcp.pem"),
    )
    services = bootstrap(settings_, mailer=FakeMailer())
    admin = _seed(services.units_of_work())
    yield create_app(services), admin.api_key
    services.close()


def _key_file(path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def _seed(uow):
    """An admin owning a published project with a task, an answer, a result and a material."""
    admin = builders.a_user(uow, admin=True)
    project = builders.a_project(
        uow, admin, short_name=PROJECT, published=True, info={"task_presenter": "<p>hi</p>"}
    )
    task = builders.a_task(uow, project, n_answers=2, info={"q": "?"})
    builders.a_task(uow, project, info={"q": "again?"})
    run = builders.a_task_run(uow, task, admin)
    builders.a_result(uow, task, [run])
    builders.a_helping_material(uow, project)
    return admin


def test_no_operation_answers_a_server_error_or_unlike_the_document(served, tracebacks):
    app, key = served
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=_order)
    started, failures, exercised = time.monotonic(), [], 0
    for operation in operations:
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        failures += _server_errors(operation, key, tracebacks)
        exercised += 1
    assert failures == [], f"{len(failures)} 5xx or undocumented answers:\n\n" + "\n\n".join(
        failures
    )
    assert exercised == len(operations), f"the budget ran out after {exercised} operations"


def _order(operation) -> tuple:
    """Deletions last, and those of projects and categories (which cascade) after the rest."""
    deleting = operation.method.upper() == "DELETE"
    parent = operation.path.startswith(("/api/app", "/api/project", "/api/category"))
    return deleting, deleting and parent, operation.path, operation.method


def _server_errors(operation, key: str, tracebacks: Tracebacks) -> list[str]:
    """Run the operation's examples; describe each answer that is a server error (5xx) or a
    success unlike the document."""
    found: list[str] = []
    examples = itertools.count()

    @given(case=operation.as_strategy())
    @EXAMPLES
    def run(case) -> None:
        _aim(case, key, seeded=next(examples) % 2 == 0)
        logged = len(tracebacks.records)
        response = case.call(headers={"Authorization": key})
        if response.status_code >= 500:
            found.append(_describe(case, response, tracebacks.records[logged:]))
        elif response.status_code < 300:
            found.extend(_unlike_the_document(case, response))

    run()
    return found


def _unlike_the_document(case, response) -> list[str]:
    """The answer's departure from its documented media type and schema, if any."""
    try:
        case.validate_response(response, checks=[response_schema_conformance])
    except (AssertionError, FailureGroup) as failure:  # one failure, or several
        return [f"{case.method} {case.formatted_path} -> {response.status_code}: {failure}"]
    return []


def _aim(case, key: str, seeded: bool) -> None:
    """The admin's key wherever a key is sent; the seeded objects' ids every other time."""
    if "api_key" in (case.query or {}):
        case.query["api_key"] = key
    for name in (case.path_parameters or {}).keys() & SEEDED.keys() if seeded else ():
        case.path_parameters[name] = SEEDED[name]


def _describe(case, response, logged: list[str]) -> str:
    request = (
        f"{case.method} {case.formatted_path} query={case.query!r} "
        f"headers={case.headers!r} body={case.body!r}"
    )
    return f"{request}\n-> {response.status_code} {response.text[:500]}\n" + "\n".join(logged)
