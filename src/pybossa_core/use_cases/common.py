"""Lookups every use case needs: an object by id, a project by id or short name, the project
an object belongs to."""

from typing import Any

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.projects import Project
from pybossa_core.users import Actor


def load(uow: AbstractUnitOfWork, kind: str, object_id: int) -> Any:
    """Return the object or raise NotFound."""
    obj = uow.repository(kind).get(object_id)
    if obj is None:
        raise errors.NotFound(kind, object_id)
    return obj


def load_project(uow: AbstractUnitOfWork, key: int | str) -> Project:
    """The project named by its id (an int) or its short name (a str), or NotFound."""
    project = uow.projects.get(key) if isinstance(key, int) else uow.projects.get_by_short_name(key)
    if project is None:
        raise errors.NotFound("project", key)
    return project


def project_snapshot(uow: AbstractUnitOfWork, key: int | str) -> Project:
    """As load_project, for reading only: by id it may come from the project cache (see
    ProjectRepository.snapshot), so changing it stores nothing."""
    if not isinstance(key, int):
        return load_project(uow, key)
    project = uow.projects.snapshot(key)
    if project is None:
        raise errors.NotFound("project", key)
    return project


def parent_project(uow: AbstractUnitOfWork, project_id: Any, target: str) -> Project:
    """The project a new object names; a missing one is the client's input error."""
    project = uow.projects.get(project_id) if type(project_id) is int else None
    if project is None:
        message = f"There is no project with id {project_id}"
        raise errors.InvalidInput(message, target, {"project_id": [message]})
    return project


def load_project_part(
    uow: AbstractUnitOfWork, kind: str, object_id: int, actor: Actor, action: str
) -> Any:
    """An object that belongs to a project, once the actor is allowed `action` on it."""
    obj = load(uow, kind, object_id)
    permissions.ensure(actor, action, kind, obj, uow.projects.get(obj.project_id))
    return obj
