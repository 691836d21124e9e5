"""Import files read as streams: CSV, JSON arrays and NDJSON, row by row, never whole."""

import io
import json

import pytest

from entrypoints.schemas import task_files
from pybossa_core import errors


def read(body, file_format, max_bytes=None, max_row_chars=10_000):
    data = body.encode() if isinstance(body, str) else body
    return list(
        task_files.read_rows(
            io.BytesIO(data), file_format, max_bytes=max_bytes, max_row_chars=max_row_chars
        )
    )


class TrickleStream:
    """A body that arrives a few bytes at a time and remembers how much was asked for."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step, self.sent = data, step, 0

    def read(self, size: int = -1) -> bytes:
        size = self.step if size < 0 else min(size, self.step)
        chunk = self.data[self.sent : self.sent + size]
        self.sent += len(chunk)
        return chunk


def test_csv_columns_split_into_task_fields_and_info():
    found = read('\ufeffimage, n_answers ,dedupe_key\n"a, b.jpg",3,\n', task_files.CSV)
    assert [(r.number, r.line, r.values) for r in found] == [
        (1, 2, {"info": {"image": "a, b.jpg"}, "n_answers": "3"})
    ]


def test_csv_rows_are_numbered_among_data_rows_and_lines_count_quoted_newlines():
    found = read('text,n\n"two\nlines",1\n\nlast,2\n', task_files.CSV)
    assert [(r.number, r.line, r.values["info"]["text"]) for r in found] == [
        (1, 2, "two\nlines"),
        (2, 5, "last"),
    ]


def test_a_csv_header_must_name_each_column_once():
    for body in ("a,,b\n1,2,3\n", "a,a\n1,2\n", "\n\n", ""):
        with pytest.raises(errors.MalformedInput):
            read(body, task_files.CSV)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64 * 1024])
def test_json_array_elements_are_found_across_any_chunk_boundary(monkeypatch, chunk):
    monkeypatch.setattr(task_files, "CHUNK", chunk)
    rows = [{"info": {"text": "x" * n, "nested": [{"a": n}]}} for n in range(5)]
    body = "[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n"
    found = read(body, task_files.JSON)
    assert [r.values for r in found] == rows
    assert [(r.number, r.line) for r in found] == [(n, n + 1) for n in range(1, 6)]


def test_a_json_array_element_that_is_not_an_object_is_a_row_problem():
    found = read('[{"info": {}}, 12, "text"]', task_files.JSON)
    assert [r.problem for r in found] == [
        None,
        "a row must be a JSON object",
        "a row must be a JSON object",
    ]


@pytest.mark.parametrize(
    "body",
    [
        '[{"a": 1} {"a": 2}]',
        '[{"a": 1},]',
        '[{"a": 1}',
        "{}",
        '[{"a": 1}] []',
        '[{"a": NaN}]',
        "",
        "  ",
    ],
)
def test_a_broken_json_array_is_malformed(body):
    with pytest.raises(errors.MalformedInput):
        read(body, task_files.JSON)


def test_a_json_element_longer_than_a_row_may_be_is_malformed(monkeypatch):
    monkeypatch.setattr(task_files, "CHUNK", 16)
    with pytest.raises(errors.MalformedInput):
        read(json.dumps([{"info": "x" * 500}]), task_files.JSON, max_row_chars=100)


def test_ndjson_lines_too_long_are_malformed():
    with pytest.raises(errors.MalformedInput):
        read('{"info": "' + "x" * 200 + '"}\n', task_files.NDJSON, max_row_chars=100)


def test_numbers_too_large_for_a_double_and_deep_nesting_are_row_problems():
    found = read(
        '{"info": {"x": 1e400}}\n{"info": ' + "[" * 100_000 + "\n" + '{"info": 1.5}\n',
        task_files.NDJSON,
        max_row_chars=200_000,
    )
    assert [r.problem is None for r in found] == [False, False, True]
    with pytest.raises(errors.MalformedInput):
        read('[{"info": -1e999}]', task_files.JSON)


def test_json_rows_with_nul_escapes_or_lone_surrogates_are_row_problems():
    found = read('{"a": "\\u0000"}\n{"a": "\\ud800"}\n{"a": "\\ud83d\\ude00"}\n', task_files.NDJSON)
    assert [r.problem is None for r in found] == [False, False, True]
    assert found[2].values == {"a": "\U0001f600"}


def test_the_byte_limit_is_counted_on_what_is_read_whatever_was_announced():
    with pytest.raises(errors.TooLarge):
        read('{"info": {}}\n' * 100, task_files.NDJSON, max_bytes=1000)
    assert len(read('{"info": {}}\n' * 76, task_files.NDJSON, max_bytes=1000)) == 76


def test_rows_come_out_before_the_body_is_read_to_its_end():
    body = ('{"info": {}}\n' * 100_000).encode()
    stream = TrickleStream(body, 4096)
    rows = task_files.read_rows(stream, task_files.NDJSON, max_bytes=None, max_row_chars=100)
    next(rows)
    assert stream.sent < 200_000 < len(body)


@pytest.mark.parametrize(
    ("body", "file_format"),
    [
        (b"image\n\xff.jpg\n", task_files.CSV),
        (b'[{"a": "\xe9"}]', task_files.JSON),
        (b"image\na\x00b\n", task_files.CSV),
        (b'image\n"open\n', task_files.CSV),
    ],
)
def test_bytes_that_are_not_utf8_text_nul_bytes_and_broken_quoting_are_malformed(body, file_format):
    with pytest.raises(errors.MalformedInput):
        read(body, file_format)
