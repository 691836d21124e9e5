"""Reading request bodies: bounded JSON objects split into writable fields and echoes."""
import json
import re
from typing import Any

import falcon
from marshmallow import Schema, ValidationError

from entrypoints.errors import BadBody
from pybossa_core import errors

HYPERMEDIA = frozenset({"link", "links"})
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")  # \ud800-\udfff: half of a UTF-16 pair


def read_json_object(req: falcon.Request, max_bytes: int) -> dict[str, Any]:
    """The body as a JSON object; malformed JSON answers as PYBOSSA does (POST 400, PUT 415)."""
    raw = req.bounded_stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise BadBody(413, "RequestEntityTooLarge", f"The body is larger than {max_bytes} bytes")
    if b"\x00" in raw or b"\\u0000" in raw:
        raise BadBody(400, "BadRequest", "NUL characters are not accepted")
    try:
        body = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        status, cls = (400, "BadRequest") if req.method == "POST" else (415, "ValueError")
        raise BadBody(status, cls, f"The body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadBody(400, "BadRequest", "The body must be a JSON object")
    if SURROGATE_ESCAPE.search(raw):
        refuse_lone_surrogates(body)
    return body


def refuse_lone_surrogates(value: Any) -> None:
    """A 400 for a string holding an unpaired UTF-16 surrogate: it can be neither stored nor
    sent back as UTF-8 (a pair, as JSON escapes emoji, is one character and fine)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadBody(400, "BadRequest", "Strings must not contain unpaired UTF-16 surrogates "
                                         "(\\ud800-\\udfff)") from None


def split_fields(body: dict[str, Any], schema: Schema, entity_type: type, target: str,
                 creating: bool) -> dict[str, Any]:
    """Validated writable fields plus read-only echoes (which the entity checks are unchanged).

    Unknown keys are UnknownAttribute (415); read-only keys on creation are ReservedAttribute
    (400); values of the wrong type are InvalidInput (400) with one message per field.
    """
    body = {k: v for k, v in body.items() if k not in HYPERMEDIA}
    echoes = {k: v for k, v in body.items() if k not in schema.fields}
    unknown = sorted(k for k in echoes if k not in entity_type.READ_ONLY)
    if unknown:
        raise errors.UnknownAttribute(
            f"'{unknown[0]}' is an invalid keyword argument for {entity_type.__name__}", target)
    if creating and echoes:
        raise errors.ReservedAttribute("Reserved keys in payload: " + ", ".join(sorted(echoes)),
                                       target)
    try:
        data = schema.load({k: v for k, v in body.items() if k in schema.fields})
    except ValidationError as exc:
        raise errors.InvalidInput(f"Invalid {target}: {_summary(exc.messages)}", target,
                                  _as_lists(exc.messages)) from None
    return {**data, **echoes}


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _summary(messages: Any) -> str:
    if isinstance(messages, dict):
        return "; ".join(f"{field}: {_summary(msg)}" for field, msg in messages.items())
    if isinstance(messages, list):
        return " ".join(str(m) for m in messages)
    return str(messages)


def _as_lists(messages: Any) -> dict[str, list[str]]:
    if not isinstance(messages, dict):
        return {"_schema": [_summary(messages)]}
    return {str(k): [_summary(v)] for k, v in messages.items()}
