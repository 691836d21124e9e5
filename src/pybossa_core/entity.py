"""Rules shared by every entity: which fields a client may write and how changes apply."""
from collections.abc import Mapping
from typing import Any, ClassVar

from pybossa_core import errors
from pybossa_core.events import RecordsEvents


class Entity(RecordsEvents):
    """Mixin for the dataclass entities; subclasses declare their field policy as class sets
    (and record what happens to them, see events.py)."""

    KIND: ClassVar[str]
    WRITABLE: ClassVar[frozenset[str]]
    READ_ONLY: ClassVar[frozenset[str]]
    FILTERS: ClassVar[dict[str, type]]

    def apply_changes(self, changes: Mapping[str, Any]) -> None:
        """Set each writable field in `changes`; a read-only field may only repeat its value."""
        check_fields(type(self), changes.keys())
        for name, value in changes.items():
            if name in self.READ_ONLY:
                if _same(getattr(self, name, None), value):
                    continue
                raise errors.ReservedAttribute("Reserved keys in payload: " + name, self.KIND)
            setattr(self, name, value)


def refuse_project_move(entity: Entity, changes: Mapping[str, Any]) -> None:
    """Objects that belong to a project stay in it (InvalidInput otherwise)."""
    if changes.get("project_id", entity.project_id) != entity.project_id:
        message = f"A {entity.KIND} cannot move to another project"
        raise errors.InvalidInput(message, entity.KIND, {"project_id": [message]})


def check_new_fields(entity_type: type[Entity], fields: Mapping[str, Any]) -> None:
    """Refuse, in a new object's fields, unknown names and fields only the server sets."""
    check_fields(entity_type, fields.keys())
    reserved = sorted(n for n in fields if n in entity_type.READ_ONLY)
    if reserved:
        raise errors.ReservedAttribute("Reserved keys in payload: " + reserved[0],
                                       entity_type.KIND)


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
