"""The encoder of JSON response bodies: orjson, the standard library where orjson refuses."""

import json
from typing import Any

import orjson


def encode(value: Any) -> bytes:
    """UTF-8 JSON of a rendered value.

    orjson writes a list of 100 tasks in a fraction of the standard library's time (see
    docs/benchmarks.md). It refuses what JSON values stored by PYBOSSA may hold and the
    standard library writes: integers beyond 64 bits and non-string keys; those bodies
    take the slower path and read the same.
    """
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False).encode()
