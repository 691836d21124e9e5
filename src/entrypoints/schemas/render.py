"""Turn domain objects into the JSON each audience may see, with HATEOAS link fields.

The output schemas (outputs.py) declare each kind's fields once; rendering reads the field
list from them but converts values with the fields' own serializers directly: a schema's
`dump` machinery costs more than the data (most of a 100-task list's time, before).
"""
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from marshmallow import fields

from entrypoints.schemas import outputs
from pybossa_core import permissions
from pybossa_core.queries import Listed
from pybossa_core.users import Actor

SCHEMAS = {
    "category": outputs.CategoryOut, "project": outputs.ProjectOut, "task": outputs.TaskOut,
    "taskrun": outputs.TaskRunOut, "result": outputs.ResultOut,
    "helpingmaterial": outputs.HelpingMaterialOut, "user": outputs.UserOut,
}
# kind -> (rel, title, attribute holding the parent's id)
PARENTS = {
    "project": [("category", "category", "category_id")],
    "task": [("parent", "project", "project_id")],
    "taskrun": [("parent", "project", "project_id"), ("parent", "task", "task_id")],
    "result": [("parent", "project", "project_id"), ("parent", "task", "task_id")],
    "helpingmaterial": [("parent", "project", "project_id")],
}


_ABSENT = object()
Converter = Callable[[Any], Any]
# Values of these exact types come out of their field's serializer unchanged, so a list of
# a hundred rows skips a thousand calls; any other value goes through the serializer.
_UNCHANGED = {fields.String: str, fields.Integer: int, fields.Boolean: bool,
              fields.Float: float}
_ANY = object  # a Raw field: every value as it is


@cache
def _renderer(kind: str, only: tuple[str, ...] | None = None
              ) -> tuple[tuple[str, type | None, Converter], ...]:
    """(field name, type whose values pass as they are, converter) for the kind's fields,
    in declaration order."""
    declared = SCHEMAS[kind]._declared_fields
    return tuple((name, *_converter(declared[name])) for name in declared
                 if only is None or name in only)


def _converter(field: fields.Field) -> tuple[type | None, Converter]:
    if type(field) is fields.Raw:
        return _ANY, _unchanged
    if type(field) is fields.DateTime and field.format in (None, "iso"):
        return None, datetime.isoformat
    return _UNCHANGED.get(type(field)), lambda value: field._serialize(value, None, None)


def _unchanged(value: Any) -> Any:
    return value


def _dump(kind: str, obj: Any, only: tuple[str, ...] | None) -> dict[str, Any]:
    """What the kind's schema would dump: absent attributes are left out, None stays None.

    An entity's loaded values are read from its __dict__ (an ORM attribute's descriptor
    costs several times more); what is not there is asked of the object itself.
    """
    values = obj if isinstance(obj, Mapping) else vars(obj)
    data = {}
    for name, kept, convert in _renderer(kind, only):
        value = values.get(name, _ABSENT)
        if value is _ABSENT and values is not obj:
            value = getattr(obj, name, _ABSENT)
        if value is _ABSENT:
            continue
        if value is None or kept is _ANY or type(value) is kept:
            data[name] = value
        else:
            data[name] = convert(value)
    return data


def render(kind: str, obj: Any, actor: Actor, base_url: str | None = None, *,
           sees_private: bool = False) -> dict[str, Any]:
    """The object as `actor` may see it; with `base_url`, plus its `link`/`links` fields.

    Users get no link fields, as in PYBOSSA (their URL would reveal ids of private users).
    `sees_private` (decided by the use case: permissions.sees_gold) shows a task's gold
    answers and a task run's gold score.
    """
    data = _dump(kind, obj, _fields_for(kind, obj, actor, sees_private))
    if base_url is not None and kind != "user":
        parents = PARENTS.get(kind)
        if parents:
            data["links"] = [_link(rel, title, getattr(obj, attr), base_url)
                             for rel, title, attr in parents]
        data["link"] = _link("self", kind, obj.id, base_url)
    return data


def render_listed(kind: str, row: Listed, actor: Actor, base_url: str) -> dict[str, Any]:
    """A list entry: the object, its links, then what the query added (rank, related...)."""
    data = render(kind, row.item, actor, base_url, sees_private=row.sees_private)
    for key, value in row.extra.items():
        data[key] = _render_extra(key, value, actor, row.sees_private)
    return data


def _render_extra(key: str, value: Any, actor: Actor, sees_private: bool) -> Any:
    if key == "task_runs":  # the task's own runs: same project, same right
        return [render("taskrun", run, actor, sees_private=sees_private) for run in value]
    if key == "result":
        return None if value is None else render("result", value, actor)
    return value


def _fields_for(kind: str, obj: Any, actor: Actor,
                sees_private: bool) -> tuple[str, ...] | None:
    if kind in outputs.PRIVATE_FIELDS:
        return _declared_without(kind, () if sees_private else outputs.PRIVATE_FIELDS[kind])
    if kind == "project":
        hidden = () if permissions.sees_secrets(actor, obj) else outputs.PROJECT_SECRETS
        if not permissions.sees_settings(actor, obj):
            hidden += outputs.PROJECT_SETTINGS
        return _declared_without(kind, hidden)
    if kind == "user":
        return _user_fields(obj, actor)
    return None


@cache
def _declared_without(kind: str, hidden: tuple[str, ...]) -> tuple[str, ...]:
    """The kind's fields less the hidden ones: a handful of combinations, each computed once
    instead of once per rendered row."""
    return tuple(name for name in SCHEMAS[kind]._declared_fields if name not in hidden)


def _user_fields(user: Any, actor: Actor) -> tuple[str, ...]:
    if actor.user_id == user.id:
        return outputs.USER_SELF
    if actor.admin:
        return outputs.USER_ADMIN_VIEW
    return outputs.USER_PRIVATE if user.privacy_mode else outputs.USER_PUBLIC


def _link(rel: str, title: str, object_id: Any, base_url: str) -> str:
    return f"<link rel='{rel}' title='{title}' href='{base_url}/api/{title}/{object_id}'/>"
