"""Helping materials, optionally with an uploaded file."""

import re
from dataclasses import dataclass
from datetime import datetime

from pybossa_core import permissions
from pybossa_core.entity import Changes, fields_of
from pybossa_core.helping import CreateHelpingMaterial, HelpingMaterial, project_container
from pybossa_core.ports import AbstractUnitOfWork, FileStorage, RandomKeys
from pybossa_core.use_cases.common import load_project_part, parent_project
from pybossa_core.users import Actor

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Upload:
    """A file sent with the request: its client-side name and its bytes."""

    filename: str
    data: bytes


def create_helping_material(
    uow: AbstractUnitOfWork,
    command: CreateHelpingMaterial,
    actor: Actor,
    now: datetime,
    upload: Upload | None = None,
    storage: FileStorage | None = None,
    keys: RandomKeys | None = None,
) -> HelpingMaterial:
    """A new helping material; an uploaded file becomes its media_url (`storage` keeps it,
    `keys` make its name unique)."""
    permissions.ensure_authenticated(actor, "helpingmaterial")
    with uow:
        project = parent_project(uow, command.project_id, "helpingmaterial")
        permissions.ensure(actor, permissions.CREATE, "helpingmaterial", project=project)
        material = HelpingMaterial(created=now, **fields_of(command))
        if upload is not None:
            container, name = project_container(project.id), stored_name(upload.filename, keys)
            material.media_url = storage.save(container, name, upload.data)
            material.stored_file = f"{container}/{name}"
            material.info = {**material.info, "file_name": name, "container": container}
        uow.helping_materials.add(material)
        uow.commit()
        return material


def update_helping_material(
    uow: AbstractUnitOfWork, material_id: int, changes: Changes, actor: Actor
) -> HelpingMaterial:
    with uow:
        material = load_project_part(uow, "helpingmaterial", material_id, actor, permissions.UPDATE)
        material.change(changes)
        uow.commit()
        return material


def delete_helping_material(
    uow: AbstractUnitOfWork, material_id: int, actor: Actor, storage: FileStorage
) -> None:
    """Delete the record, then the file the server stored for it (after the commit: a
    rollback never loses a file). The client-writable `info` never names what is deleted."""
    with uow:
        material = load_project_part(uow, "helpingmaterial", material_id, actor, permissions.DELETE)
        stored = material.stored_location()
        uow.helping_materials.delete(material)
        uow.commit()
    if stored is not None:
        storage.delete(*stored)


def stored_name(filename: str, keys: RandomKeys) -> str:
    """A unique, path-safe name that keeps the client's name readable."""
    safe = UNSAFE.sub("_", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("._")
    return f"{keys.new_name_part()[:12]}_{safe[:100] or 'file'}"
