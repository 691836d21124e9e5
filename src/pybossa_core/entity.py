"""Rules shared by every entity: which fields a client may write and how changes apply."""

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pybossa_core import errors
from pybossa_core.events import RecordsEvents


@dataclass(frozen=True)
class Changes:
    """A partial update as the client sent it: only the fields it names change.

    `values` are the fields to set; `echoed` are read-only fields sent back as the client read
    them, accepted only unchanged. The entity decides (Entity.apply_changes): a name it does
    not have is UnknownAttribute, a read-only one with another value ReservedAttribute.
    """

    values: Mapping[str, Any] = field(default_factory=dict)
    echoed: Mapping[str, Any] = field(default_factory=dict)

    def names(self) -> set[str]:
        """Every field the client sent, set or echoed."""
        return set(self.values) | set(self.echoed)

    def get(self, name: str, default: Any = None) -> Any:
        """The value sent for `name`, set or echoed (`default` when it was not sent)."""
        return self.values.get(name, self.echoed.get(name, default))

    def without(self, name: str) -> "Changes":
        """These changes less the value of `name` (one the use case applies itself)."""
        return Changes({k: v for k, v in self.values.items() if k != name}, self.echoed)

    def with_value(self, name: str, value: Any) -> "Changes":
        """These changes with `name` set to `value` (one the use case composes itself)."""
        return Changes({**self.values, name: value}, self.echoed)


class Entity(RecordsEvents):
    """Mixin for the dataclass entities (which record what happens to them, see events.py).

    A subclass states its field policy: WRITABLE, what a client may write; ADMIN_WRITABLE,
    what an admin may write besides; FILTERABLE, what a list of it may be filtered and ordered
    by; SERVER_ONLY, fields no client is shown or may send; ECHOED, derived values a client is
    shown and may send back unchanged. READ_ONLY and FILTERS follow from those and the class's
    fields when the class is made.
    """

    KIND: ClassVar[str]
    WRITABLE: ClassVar[frozenset[str]]
    ADMIN_WRITABLE: ClassVar[frozenset[str]] = frozenset()
    FILTERABLE: ClassVar[tuple[str, ...]]
    SERVER_ONLY: ClassVar[frozenset[str]] = frozenset()
    ECHOED: ClassVar[frozenset[str]] = frozenset()
    # Derived: every other field a client is shown, which it may only send back unchanged;
    # and each filterable field's type, as the field's annotation says.
    READ_ONLY: ClassVar[frozenset[str]]
    FILTERS: ClassVar[dict[str, type]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        stored = stored_fields(cls)
        policy = cls.WRITABLE | cls.SERVER_ONLY
        undeclared = sorted((policy | cls.ADMIN_WRITABLE | set(cls.FILTERABLE)) - stored.keys())
        if undeclared:
            raise TypeError(f"{cls.__name__} has no field {undeclared[0]}")
        cls.READ_ONLY = frozenset(stored.keys() - policy) | cls.ECHOED
        cls.FILTERS = {name: value_type(stored[name]) for name in cls.FILTERABLE}

    def apply_changes(self, changes: Changes) -> None:
        """Set each writable field of `changes`; a read-only field may only repeat its value."""
        check_fields(type(self), changes.names())
        sent = {**changes.values, **changes.echoed}
        for name, value in sent.items():
            if name in self.READ_ONLY and not _same(getattr(self, name, None), value):
                raise errors.ReservedAttribute("Reserved keys in payload: " + name, self.KIND)
        for name, value in sent.items():
            if name not in self.READ_ONLY:
                setattr(self, name, value)


def fields_of(command: Any) -> dict[str, Any]:
    """A creation command's fields by name, to give an entity's constructor."""
    return {f.name: getattr(command, f.name) for f in dataclasses.fields(command)}


def default_of(entity_type: type, name: str) -> Any:
    """The default of an entity's field: a creation command states it by naming it."""
    return next(f.default for f in dataclasses.fields(entity_type) if f.name == name)


def refuse_project_move(entity: Entity, changes: Changes) -> None:
    """Objects that belong to a project stay in it (InvalidInput otherwise)."""
    if changes.get("project_id", entity.project_id) != entity.project_id:
        message = f"A {entity.KIND} cannot move to another project"
        raise errors.InvalidInput(message, entity.KIND, {"project_id": [message]})


def check_fields(entity_type: type[Entity], names) -> None:
    """Refuse names the entity does not have (UnknownAttribute)."""
    unknown = sorted(n for n in names if n not in entity_type.WRITABLE | entity_type.READ_ONLY)
    if unknown:
        raise errors.UnknownAttribute(
            f"'{unknown[0]}' is an invalid keyword argument for {entity_type.__name__}",
            entity_type.KIND,
        )


def _same(current: Any, given: Any) -> bool:
    """Compare a stored value with one echoed back by a client (timestamps come back as text)."""
    if hasattr(current, "isoformat") and isinstance(given, str):
        return current.isoformat() == given
    return current == given


def stored_fields(entity_type: type) -> dict[str, Any]:
    """The entity's fields (its annotations but the ClassVars), each with its annotation."""
    return {
        name: annotation
        for name, annotation in typing.get_type_hints(entity_type).items()
        if typing.get_origin(annotation) is not ClassVar
    }


def value_type(annotation: Any) -> type:
    """The type of a field's values, None aside (`int | None` gives int): what a list
    filter turns query-string text into."""
    annotation, _ = without_none(annotation)
    if annotation not in (bool, int, float, str):
        raise TypeError(f"a list cannot be filtered by a field of type {annotation}")
    return annotation


def without_none(annotation: Any) -> tuple[Any, bool]:
    """The annotation with None taken out of it (`int | None` gives int; a union of several
    other types gives Any), and whether it allowed None."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return annotation, False
    others = [a for a in typing.get_args(annotation) if a is not type(None)]
    nullable = len(others) < len(typing.get_args(annotation))
    return (others[0] if len(others) == 1 else Any), nullable
