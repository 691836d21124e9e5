"""Categories group projects; only admins manage them."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core.entity import Entity, default_of


@dataclass(eq=False)
class Category(Entity):
    """A named group of projects."""

    name: str
    short_name: str
    created: datetime
    description: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    KIND: ClassVar[str] = "category"
    WRITABLE: ClassVar[frozenset[str]] = frozenset({"name", "short_name", "description", "info"})
    FILTERABLE: ClassVar[tuple[str, ...]] = ("id", "name", "short_name", "description")


@dataclass(frozen=True)
class CreateCategory:
    """The command to create a category (admins only)."""

    name: str
    short_name: str
    description: str | None = default_of(Category, "description")
    info: dict[str, Any] = field(default_factory=dict)
