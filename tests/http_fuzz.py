"""A bounded property-based fuzz of every decoder a client reaches, over fakes, SQLite, PostgreSQL.

JSON bodies, the bulk import's CSV, JSON and NDJSON, multipart parts, list query strings and
account form fields get generated (and hostile) text; no answer may be a 5xx and nothing may
be logged as an unexpected error. After the JSON bodies and the imports, what they stored must
still be listed, filtered by `info` and exported: stored values such as 1e400 once broke SQL
filters and exports. Derandomized, with a fixed number of examples per test (EXAMPLES), so
`make test` runs the same bounded fuzz every time.

Imported by tests/unit (fakes) and tests/integration (SQLite, PostgreSQL) with
`from http_fuzz import *`; each folder provides the `api` fixture, and may override
`fuzz_examples`.
"""

import itertools
import json
import logging
from collections.abc import Callable
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = {"fakes": 150, "sql": 300}
"""Examples per test (on SQL, per database). Most draws are refused before any query: 300 on
SQLite and 300 on PostgreSQL take some 15 s together on 2 cores, 150 on the fakes some 3 s."""
BOUNDED = settings(
    deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
# Numbers the decoder accepts that are hard to store, filter and export: beyond 64 bits,
# near the limits of a double, a negative zero. Stored in tasks after the fuzz, every run.
HARD_NUMBERS = [
    "1" + "0" * 300,
    "9223372036854775808",
    "-9223372036854775809",
    "1.7976931348623157e308",
    "5e-324",
    "-0.0",
    "1E+300",
]
HARD_INFOS = [f'{{"n": {number}}}' for number in HARD_NUMBERS]
NASTY = [
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "[" * 5000,
    "{" * 5000,
    "\x00",
    "\\u0000",
    "\\ud800",
    "\ud800",
    '"',
    "1" + "0" * 5000,
    "",
    "\ufeff",
    "0x10",
    "-",
    "[]",
    "{}",
    '{"n": 1e400}',
    '{"n": -1e400}',
    '{"n": NaN}',
    '{"n": 1' + "0" * 400 + "}",
    *HARD_INFOS,
]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# JSON-like text (NaN and Infinity included), hostile fragments, or anything at all.
TEXTS = st.one_of(
    VALUES.map(lambda v: json.dumps(v, allow_nan=True)),
    st.sampled_from(NASTY),
    st.tuples(st.sampled_from(NASTY), VALUES.map(json.dumps)).map("".join),
    st.text(max_size=60),
)
LIST_PARAMS = [
    "id",
    "limit",
    "offset",
    "last_id",
    "orderby",
    "desc",
    "info",
    "all",
    "name",
    "fulltextsearch",
    "project_id",
    "related",
    "fullname",
    "email_addr",
    "published",
]
IMPORT_KINDS = ["text/csv", "application/json", "application/x-ndjson"]
# `info` filters on the key HARD_INFOS store under: pairs, JSON containment, full text.
INFO_QUERIES = [
    *({"info": f"n::{number}"} for number in ["1", "1e400", "NaN", *HARD_NUMBERS]),
    *({"info": info} for info in ['{"n": 1}', '{"n": 1e400}', *HARD_INFOS]),
    {"info": "n::1", "fulltextsearch": "1"},
]


class Tracebacks(logging.Handler):
    """Keeps what errors.py logs for an unexpected exception."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def fuzz_examples() -> int:
    return EXAMPLES["fakes"]


@pytest.fixture
def fuzz_api(api):
    """`api` with a category and, in it, a published project anonymous volunteers may help."""
    body = {"name": "Fuzz", "short_name": "fuzz", "description": "Fuzzed"}
    category = api.call("POST", "/api/category", api.admin_key, body)
    assert category.status_code == 200, category.json
    project = api.project(
        "fuzz", category_id=category.json["id"], allow_anonymous_contributors=True
    )
    api.publish(project)
    api.project_id = project["id"]
    return api


@pytest.fixture
def tracebacks():
    handler = Tracebacks()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


def fuzz(body: Callable[..., None], examples: int, **strategies) -> None:
    """Calls `body` with `examples` derandomized draws of the keyword strategies."""
    settings(BOUNDED, max_examples=examples)(given(**strategies)(body))()


def _check(resp, tracebacks, what) -> None:
    # Taken and cleared here, so a failure names the request that logged, not a later one.
    logged, tracebacks.records[:] = list(tracebacks.records), []
    assert resp.status_code < 500, (what, resp.status_code, resp.text[:300])
    assert not logged, (what, tracebacks.format(logged[0]))


def _stored_values_answer(api, tracebacks) -> None:
    """What the fuzz stored in the project's tasks is still listed, filtered and exported."""
    for query in INFO_QUERIES + _stored_info_queries(api, tracebacks):
        for kind in ("task", "project"):
            resp = api.client.simulate_get(
                f"/api/{kind}", params={**query, "api_key": api.owner_key}
            )
            _check(resp, tracebacks, (kind, query))
    for export_format in ("csv", "json"):
        resp = api.client.simulate_get(
            f"/api/project/{api.project_id}/export",
            params={"type": "task", "format": export_format, "api_key": api.owner_key},
        )
        _check(resp, tracebacks, ("export", export_format))
        assert resp.status_code == 200, (export_format, resp.text[:300])


def _stored_info_queries(api, tracebacks) -> list[dict]:
    """`info` filters, both forms, on the first key and value of the latest stored tasks."""
    resp = api.client.simulate_get(
        "/api/task",
        params={
            "project_id": api.project_id,
            "limit": 40,
            "desc": "true",
            "api_key": api.owner_key,
        },
    )
    _check(resp, tracebacks, "the stored tasks")
    pairs = [
        next(iter(task["info"].items()))
        for task in resp.json
        if isinstance(task["info"], dict) and task["info"]
    ]
    return [
        query
        for key, value in pairs
        for query in (
            {"info": f"{key}::{value if isinstance(value, str) else json.dumps(value)}"},
            {"info": json.dumps({key: value})},
        )
    ]


def test_json_bodies(fuzz_api, tracebacks, fuzz_examples):
    def post(text, path):
        for body in (text, f'{{"project_id": {fuzz_api.project_id}, "info": {text}}}'):
            resp = fuzz_api.client.simulate_post(
                path,
                params={"api_key": fuzz_api.owner_key},
                body=body.encode("utf-8", "surrogatepass"),
                content_type="application/json",
            )
            _check(resp, tracebacks, (path, body[:80]))

    fuzz(
        post,
        fuzz_examples,
        text=TEXTS,
        path=st.sampled_from(
            ["/api/project", "/api/task", "/api/taskrun", "/api/helpingmaterial", "/api/category"]
        ),
    )
    for text in HARD_INFOS:
        post(text, "/api/task")
    _stored_values_answer(fuzz_api, tracebacks)


def test_import_bodies(fuzz_api, tracebacks, fuzz_examples):
    def post(text, kind):
        body = {
            "text/csv": f"info,n_answers\n{text},1\n",
            "application/json": f"[{text}]",
            "application/x-ndjson": f'{text}\n{{"info": {text}}}\n',
        }[kind]
        resp = fuzz_api.client.simulate_post(
            f"/api/project/{fuzz_api.project_id}/tasks/import",
            params={"api_key": fuzz_api.owner_key},
            body=body.encode("utf-8", "surrogatepass"),
            content_type=kind,
        )
        _check(resp, tracebacks, (kind, body[:80]))

    fuzz(post, fuzz_examples, text=TEXTS, kind=st.sampled_from(IMPORT_KINDS))
    for text, kind in itertools.product(HARD_INFOS, IMPORT_KINDS):
        post(text, kind)
    _stored_values_answer(fuzz_api, tracebacks)


def test_multipart_parts(fuzz_api, tracebacks, fuzz_examples):
    def post(text, name):
        boundary = "fuzzboundary"
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="project_id"\r\n\r\n'
            f"{fuzz_api.project_id}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"\r\n\r\n{text}\r\n--{boundary}--\r\n'
        )
        resp = fuzz_api.client.simulate_post(
            "/api/helpingmaterial",
            params={"api_key": fuzz_api.owner_key},
            body=body.encode("utf-8", "surrogatepass"),
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        _check(resp, tracebacks, (name, text[:80]))

    fuzz(
        post,
        fuzz_examples,
        text=TEXTS,
        name=st.sampled_from(["info", "project_id", "media_url", "priority", "x"]),
    )


def test_list_query_strings(fuzz_api, tracebacks, fuzz_examples):
    def get(params, kind, anonymous):
        query = "&".join(
            f"{name}={quote(value, errors='surrogatepass')}" for name, value in params.items()
        )
        if not anonymous:
            query += f"&api_key={fuzz_api.owner_key}"
        resp = fuzz_api.client.simulate_get(f"/api/{kind}", query_string=query)
        _check(resp, tracebacks, (kind, params))

    fuzz(
        get,
        fuzz_examples,
        params=st.dictionaries(st.sampled_from(LIST_PARAMS), TEXTS, max_size=3),
        kind=st.sampled_from(
            ["project", "task", "taskrun", "result", "helpingmaterial", "category", "user"]
        ),
        anonymous=st.booleans(),
    )


def test_account_form_fields(fuzz_api, tracebacks, fuzz_examples):
    def post(values, path, urlencoded):
        fields = dict(zip(("email", "password", "name"), values, strict=True))
        fields.update(email_addr=values[0], fullname=values[2], confirm=values[1])
        if urlencoded:
            body = "&".join(f"{k}={quote(v, errors='surrogatepass')}" for k, v in fields.items())
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = json.dumps(fields), "application/json"
        resp = fuzz_api.client.simulate_post(
            path, body=body.encode("utf-8", "surrogatepass"), content_type=content_type
        )
        _check(resp, tracebacks, (path, fields))

    fuzz(
        post,
        fuzz_examples,
        values=st.lists(TEXTS, min_size=3, max_size=3),
        path=st.sampled_from(["/account/signin", "/account/register", "/account/forgot-password"]),
        urlencoded=st.booleans(),
    )
