"""How the fake repositories filter and page a ListQuery, as the SQL listing does."""
import json
from typing import Any

from pybossa_core.queries import Listed, ListQuery


def match_info_pairs(info: dict[str, Any], query: ListQuery) -> dict[str, Any] | None:
    """The extras (headline, rank) when `info` matches every info pair, else None."""
    extra: dict[str, Any] = {}
    for key, value in query.info_pairs:
        if key not in info:
            return None
        if not query.fulltext:
            if astext(info[key]) != value:
                return None
            continue
        text, words = str(info[key]), value.lower().split()
        if not words or not all(w in text.lower() for w in words):
            return None
        extra.setdefault("headline", text)
        extra["rank"] = extra.get("rank", 0.0) + sum(text.lower().count(w) for w in words)
    return extra


def astext(value: Any) -> str:
    """What PostgreSQL's `info->>key` gives for a JSON value."""
    return value if isinstance(value, str) else json.dumps(value)


def page(listed: list[Listed], query: ListQuery) -> list[Listed]:
    """One page in the query's order: keyset after last_id, else orderby with offset."""
    if query.last_id is not None:
        if query.desc:
            kept = [r for r in listed if r.item.id < query.last_id]
        else:
            kept = [r for r in listed if r.item.id > query.last_id]
        return sorted(kept, key=lambda r: r.item.id, reverse=query.desc)[:query.limit]

    def order(row: Listed) -> tuple:
        value = getattr(row.item, query.orderby, None)
        return (value is None, 0 if value is None else value, row.item.id)

    ordered = sorted(listed, key=order, reverse=query.desc)
    return ordered[query.offset:query.offset + query.limit]
