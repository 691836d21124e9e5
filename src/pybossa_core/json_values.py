"""The one JSON decoder for what clients send: finite numbers, no NUL, bounded nesting.

Every body, form part, query value and import row that carries JSON is read here, so what
one entry point refuses no other lets through: a number too large for a double (1e400) or
NaN/Infinity (no JSON column stores them), a NUL character (PostgreSQL text cannot hold it),
an unpaired UTF-16 surrogate (no UTF-8 text holds it) and nesting deeper than MAX_DEPTH
(checked on the text before decoding, so no recursion ever runs out of stack).
"""

import json
import math
import re
from typing import Any

MAX_DEPTH = 64
TOKENS = re.compile(r'\\.|["\[\]{}]', re.DOTALL)  # escapes, quotes and brackets, in order
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # \ud800-\udfff: half of a UTF-16 pair
NUL_ESCAPE = re.compile(r"\\u0000")


class NotJson(ValueError):
    """The text is not JSON at all (a syntax error)."""


class RefusedJson(NotJson):
    """The text is JSON, or nearly, but holds what the server never stores."""


def decode(raw: str | bytes) -> Any:
    """The JSON value of `raw`; NotJson when it is malformed, RefusedJson when it is refused."""
    text = _text(raw)
    if "\x00" in text:
        raise RefusedJson("NUL characters are not accepted")
    check_depth(text)
    try:
        value = DECODER.decode(text)
    except RefusedJson:
        raise
    except (ValueError, RecursionError) as exc:
        raise NotJson(f"not valid JSON: {exc}") from None
    check_value(value, text)
    return value


def check_depth(text: str) -> None:
    """RefusedJson when arrays and objects nest deeper than MAX_DEPTH (linear in the text)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth, in_string = 0, False
    for match in TOKENS.finditer(text):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise RefusedJson(f"arrays and objects nest deeper than {MAX_DEPTH} levels")
        else:
            depth -= 1


def check_value(value: Any, text: str) -> None:
    """RefusedJson when the decoded `value` (from `text`) holds NUL or a lone surrogate."""
    if NUL_ESCAPE.search(text) and any("\x00" in s for s in _strings(value)):
        raise RefusedJson("NUL characters are not accepted")
    if SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise RefusedJson(
                "strings must not contain unpaired UTF-16 surrogates (\\ud800-\\udfff)"
            ) from None


def _text(raw: str | bytes) -> str:
    if isinstance(raw, str):
        return raw
    try:  # as json.loads reads bytes: UTF-8, -16 or -32, told apart by their first bytes
        return raw.decode(json.detect_encoding(raw), "surrogatepass")
    except UnicodeDecodeError as exc:
        raise NotJson(f"not valid JSON: the text is not UTF-8 ({exc.reason})") from None


def _strings(value: Any):
    """Every string in `value`, keys included, walked without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _refuse_constant(name: str) -> None:
    raise RefusedJson(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise RefusedJson(f"{text[:40]} is too large a number")
    return value


def _finite_int(text: str) -> int:
    value = int(text)  # more than 4300 digits: ValueError, as for any malformed number
    try:
        float(value)
    except OverflowError:
        raise RefusedJson(f"{text[:40]}... is too large a number") from None
    return value


DECODER = json.JSONDecoder(
    parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_finite_int
)
