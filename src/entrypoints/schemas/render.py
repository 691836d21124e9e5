"""Turn domain objects into the JSON each audience may see, with HATEOAS link fields.

The output schemas (outputs.py) declare each kind's fields once; rendering reads the field
list from them but converts values with the fields' own serializers directly: a schema's
`dump` machinery costs more than the data (most of a 100-task list's time, before). Which
fields an audience is not shown is permissions' answer (hidden_fields and its variants),
one of a few constant sets, each prepared once.
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
    "category": outputs.CategoryOut,
    "project": outputs.ProjectOut,
    "task": outputs.TaskOut,
    "taskrun": outputs.TaskRunOut,
    "result": outputs.ResultOut,
    "helpingmaterial": outputs.HelpingMaterialOut,
    "announcement": outputs.AnnouncementOut,
    "blogpost": outputs.BlogPostOut,
    "page": outputs.PageOut,
    "user": outputs.UserOut,
}
# kind -> (rel, title, attribute holding the parent's id)
PARENTS = {
    "project": [("category", "category", "category_id")],
    "task": [("parent", "project", "project_id")],
    "taskrun": [("parent", "project", "project_id"), ("parent", "task", "task_id")],
    "result": [("parent", "project", "project_id"), ("parent", "task", "task_id")],
    "helpingmaterial": [("parent", "project", "project_id")],
    "blogpost": [("parent", "project", "project_id")],
    "page": [("parent", "project", "project_id")],
}


_ABSENT = object()
Converter = Callable[[Any], Any]
# Values of these exact types come out of their field's serializer unchanged, so a list of
# a hundred rows skips a thousand calls; any other value goes through the serializer.
_UNCHANGED = {fields.String: str, fields.Integer: int, fields.Boolean: bool, fields.Float: float}
_ANY = object  # a Raw field: every value as it is


@cache
def _renderer(kind: str, hidden: frozenset[str]) -> tuple[tuple[str, type | None, Converter], ...]:
    """(field name, type whose values pass as they are, converter) for the kind's fields
    but the hidden ones, in declaration order."""
    declared = SCHEMAS[kind]._declared_fields
    return tuple((name, *_converter(declared[name])) for name in declared if name not in hidden)


def _converter(field: fields.Field) -> tuple[type | None, Converter]:
    if type(field) is fields.Raw:
        return _ANY, _unchanged
    if type(field) is fields.DateTime and field.format in (None, "iso"):
        return None, datetime.isoformat
    return _UNCHANGED.get(type(field)), lambda value: field._serialize(value, None, None)


def _unchanged(value: Any) -> Any:
    return value


def _dump(kind: str, obj: Any, hidden: frozenset[str]) -> dict[str, Any]:
    """What the kind's schema would dump: absent attributes are left out, None stays None.

    An entity's loaded values are read from its __dict__ (an ORM attribute's descriptor
    costs several times more); what is not there is asked of the object itself.
    """
    values = obj if isinstance(obj, Mapping) else vars(obj)
    data = {}
    for name, kept, convert in _renderer(kind, hidden):
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


def render(
    kind: str, obj: Any, hidden: frozenset[str], base_url: str | None = None
) -> dict[str, Any]:
    """The object without its `hidden` fields (as permissions decide them for the audience);
    with `base_url`, plus its `link`/`links` fields.

    Users get no link fields, as in PYBOSSA (their URL would reveal ids of private users).
    """
    data = _dump(kind, obj, hidden)
    if base_url is not None and kind != "user":
        parents = PARENTS.get(kind)
        if parents:
            data["links"] = [
                _link(rel, title, getattr(obj, attr), base_url) for rel, title, attr in parents
            ]
        data["link"] = _link("self", kind, obj.id, base_url)
    return data


def render_listed(kind: str, row: Listed, actor: Actor, base_url: str) -> dict[str, Any]:
    """A list entry: the object, its links, then what the query added (rank, related...)."""
    hidden = permissions.hidden_fields(actor, kind, row.item, gold=row.sees_gold)
    data = render(kind, row.item, hidden, base_url)
    for key, value in row.extra.items():
        data[key] = _render_extra(key, value, actor, row.sees_gold)
    return data


def _render_extra(key: str, value: Any, actor: Actor, sees_gold: bool) -> Any:
    if key == "task_runs":  # the task's own runs: same project, same gold
        return [
            render("taskrun", run, permissions.hidden_fields(actor, "taskrun", run, gold=sees_gold))
            for run in value
        ]
    if key == "result":
        return (
            None
            if value is None
            else render("result", value, permissions.hidden_fields(actor, "result", value))
        )
    return value


def _link(rel: str, title: str, object_id: Any, base_url: str) -> str:
    return f"<link rel='{rel}' title='{title}' href='{base_url}/api/{title}/{object_id}'/>"
