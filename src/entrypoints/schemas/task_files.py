"""Task import files read as a stream: CSV with a header row, a JSON array of objects, NDJSON.

The body is decoded as it arrives (64 KiB at a time) and never held whole: each reader yields
ImportRow objects, numbered from 1 among the data rows, with the line each starts on. The
byte limit is counted on the bytes read, whatever Content-Length said (chunked bodies have
none). What makes the whole file unreadable raises MalformedInput; what is wrong with one
row only travels with that row (ImportRow.problem) and is reported with the others.
"""

import csv
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from pybossa_core import errors, json_values
from pybossa_core.task_imports import ImportRow

CSV, JSON, NDJSON = "csv", "json", "ndjson"
CHUNK = 64 * 1024
# CSV columns that are task fields; every other column is a key of the task's info.
CSV_TASK_COLUMNS = frozenset(
    {"n_answers", "priority_0", "quorum", "calibration", "dedupe_key", "gold_answers"}
)
JSON_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A CSV header names at most this many columns: every row becomes a dict of that width, and
# a wider file is no task list anyone means to import (a 400 names the cap).
MAX_CSV_COLUMNS = 1_000


def read_rows(
    stream: BinaryIO, file_format: str, *, max_bytes: int | None, max_row_chars: int
) -> Iterator[ImportRow]:
    """The rows of a CSV, JSON or NDJSON byte stream, read lazily.

    More than `max_bytes` bytes (None: no limit) raise TooLarge; a JSON or NDJSON row longer
    than `max_row_chars` characters makes the file malformed.
    """
    raw = _CountingReader(stream, max_bytes)
    text = io.TextIOWrapper(io.BufferedReader(raw, CHUNK), encoding="utf-8-sig", newline="")
    readers = {CSV: _csv_rows, JSON: _json_array_rows, NDJSON: _ndjson_rows}
    return _readable(readers[file_format](text, max_row_chars))


def _readable(rows: Iterator[ImportRow]) -> Iterator[ImportRow]:
    """The reader's rows; text that is not UTF-8 or CSV that breaks its quoting is malformed."""
    try:
        yield from rows
    except UnicodeDecodeError as exc:
        raise errors.MalformedInput(f"The file is not UTF-8 text ({exc.reason})", "task") from None
    except csv.Error as exc:
        raise errors.MalformedInput(f"The CSV file is malformed: {exc}", "task") from None


class _CountingReader(io.RawIOBase):
    """A raw binary stream over the body that counts the bytes and refuses NUL bytes."""

    def __init__(self, stream: BinaryIO, max_bytes: int | None) -> None:
        self._stream, self._max_bytes, self.count = stream, max_bytes, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        self.count += len(data)
        if self._max_bytes is not None and self.count > self._max_bytes:
            raise errors.TooLarge(f"The file is larger than {self._max_bytes} bytes", "task")
        if b"\x00" in data:
            raise errors.MalformedInput("NUL characters are not accepted", "task")
        buffer[: len(data)] = data
        return len(data)


def _csv_rows(text: io.TextIOBase, max_row_chars: int) -> Iterator[ImportRow]:
    """A header row, then one task per record; blank lines are skipped."""
    reader = csv.reader(text, strict=True)
    header = [name.strip() for name in next(reader, [])]
    _check_header(header)
    number, next_line = 0, reader.line_num + 1
    for record in reader:
        line, next_line = next_line, reader.line_num + 1
        if not record:
            continue
        number += 1
        if len(record) != len(header):
            problem = f"the row has {len(record)} values, the header {len(header)} columns"
            yield ImportRow(number, {}, line, problem)
            continue
        yield ImportRow(number, _csv_values(header, record), line)


def _check_header(header: list[str]) -> None:
    """One pass over the names (a set of those seen), after the cap on their number."""
    if len(header) > MAX_CSV_COLUMNS:
        raise errors.MalformedInput(
            f"The CSV header has {len(header)} columns; an import takes at most {MAX_CSV_COLUMNS}",
            "task",
        )
    if not any(header):
        raise errors.MalformedInput("The CSV file has no header row", "task")
    if not all(header):
        raise errors.MalformedInput("Every column of the CSV header needs a name", "task")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise errors.MalformedInput(f"The CSV header names '{name}' twice", "task")
        seen.add(name)


def _csv_values(header: list[str], record: list[str]) -> dict[str, Any]:
    """Task fields from their columns (an empty cell: the default); the rest is `info`."""
    values: dict[str, Any] = {}
    info: dict[str, str] = {}
    for name, cell in zip(header, record, strict=True):
        if name not in CSV_TASK_COLUMNS:
            info[name] = cell
        elif cell != "":
            values[name] = cell
    values["info"] = info
    return values


def _ndjson_rows(text: io.TextIOBase, max_row_chars: int) -> Iterator[ImportRow]:
    """One JSON object per line; blank lines are skipped."""
    number, line_number = 0, 0
    while line := text.readline(max_row_chars + 1):
        line_number += 1
        if len(line) > max_row_chars:
            raise errors.MalformedInput(
                f"Line {line_number} is longer than {max_row_chars} characters", "task"
            )
        if line.strip():
            number += 1
            yield _json_row(line, number, line_number)


def _json_row(source: str, number: int, line: int) -> ImportRow:
    """The row held by one JSON text; a broken or non-object one is the row's problem."""
    try:
        value = json_values.decode(source)
    except json_values.NotJson as exc:
        return ImportRow(number, {}, line, str(exc))
    return _checked(value, source, number, line)


def _checked(value: Any, source: str, number: int, line: int) -> ImportRow:
    """A decoded row, refused when it is not an object or holds what cannot be stored."""
    if not isinstance(value, dict):
        return ImportRow(number, {}, line, "a row must be a JSON object")
    try:  # the shared decoder's checks, for rows decoded where they lie in the array
        json_values.check_depth(source)
        json_values.check_value(value, source)
    except json_values.RefusedJson as exc:
        return ImportRow(number, {}, line, str(exc))
    return ImportRow(number, value, line)


# Elements of an array are decoded in place (raw_decode), by the same decoder as any body.
DECODER = json_values.DECODER


def _json_array_rows(text: io.TextIOBase, max_row_chars: int) -> Iterator[ImportRow]:
    """`[ {...}, {...} ]`: each element a row, decoded as soon as it is complete."""
    source = _JsonArraySource(text, max_row_chars)
    source.expect("[", "The body must be a JSON array of objects")
    number = 0
    if source.peek() == "]":
        source.take()
    else:
        while True:
            number += 1
            yield source.row(number)
            separator = source.take()
            if separator == "]":
                break
            if separator != ",":
                source.broken(f"after row {number}: expected ',' or ']'")
    if source.peek() != "":
        source.broken("text follows the end of the array")


class _JsonArraySource:
    """The text of a JSON array in a rolling buffer: elements are decoded where they lie
    (`raw_decode` from an offset), and what is consumed is dropped on the next read."""

    def __init__(self, text: io.TextIOBase, max_row_chars: int) -> None:
        self._text, self._max_row_chars = text, max_row_chars
        self._buffer, self._position, self._eof = "", 0, False
        self._line, self._counted = 1, 0  # the line number at buffer offset `_counted`

    def _read(self) -> bool:
        """Append the next block of text; False at the end of the body."""
        chunk = self._text.read(CHUNK)
        if not chunk:
            self._eof = True
            return False
        self._line_at(self._position)
        self._buffer = self._buffer[self._position :] + chunk
        self._position = self._counted = 0
        return True

    def _line_at(self, position: int) -> int:
        self._line += self._buffer.count("\n", self._counted, position)
        self._counted = position
        return self._line

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end), left unread."""
        while True:
            self._position = JSON_WHITESPACE.match(self._buffer, self._position).end()
            if self._position < len(self._buffer):
                return self._buffer[self._position]
            if not self._read():
                return ""

    def take(self) -> str:
        found = self.peek()
        self._position += len(found)
        return found

    def expect(self, wanted: str, message: str) -> None:
        if self.take() != wanted:
            raise errors.MalformedInput(message, "task")

    def row(self, number: int) -> ImportRow:
        """Decode the element that starts here; it is complete once text follows it."""
        self.peek()
        line = self._line_at(self._position)
        while True:
            start = self._position
            try:
                value, end = DECODER.raw_decode(self._buffer, start)
                if end < len(self._buffer) or self._eof:
                    break
            except (ValueError, RecursionError) as exc:
                if self._eof:
                    self.broken(f"row {number} (line {line}) is not valid JSON: {exc}")
                if len(self._buffer) - start > self._max_row_chars:
                    self.broken(
                        f"row {number} (line {line}) is longer than "
                        f"{self._max_row_chars} characters, or not valid JSON"
                    )
            self._read()
        self._position = end
        return _checked(value, self._buffer[start:end], number, line)

    def broken(self, reason: str) -> None:
        raise errors.MalformedInput(f"The body is not a valid JSON array: {reason}", "task")
