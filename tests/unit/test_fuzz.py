"""A bounded property-based fuzz of every decoder a client reaches, over the fakes.

JSON bodies, the bulk import's CSV, JSON and NDJSON, multipart parts, list query strings and
account form fields get generated (and hostile) text; no answer may be a 5xx and nothing may
be logged as an unexpected error. Derandomized, with a fixed number of examples per decoder
(a few seconds each), so `make test` runs the same bounded fuzz every time.
"""
import json
import logging
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entrypoints.wsgi import create_app
from http_contract import make_api_client
from pybossa_core.categories import Category

from .fake_app import fake_services

BOUNDED = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))
NASTY = ["1e400", "-1e400", "NaN", "Infinity", "[" * 5000, "{" * 5000, "\x00", "\\u0000",
         "\\ud800", "\ud800", '"', "1" + "0" * 5000, "", "\ufeff", "0x10", "-", "[]", "{}"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=20))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
# JSON-like text (NaN and Infinity included), hostile fragments, or anything at all.
TEXTS = st.one_of(VALUES.map(lambda v: json.dumps(v, allow_nan=True)), st.sampled_from(NASTY),
                  st.tuples(st.sampled_from(NASTY), VALUES.map(json.dumps)).map("".join),
                  st.text(max_size=60))
LIST_PARAMS = ["id", "limit", "offset", "last_id", "orderby", "desc", "info", "all", "name",
               "fulltextsearch", "project_id", "related", "fullname", "email_addr", "published"]


class Tracebacks(logging.Handler):
    """Keeps what errors.py logs for an unexpected exception."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def api():
    services = fake_services({"rate_limit_enabled": False})
    with services.uow:
        services.uow.categories.add(Category(name="Fuzz", short_name="fuzz",
                                             created=services.clock()))
        services.uow.commit()
    api = make_api_client(create_app(services), services)
    project = api.project("fuzz", allow_anonymous_contributors=True)
    api.publish(project)
    api.project_id = project["id"]
    return api


@pytest.fixture(scope="module")
def tracebacks():
    handler = Tracebacks()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


def _check(resp, tracebacks, what) -> None:
    assert resp.status_code < 500, (what, resp.status_code, resp.text[:300])
    assert not tracebacks.records, (what, tracebacks.records[0].getMessage())


@BOUNDED
@given(text=TEXTS, path=st.sampled_from(["/api/project", "/api/task", "/api/taskrun",
                                          "/api/helpingmaterial", "/api/category"]))
def test_json_bodies(api, tracebacks, text, path):
    for body in (text, f'{{"project_id": {api.project_id}, "info": {text}}}'):
        resp = api.client.simulate_post(path, params={"api_key": api.owner_key},
                                        body=body.encode("utf-8", "surrogatepass"),
                                        content_type="application/json")
        _check(resp, tracebacks, (path, body[:80]))


@BOUNDED
@given(text=TEXTS, kind=st.sampled_from(["text/csv", "application/json",
                                         "application/x-ndjson"]))
def test_import_bodies(api, tracebacks, text, kind):
    body = {"text/csv": f"info,n_answers\n{text},1\n", "application/json": f"[{text}]",
            "application/x-ndjson": f'{text}\n{{"info": {text}}}\n'}[kind]
    resp = api.client.simulate_post(f"/api/project/{api.project_id}/tasks/import",
                                    params={"api_key": api.owner_key},
                                    body=body.encode("utf-8", "surrogatepass"),
                                    content_type=kind)
    _check(resp, tracebacks, (kind, body[:80]))


@BOUNDED
@given(text=TEXTS, name=st.sampled_from(["info", "project_id", "media_url", "priority", "x"]))
def test_multipart_parts(api, tracebacks, text, name):
    boundary = "fuzzboundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="project_id"\r\n\r\n'
            f'{api.project_id}\r\n--{boundary}\r\nContent-Disposition: form-data; '
            f'name="{name}"\r\n\r\n{text}\r\n--{boundary}--\r\n')
    resp = api.client.simulate_post("/api/helpingmaterial", params={"api_key": api.owner_key},
                                    body=body.encode("utf-8", "surrogatepass"),
                                    content_type=f"multipart/form-data; boundary={boundary}")
    _check(resp, tracebacks, (name, text[:80]))


@BOUNDED
@given(params=st.dictionaries(st.sampled_from(LIST_PARAMS), TEXTS, max_size=3),
       kind=st.sampled_from(["project", "task", "taskrun", "result", "helpingmaterial",
                             "category", "user"]),
       anonymous=st.booleans())
def test_list_query_strings(api, tracebacks, params, kind, anonymous):
    query = "&".join(f"{name}={quote(value, errors='surrogatepass')}"
                     for name, value in params.items())
    if not anonymous:
        query += f"&api_key={api.owner_key}"
    resp = api.client.simulate_get(f"/api/{kind}", query_string=query)
    _check(resp, tracebacks, (kind, params))


@BOUNDED
@given(values=st.lists(TEXTS, min_size=3, max_size=3),
       path=st.sampled_from(["/account/signin", "/account/register",
                             "/account/forgot-password"]),
       urlencoded=st.booleans())
def test_account_form_fields(api, tracebacks, values, path, urlencoded):
    fields = dict(zip(("email", "password", "name"), values, strict=True))
    fields.update(email_addr=values[0], fullname=values[2], confirm=values[1])
    if urlencoded:
        body = "&".join(f"{k}={quote(v, errors='surrogatepass')}" for k, v in fields.items())
        content_type = "application/x-www-form-urlencoded"
    else:
        body, content_type = json.dumps(fields), "application/json"
    resp = api.client.simulate_post(path, body=body.encode("utf-8", "surrogatepass"),
                                    content_type=content_type)
    _check(resp, tracebacks, (path, fields))
