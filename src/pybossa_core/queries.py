"""ListQuery: what a client may ask of a list (paging, filters, info search), validated."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pybossa_core import errors, json_values

INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # every id and count is a 32-bit column
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# A full-text search looks for at most this many words in at most this many characters:
# each word is a clause of the query (a LIKE pass over every row on SQLite), so an unbounded
# one is a way to stall the database.
MAX_FULLTEXT_WORDS = 32
MAX_FULLTEXT_CHARS = 500
SEARCH_WORD = re.compile(r"\w+")
CONTROL_PARAMS = frozenset(
    {
        "limit",
        "offset",
        "last_id",
        "orderby",
        "desc",
        "info",
        "fulltextsearch",
        "all",
        "related",
    }
)
ORDER_ONLY = frozenset({"created"})  # sortable on every kind, but not an equality filter
TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
FALSE = frozenset({"0", "false", "f", "no", "n", "off"})

T = TypeVar("T")


@dataclass(frozen=True)
class ListQuery:
    """A validated list request; the scope fields are set by use cases, never by clients."""

    filters: Mapping[str, Any] = field(default_factory=dict)
    info_pairs: tuple[tuple[str, str], ...] = ()
    info_contains: Mapping[str, Any] | None = None
    fulltext: bool = False
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    last_id: int | None = None
    orderby: str = "id"
    desc: bool = False
    related: bool = False
    all: bool = False
    owner_scope: int | None = None
    draft_viewer: int | None = None
    include_drafts: bool = False


@dataclass
class Listed(Generic[T]):
    """One object of a list with what the query added to it (headline, rank, related objects)."""

    item: T
    extra: dict[str, Any] = field(default_factory=dict)
    sees_gold: bool = False  # the reader sees its project's gold (permissions.sees_gold)


def parse_list_query(params: Mapping[str, str], entity_type: type, target: str) -> ListQuery:
    """Build a ListQuery from query-string values; unknown names are UnknownAttribute errors."""
    filterable = entity_type.FILTERS
    unknown = [k for k in params if k not in CONTROL_PARAMS and k not in filterable]
    if unknown:
        raise errors.UnknownAttribute(
            f"type object '{entity_type.__name__}' has no attribute '{unknown[0]}'", target
        )
    filters = {
        k: parse_value(k, v, filterable[k], target) for k, v in params.items() if k in filterable
    }
    orderby = params.get("orderby", "id")
    if orderby not in filterable and orderby not in ORDER_ONLY:
        raise errors.UnknownAttribute(
            f"type object '{entity_type.__name__}' has no attribute '{orderby}'", target
        )
    query = ListQuery(
        filters=filters,
        fulltext=_flag(params, "fulltextsearch", target),
        limit=min(_count(params, "limit", DEFAULT_LIMIT, target), MAX_LIMIT),
        offset=_count(params, "offset", 0, target),
        last_id=_count(params, "last_id", None, target),
        orderby=orderby,
        desc=_flag(params, "desc", target),
        related=_flag(params, "related", target),
        all=_flag(params, "all", target),
        **_info(params.get("info"), target),
    )
    if query.last_id is not None and orderby != "id":
        raise _bad("last_id", "last_id pages by id and cannot be combined with orderby", target)
    if query.fulltext and not query.info_pairs:
        raise _bad("fulltextsearch", "fulltextsearch needs info=key::words", target)
    if query.fulltext:
        _check_search_words(query.info_pairs, target)
    return query


def _check_search_words(pairs: tuple[tuple[str, str], ...], target: str) -> None:
    """The searched text of all pairs together stays within the full-text bounds."""
    text = " ".join(value for _, value in pairs)
    words = len(SEARCH_WORD.findall(text))
    if len(text) > MAX_FULLTEXT_CHARS or words > MAX_FULLTEXT_WORDS:
        raise _bad(
            "info",
            f"a full-text search takes at most {MAX_FULLTEXT_WORDS} words "
            f"and {MAX_FULLTEXT_CHARS} characters",
            target,
        )


def parse_value(name: str, raw: str, kind: type, target: str) -> Any:
    """Turn one query-string value into the field's type (InvalidInput when it is not one)."""
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in TRUE | FALSE:
            return lowered in TRUE
        raise _bad(name, f"'{raw}' is not a boolean", target)
    if kind is str:
        if "\x00" in raw:  # no database text holds NUL (PostgreSQL refuses it outright)
            raise _bad(name, "NUL characters are not accepted", target)
        return raw
    try:
        value = kind(raw)
    except ValueError:
        raise _bad(name, f"'{raw}' is not a valid {kind.__name__}", target) from None
    if kind is int and not INT_MIN <= value <= INT_MAX:
        raise _bad(name, f"'{raw}' is out of range", target)
    if kind is float and value != value:
        raise _bad(name, "NaN is not a number", target)
    return value


def _count(params: Mapping[str, str], name: str, default: int | None, target: str) -> int | None:
    if name not in params:
        return default
    value = parse_value(name, params[name], int, target)
    if value < 0:
        raise _bad(name, "must not be negative", target)
    return value


def _flag(params: Mapping[str, str], name: str, target: str) -> bool:
    return name in params and parse_value(name, params[name], bool, target)


def _info(raw: str | None, target: str) -> dict[str, Any]:
    """`info=k::v|k2::v2` gives pairs; `info={"k": "v"}` gives JSON containment."""
    if raw is None:
        return {}
    if "\x00" in raw:
        raise _bad("info", "NUL characters are not accepted", target)
    if raw.lstrip().startswith("{"):
        try:
            contains = json_values.decode(raw)
        except json_values.NotJson as exc:
            raise _bad("info", f"info is not valid JSON: {exc}", target) from None
        if not isinstance(contains, dict):
            raise _bad("info", "info JSON must be an object", target)
        return {"info_contains": contains}
    pairs: list[tuple[str, str]] = []
    for part in raw.split("|"):
        key, sep, value = part.partition("::")
        if sep and key:
            pairs.append((key, value))
        elif pairs:  # a '|' inside a value (full-text operators), not between pairs
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + "|" + part)
        else:
            raise _bad("info", "use info=key::value, several joined by '|'", target)
    return {"info_pairs": tuple(pairs)}


def _bad(name: str, message: str, target: str) -> errors.InvalidInput:
    return errors.InvalidInput(f"{name}: {message}", target, {name: [message]})
