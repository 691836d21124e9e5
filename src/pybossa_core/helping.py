"""Helping materials: tutorials and media attached to a project."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core.entity import Entity, refuse_project_move


@dataclass(eq=False)
class HelpingMaterial(Entity):
    """Extra material for volunteers; `media_url` may point at an uploaded file."""

    project_id: int
    created: datetime
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = None
    priority: float | None = None
    id: int | None = None

    KIND: ClassVar[str] = "helpingmaterial"
    WRITABLE: ClassVar[frozenset[str]] = frozenset({"project_id", "info", "media_url", "priority"})
    READ_ONLY: ClassVar[frozenset[str]] = frozenset({"id", "created"})
    FILTERS: ClassVar[dict[str, type]] = {
        "id": int, "project_id": int, "media_url": str, "priority": float,
    }

    def change(self, changes: dict[str, Any]) -> None:
        refuse_project_move(self, changes)
        self.apply_changes(changes)
