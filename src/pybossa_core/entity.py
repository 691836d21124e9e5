"""Rules shared by every entity: which fields a client may write and how changes apply."""
import dataclasses
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


class Entity(RecordsEvents):
    """Mixin for the dataclass entities; subclasses declare their field policy as class sets
    (and record what happens to them, see events.py)."""

    KIND: ClassVar[str]
    WRITABLE: ClassVar[frozenset[str]]
    READ_ONLY: ClassVar[frozenset[str]]
    FILTERS: ClassVar[dict[str, type]]

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
            entity_type.KIND)


def _same(current: Any, given: Any) -> bool:
    """Compare a stored value with one echoed back by a client (timestamps come back as text)."""
    if hasattr(current, "isoformat") and isinstance(given, str):
        return current.isoformat() == given
    return current == given
