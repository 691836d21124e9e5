"""Helping materials: tutorials and media attached to a project."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core.entity import Changes, Entity, default_of, refuse_project_move


def project_container(project_id: int) -> str:
    """The storage container of a project's uploaded files."""
    return f"project_{project_id}"


@dataclass(eq=False)
class HelpingMaterial(Entity):
    """Extra material for volunteers; `media_url` may point at an uploaded file."""

    project_id: int
    created: datetime
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = None
    priority: float | None = None
    id: int | None = None
    # "container/name" of the file the server stored for it: server state, never a client's
    # (client-writable `info` only echoes it, as PYBOSSA's responses do).
    stored_file: str | None = None

    KIND: ClassVar[str] = "helpingmaterial"
    WRITABLE: ClassVar[frozenset[str]] = frozenset({"project_id", "info", "media_url", "priority"})
    SERVER_ONLY: ClassVar[frozenset[str]] = frozenset({"stored_file"})
    FILTERABLE: ClassVar[tuple[str, ...]] = ("id", "project_id", "media_url", "priority")

    def change(self, changes: Changes) -> None:
        refuse_project_move(self, changes)
        self.apply_changes(changes)

    def stored_location(self) -> tuple[str, str] | None:
        """(container, name) of the file the server stored for this material, if any."""
        if not self.stored_file or "/" not in self.stored_file:
            return None
        container, name = self.stored_file.split("/", 1)
        return container, name


@dataclass(frozen=True)
class CreateHelpingMaterial:
    """The command to create a helping material: its project and what the owner sets of it
    (a file uploaded with it comes apart, as an Upload)."""

    project_id: int
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = default_of(HelpingMaterial, "media_url")
    priority: float | None = default_of(HelpingMaterial, "priority")
