"""What differs between SQLite and PostgreSQL: JSON `info` filters and full-text search.

Filters are built once as dialect-neutral expressions: `_ByDialect` carries a PostgreSQL form
and a portable (SQLite) form of the same test and compiles whichever the connection speaks.
On SQLite the text of `info[key]` is read with `json_each`, which matches the key exactly
(a JSON path would break on keys holding quotes or dots) and gives the same text as
PostgreSQL's `->>` for strings, numbers and booleans ('true' / 'false').

Full-text search fallback on SQLite (PostgreSQL uses `websearch_to_tsquery`, `ts_headline`
and `ts_rank_cd` with the 'english' configuration): the words of the query are its runs of
letters and digits; a row matches when every word occurs (case-insensitive LIKE, `%` and `_`
escaped) in the text of `info[key]`; no stemming, no stop words, no operators, and a query
without words matches nothing (as an empty tsquery does). Its "rank" is the number of
occurrences of the words divided by the number of words; its "headline" is the whole text
with each occurrence wrapped in <b></b>, computed in Python. JSON containment on SQLite
compares each top-level key: scalars by JSON type and value, objects and arrays by their
JSON encoding (so key order matters), where PostgreSQL's `@>` is recursive.
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    Text,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    select,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB, REGCONFIG
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

TEXT_SEARCH_CONFIG = "english"
RANK_NORMALIZATION = 4
WORD = re.compile(r"\w+")
SCALAR_TYPES = {str: ("text",), int: ("integer", "real"), float: ("integer", "real")}
SQLITE_INTEGERS = (-(2**63), 2**63 - 1)


class _ByDialect(ColumnElement):
    """One expression written twice: for PostgreSQL and for every other dialect (SQLite)."""

    inherit_cache = True
    _traverse_internals = [
        ("postgresql", InternalTraversal.dp_clauseelement),
        ("portable", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, postgresql: ColumnElement, portable: ColumnElement) -> None:
        self.postgresql = postgresql
        self.portable = portable
        self.type = postgresql.type

    @property
    def _from_objects(self):
        return self.postgresql._from_objects


@compiles(_ByDialect)
def _compile_portable(element: _ByDialect, compiler, **kw) -> str:
    return compiler.process(element.portable, **kw)


@compiles(_ByDialect, "postgresql")
def _compile_postgresql(element: _ByDialect, compiler, **kw) -> str:
    return compiler.process(element.postgresql, **kw)


def info_text(column: ColumnElement, key: str) -> ColumnElement:
    """The text of `column[key]` (NULL when absent), like PostgreSQL's `column ->> key`."""
    return _ByDialect(_pg_text(column, key), _sqlite_text(column, key))


def info_equals(column: ColumnElement, key: str, value: str) -> ColumnElement:
    """True where the text of `column[key]` equals `value`."""
    return info_text(column, key) == value


def info_contains(column: ColumnElement, wanted: Mapping[str, Any]) -> ColumnElement:
    """True where the JSON in `column` contains every top-level key/value of `wanted`."""
    pg = type_coerce(column, JSONB).contains(dict(wanted))
    portable = and_(true(), *(_sqlite_has(column, k, v) for k, v in wanted.items()))
    return _ByDialect(pg, portable)


@dataclass(frozen=True)
class FullTextSearch:
    """A full-text search over `info`: filter, extra columns and the rank to order by."""

    condition: ColumnElement
    headline: ColumnElement
    rank: ColumnElement
    words: tuple[str, ...] | None = None

    @property
    def columns(self) -> tuple[ColumnElement, ...]:
        return self.headline.label("headline"), self.rank.label("rank")

    def extra(self, headline: str | None, rank: float | None) -> dict[str, Any]:
        """The `headline` and `rank` reported for one matching row."""
        if self.words is not None and headline is not None:
            headline = highlight(headline, self.words)
        return {"headline": headline, "rank": float(rank or 0.0)}


def fulltext_search(
    dialect_name: str, column: ColumnElement, pairs: Sequence[tuple[str, str]]
) -> FullTextSearch:
    """Every pair (key, words) must match; headline and rank come from the first pair."""
    build = _pg_fulltext if dialect_name == "postgresql" else _sqlite_fulltext
    parts = [build(column, key, value) for key, value in pairs]
    first = parts[0]
    return FullTextSearch(
        and_(*(p.condition for p in parts)), first.headline, first.rank, first.words
    )


def highlight(text: str, words: Sequence[str]) -> str:
    """The text with every case-insensitive occurrence of a word wrapped in <b></b>."""
    if not words:
        return text
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)
    return pattern.sub(lambda match: "<b>" + match.group(0) + "</b>", str(text))


def search_words(value: str) -> tuple[str, ...]:
    """The words the SQLite fallback looks for."""
    return tuple(WORD.findall(value))


def _pg_text(column: ColumnElement, key: str) -> ColumnElement:
    return type_coerce(column, JSONB)[key].astext


def _json_each(column: ColumnElement):
    return func.json_each(column).table_valued("key", "value", "type")


def _sqlite_text(column: ColumnElement, key: str) -> ColumnElement:
    entries = _json_each(column)
    as_text = case(
        (entries.c.type.in_(["true", "false"]), entries.c.type), else_=cast(entries.c.value, Text)
    )
    return select(as_text).where(entries.c.key == key).scalar_subquery()


def _sqlite_has(column: ColumnElement, key: str, value: Any) -> ColumnElement:
    entries = _json_each(column)
    return exists(
        select(1).select_from(entries).where(entries.c.key == key, _sqlite_same(entries, value))
    )


def _sqlite_same(entries, value: Any) -> ColumnElement:
    """The json_each row holds the same JSON value (scalars by type and value)."""
    if value is None:
        return entries.c.type == "null"
    if isinstance(value, bool):
        return entries.c.type == ("true" if value else "false")
    if type(value) is int and not SQLITE_INTEGERS[0] <= value <= SQLITE_INTEGERS[1]:
        # SQLite binds no such int, and reads a JSON integer this large as a real.
        value = float(value)
    if type(value) in SCALAR_TYPES:
        return and_(entries.c.type.in_(SCALAR_TYPES[type(value)]), entries.c.value == value)
    encoded = json.dumps(value, separators=(",", ":"))
    return and_(entries.c.type.in_(["object", "array"]), entries.c.value == func.json(encoded))


def _pg_fulltext(column: ColumnElement, key: str, value: str) -> FullTextSearch:
    config = literal(TEXT_SEARCH_CONFIG, REGCONFIG)
    document = _pg_text(column, key)
    query = func.websearch_to_tsquery(config, value)
    vector = func.to_tsvector(config, document)
    return FullTextSearch(
        condition=vector.op("@@")(query),
        headline=func.ts_headline(config, document, query, type_=Text),
        rank=func.ts_rank_cd(vector, query, RANK_NORMALIZATION, type_=Float),
    )


def _sqlite_fulltext(column: ColumnElement, key: str, value: str) -> FullTextSearch:
    words = search_words(value)
    document = _sqlite_text(column, key)
    if not words:
        return FullTextSearch(false(), document, literal(0.0, Float), words)
    condition = and_(*(document.icontains(w, autoescape=True) for w in words))
    occurrences = sum(_occurrences(document, w) for w in words)
    rank = cast(occurrences, Float) / len(words)
    return FullTextSearch(condition, document, rank, words)


def _occurrences(document: ColumnElement, word: str) -> ColumnElement:
    """How many times `word` occurs in the document, ignoring ASCII case."""
    lowered = func.lower(document)
    removed = func.replace(lowered, func.lower(literal(word)), "")
    return (func.length(lowered) - func.length(removed)) // len(word)
