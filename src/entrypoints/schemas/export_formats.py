"""The export formats: CSV, one JSON array, NDJSON, each encoded as a stream of UTF-8 chunks.

Each encoder turns an Export's rows into chunks of ROWS_PER_CHUNK rows, and closes the rows
when it ends or is closed itself (so the reader's connection goes back to its pool). The
first chunk holds the opening (`[`, the CSV header) and the first batch, so asking for it runs
the first read. Datetimes are ISO 8601, as in the API.

CSV: the exported fields (`info` aside), then `info` (only when some row's info is not an
object: that value goes there) and one `info_<key>` column per top-level key of the info
objects; nested values, lists and booleans are written as JSON, null as an empty cell. A text
cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
spreadsheet shows it rather than running it as a formula.
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

from pybossa_core.use_cases.exports import Export

ROWS_PER_CHUNK = 500
# What makes a spreadsheet read a cell as a formula or a command: the ASCII signs, their
# full-width forms (which some spreadsheets take for the same), `|` (DDE) and line breaks.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_AS_THEY_ARE = frozenset({int, float, type(None)})  # what csv writes as csv_cell would
ENCODING_ERRORS = "replace"  # the API refuses lone surrogates; older data must not cut a stream

Chunks = Iterator[bytes]


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_iso)


def _batches(rows: Iterator[dict]) -> Iterator[list[dict]]:
    return iter(lambda: list(islice(rows, ROWS_PER_CHUNK)), [])


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", ENCODING_ERRORS)


def encode_json(export: Export) -> Chunks:
    """One JSON array, a row per line: `[` ... `]` (`[]` when there is none)."""
    with closing(export.rows):
        separator = "["
        for batch in _batches(export.rows):
            yield _utf8(separator + ",\n".join(map(_JSON.encode, batch)))
            separator = ",\n"
        yield b"[]" if separator == "[" else b"]\n"


def encode_ndjson(export: Export) -> Chunks:
    """One JSON object per line (nothing at all when there is no row)."""
    with closing(export.rows):
        for batch in _batches(export.rows):
            yield _utf8("".join(_JSON.encode(row) + "\n" for row in batch))


def encode_csv(export: Export) -> Chunks:
    """A header line, then a line per row; `info` flattened into `info_<key>` columns."""
    with closing(export.rows):
        fields = [name for name in export.fields if name != "info"]
        layout = export.info
        other = layout is not None and layout.other
        keys = layout.keys if layout is not None else ()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([*fields, *(["info"] if other else []), *(f"info_{k}" for k in keys)])
        for batch in _batches(export.rows):
            writer.writerows(_csv_line(row, fields, other, keys) for row in batch)
            yield _drain(buffer)
        if buffer.tell():
            yield _drain(buffer)


def _csv_line(row: dict, fields: list[str], other: bool, keys: tuple[str, ...]) -> list:
    info = row.get("info")
    values = [row[name] for name in fields]
    if isinstance(info, dict):
        values += [None] if other else []
        values += [info.get(key) for key in keys]
    else:
        values += [info] if other else []
        values += [None] * len(keys)
    return [value if type(value) in _AS_THEY_ARE else csv_cell(value) for value in values]


def csv_cell(value: Any) -> str | int | float:
    """A value as a CSV cell: text defused against formulas, structures as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return _JSON.encode(value)


def _drain(buffer: io.StringIO) -> bytes:
    chunk = _utf8(buffer.getvalue())
    buffer.seek(0)
    buffer.truncate()
    return chunk


@dataclass(frozen=True)
class ExportFormat:
    """How one `format` is sent: its media type, file extension and encoder."""

    name: str
    content_type: str
    extension: str
    encode: Callable[[Export], Chunks]
    flattens_info: bool = False


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("csv", "text/csv; charset=utf-8", "csv", encode_csv, flattens_info=True),
        ExportFormat("json", "application/json", "json", encode_json),
        ExportFormat("ndjson", "application/x-ndjson", "ndjson", encode_ndjson),
    )
}
DEFAULT_FORMAT = "json"
