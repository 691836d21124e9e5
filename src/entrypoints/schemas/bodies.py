"""Reading request bodies: bounded JSON objects split into writable fields and echoes."""

import json
from typing import Any

import falcon
from marshmallow import Schema, ValidationError

from entrypoints.errors import BadBody
from pybossa_core import errors, json_values
from pybossa_core.entity import Changes

HYPERMEDIA = frozenset({"link", "links"})


def read_json_object(req: falcon.Request, max_bytes: int) -> dict[str, Any]:
    """The body as a JSON object; malformed JSON answers as PYBOSSA does (POST 400, PUT 415)."""
    raw = req.bounded_stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise BadBody(413, "RequestEntityTooLarge", f"The body is larger than {max_bytes} bytes")
    try:
        body = json_values.decode(raw)
    except json_values.RefusedJson as exc:
        raise BadBody(400, "BadRequest", sentence(exc)) from None
    except json_values.NotJson as exc:
        status, cls = (400, "BadRequest") if req.method == "POST" else (415, "ValueError")
        raise BadBody(status, cls, f"The body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadBody(400, "BadRequest", "The body must be a JSON object")
    return body


def decode_part(text: str) -> Any:
    """A form part's value: its JSON value when it is JSON, else the text itself; what the
    shared decoder refuses (1e400, NUL, deep nesting...) is a 400 either way."""
    if "\x00" in text:
        raise BadBody(400, "BadRequest", "NUL characters are not accepted")
    try:
        return json_values.decode(text)
    except json_values.RefusedJson as exc:
        raise BadBody(400, "BadRequest", sentence(exc)) from None
    except json_values.NotJson:
        return text


def sentence(exc: Exception) -> str:
    """An exception's message as a sentence of an error body."""
    text = str(exc)
    return text[:1].upper() + text[1:]


def refuse_lone_surrogates(value: Any) -> None:
    """A 400 for a string holding an unpaired UTF-16 surrogate: it can be neither stored nor
    sent back as UTF-8 (a pair, as JSON escapes emoji, is one character and fine)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadBody(
            400,
            "BadRequest",
            "Strings must not contain unpaired UTF-16 surrogates (\\ud800-\\udfff)",
        ) from None


def split_fields(
    body: dict[str, Any], schema: Schema, entity_type: type, target: str, creating: bool
) -> Changes:
    """What the client sent: the validated writable fields, and the read-only echoes (which
    the entity checks are unchanged; there are none when creating).

    Unknown keys are UnknownAttribute (415); read-only keys on creation are ReservedAttribute
    (400); values of the wrong type are InvalidInput (400) with one message per field.
    """
    body = {k: v for k, v in body.items() if k not in HYPERMEDIA}
    echoes = {k: v for k, v in body.items() if k not in schema.fields}
    unknown = sorted(k for k in echoes if k not in entity_type.READ_ONLY)
    if unknown:
        raise errors.UnknownAttribute(
            f"'{unknown[0]}' is an invalid keyword argument for {entity_type.__name__}", target
        )
    if creating and echoes:
        raise errors.ReservedAttribute(
            "Reserved keys in payload: " + ", ".join(sorted(echoes)), target
        )
    try:
        data = schema.load({k: v for k, v in body.items() if k in schema.fields})
    except ValidationError as exc:
        raise errors.InvalidInput(
            f"Invalid {target}: {_summary(exc.messages)}", target, _as_lists(exc.messages)
        ) from None
    return Changes(data, echoes)


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
