"""Exports over fakes: who may export, the encoders' chunks, the stream's life, one rate count."""

import csv
import io
import json

import pytest
from falcon import testing

from entrypoints import heartbeat
from entrypoints.resources.exports import ChunkStream
from entrypoints.schemas import export_formats
from entrypoints.schemas.export_formats import csv_cell, encode_csv, encode_json, encode_ndjson
from entrypoints.wsgi import create_app
from pybossa_core import errors
from pybossa_core.ports.exports import ExportRows
from pybossa_core.use_cases import exports
from pybossa_core.users import ANONYMOUS

from . import builders
from .fakes import (
    FakeExportReader,
    FakeUnitOfWork,
)
from .fakes.app import fake_services


@pytest.fixture
def uow():
    return FakeUnitOfWork()


@pytest.fixture
def owner(uow):
    return builders.a_user(uow)


def _runs(uow, project, count):
    task = builders.a_task(uow, project, n_answers=count + 1)
    for n in range(count):
        builders.a_task_run(uow, task, user_ip=f"ip-{n}", info={"answer": n})


def _export(uow, project, actor, kind="taskrun", reader=None, layout=True):
    return exports.export_rows(
        uow,
        project.short_name,
        kind,
        actor,
        exports=reader or FakeExportReader(uow),
        with_info_layout=layout,
    )


def test_the_owner_and_admins_export_a_draft_and_nobody_else(uow, owner):
    project = builders.a_project(uow, owner)
    admin, other = builders.an_admin(uow), builders.a_user(uow)
    for kind in exports.EXPORT_KINDS:
        assert _export(uow, project, builders.actor(owner), kind).kind == kind
        assert _export(uow, project, builders.actor(admin), kind).kind == kind
        with pytest.raises(errors.Forbidden):
            _export(uow, project, builders.actor(other), kind)
        with pytest.raises(errors.AuthenticationRequired):
            _export(uow, project, ANONYMOUS, kind)


def test_anyone_exports_published_results_unless_downloads_are_off(uow, owner):
    published = builders.a_published_project(uow, owner)
    closed = builders.a_published_project(uow, owner, zip_download=False)
    assert _export(uow, published, ANONYMOUS, "result").project_short_name == published.short_name
    with pytest.raises(errors.AuthenticationRequired):
        _export(uow, published, ANONYMOUS, "task")
    with pytest.raises(errors.AuthenticationRequired):
        _export(uow, closed, ANONYMOUS, "result")


def test_an_unknown_kind_or_project_is_refused(uow, owner):
    project = builders.a_project(uow, owner)
    with pytest.raises(errors.InvalidInput):
        _export(uow, project, builders.actor(owner), "user")
    with pytest.raises(errors.NotFound):
        exports.export_rows(
            uow, "nosuch", "task", builders.actor(owner), exports=FakeExportReader(uow)
        )


def test_the_info_layout_is_read_only_when_asked_for(uow, owner):
    project = builders.a_project(uow, owner)
    _runs(uow, project, 2)
    assert _export(uow, project, builders.actor(owner), layout=False).info is None
    layout = _export(uow, project, builders.actor(owner)).info
    assert layout.keys == ("answer",) and layout.other is False


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("x")',
        "+1",
        "-1+2",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "\n=1+1",
        "|cmd",
        "\uff1d1+1",
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
    ],
)
def test_a_text_cell_that_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert csv_cell(text) == "'" + text


def test_other_cells_are_written_as_they_are_or_as_json():
    assert [csv_cell(v) for v in ("plain", "a=b", -1, 2.5, None, True, False)] == [
        "plain",
        "a=b",
        -1,
        2.5,
        "",
        "true",
        "false",
    ]
    assert csv_cell({"k": ["=x"]}) == '{"k":["=x"]}'


def test_chunks_hold_a_few_hundred_rows_and_parse_back(uow, owner, monkeypatch):
    monkeypatch.setattr(export_formats, "ROWS_PER_CHUNK", 10)
    project = builders.a_project(uow, owner)
    _runs(uow, project, 25)
    actor = builders.actor(owner)
    as_csv = list(encode_csv(_export(uow, project, actor)))
    as_json = list(encode_json(_export(uow, project, actor)))
    as_ndjson = list(encode_ndjson(_export(uow, project, actor)))
    assert (len(as_csv), len(as_json), len(as_ndjson)) == (3, 4, 3)
    lines = list(csv.DictReader(io.StringIO(b"".join(as_csv).decode())))
    assert [line["info_answer"] for line in lines] == [str(n) for n in range(25)]
    assert [row["info"] for row in json.loads(b"".join(as_json))] == [
        {"answer": n} for n in range(25)
    ]
    assert len(b"".join(as_ndjson).splitlines()) == 25


def test_the_first_chunk_is_read_at_once_and_closing_the_stream_ends_the_read(
    uow, owner, monkeypatch
):
    monkeypatch.setattr(export_formats, "ROWS_PER_CHUNK", 2)
    project = builders.a_project(uow, owner)
    _runs(uow, project, 5)
    reader = FakeExportReader(uow)
    actor = builders.actor(owner)
    stream = ChunkStream(encode_ndjson(_export(uow, project, actor, reader=reader)))
    assert reader.open_streams == 1
    stream.close()
    assert reader.open_streams == 0
    whole = ChunkStream(encode_csv(_export(uow, project, actor, reader=reader)))
    assert len(b"".join(whole).splitlines()) == 6 and reader.open_streams == 0


def test_a_long_export_beats_the_workers_heartbeat_as_it_reads(uow, owner, monkeypatch):
    monkeypatch.setattr(export_formats, "ROWS_PER_CHUNK", 2)
    monkeypatch.setattr(heartbeat, "_notify", None)
    beats = []
    heartbeat.install(lambda: beats.append("alive"))
    project = builders.a_project(uow, owner)
    _runs(uow, project, 7)
    resp = _client(uow, rate_limit_enabled=False).simulate_get(
        f"/api/project/{project.id}/export",
        params={"type": "taskrun", "format": "ndjson", "api_key": owner.api_key},
    )
    assert len(resp.text.splitlines()) == 7
    # Chunks of 2, 2, 2 and 1 rows: the first is read before the response starts, then a
    # beat comes before each read that follows, the one that finds the end included.
    assert len(beats) == 4


class _UnreachableReader(FakeExportReader):
    def rows(self, kind: str, project_id: int) -> ExportRows:
        raise errors.Unavailable("The database is not answering; try again shortly")
        yield {}  # a generator: it fails when the first row is asked for, as a database would


def _client(uow, reader=None, **settings) -> testing.TestClient:
    services = fake_services(settings, uow=uow, exports=reader or FakeExportReader(uow))
    return testing.TestClient(create_app(services))


def test_a_database_failing_on_the_first_read_is_a_503_not_a_cut_download(uow, owner):
    project = builders.a_project(uow, owner)
    client = _client(uow, _UnreachableReader(uow), rate_limit_enabled=False)
    resp = client.simulate_get(
        f"/api/project/{project.id}/export", params={"type": "task", "api_key": owner.api_key}
    )
    assert resp.status_code == 503 and resp.json["exception_cls"] == "ServiceUnavailable"


def test_an_export_counts_as_one_request_against_the_rate_limit(uow, owner, monkeypatch):
    monkeypatch.setattr(export_formats, "ROWS_PER_CHUNK", 2)
    project = builders.a_project(uow, owner)
    _runs(uow, project, 7)
    client = _client(uow, rate_limit="10/minute")
    path = f"/api/project/{project.id}/export"
    remaining = [
        client.simulate_get(
            path, params={"type": "taskrun", "format": "ndjson", "api_key": owner.api_key}
        ).headers["X-RateLimit-Remaining"]
        for _ in range(2)
    ]
    assert remaining == ["9", "8"]
