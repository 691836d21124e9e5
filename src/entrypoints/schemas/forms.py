"""Account forms as PYBOSSA's JSON front ends expect them: values, csrf and errors."""

from typing import Any

import falcon

from entrypoints.errors import BadBody
from entrypoints.schemas.bodies import read_json_object
from pybossa_core import errors

SECRET_FIELDS = frozenset({"password", "confirm", "current_password", "new_password"})
FORM_TYPES = (falcon.MEDIA_URLENCODED, falcon.MEDIA_MULTIPART)
# What a front end may post back of a form it was given, beside its fields: ignored.
FORM_ECHOES = frozenset({"csrf", "csrf_token", "errors", "btn"})


def form(values: dict[str, Any], csrf: str, errors: dict | None = None) -> dict[str, Any]:
    """A form echoing what was sent, except passwords, which never travel back. Its token is
    `csrf`; PYBOSSA's forms also carry an always empty `csrf_token`, which its themes read."""
    echoed = {k: ("" if k in SECRET_FIELDS and v else v) for k, v in values.items()}
    return {**echoed, "csrf": csrf, "csrf_token": "", "errors": errors or {}}


def read_form(
    req: falcon.Request,
    max_bytes: int,
    names: tuple[str, ...],
    *,
    refuse_unknown: bool = False,
    echoes: frozenset[str] = FORM_ECHOES,
) -> dict[str, Any]:
    """The posted fields (JSON, urlencoded or multipart text parts) named in `names`.

    Missing fields are empty strings; fields that are not strings or booleans are refused.
    With `refuse_unknown`, a field neither named nor one of the form's `echoes` is refused
    (UnknownAttribute, 415), as the project forms refuse it.
    """
    content_type = req.content_type or ""
    if content_type.startswith(FORM_TYPES):
        raw = _form_fields(req)
    else:
        raw = read_json_object(req, max_bytes)
    unknown = sorted(set(raw) - set(names) - echoes) if refuse_unknown else []
    if unknown:
        raise errors.UnknownAttribute(
            f"'{unknown[0]}' is not a field of this form", req.context.target or "form"
        )
    values = {}
    for name in names:
        value = raw.get(name, "")
        if not isinstance(value, str | bool) and value is not None:
            raise BadBody(400, "BadRequest", f"{name} must be text")
        if isinstance(value, str) and "\x00" in value:  # PostgreSQL text cannot hold NUL
            raise BadBody(400, "BadRequest", "NUL characters are not accepted")
        values[name] = "" if value is None else value
    return values


def _form_fields(req: falcon.Request) -> dict[str, Any]:
    media = req.get_media()
    if isinstance(media, dict):
        return {k: (v[-1] if isinstance(v, list) else v) for k, v in media.items()}
    return {part.name: part.get_text() for part in media if part.filename is None}
