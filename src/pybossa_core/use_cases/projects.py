"""Creating, changing, publishing and deleting projects; project tokens."""

import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pybossa_core import audit, consensus, errors, permissions
from pybossa_core.entity import Changes
from pybossa_core.helping import project_container
from pybossa_core.ports import (
    AbstractUnitOfWork,
    FileStorage,
    JobQueue,
    RandomKeys,
    TokenSigner,
)
from pybossa_core.projects import CreateProject, Project
from pybossa_core.use_cases import audit_log, completion
from pybossa_core.use_cases.common import load, load_project
from pybossa_core.users import Actor


def create_project(
    uow: AbstractUnitOfWork,
    command: CreateProject,
    actor: Actor,
    now: datetime,
    *,
    keys: RandomKeys,
) -> Project:
    """A new draft project owned by the caller, in the given or the default category."""
    permissions.ensure(actor, permissions.CREATE, "project")
    with uow:
        category_id = _category_id(uow, command.category_id)
        project = Project.create(
            command,
            owner_id=actor.user_id,
            category_id=category_id,
            secret_key=keys.new_key(),
            now=now,
        )
        _refuse_duplicates(uow, project)
        uow.projects.add(project)
        uow.commit()
        return project


def update_project(
    uow: AbstractUnitOfWork,
    project_id: int,
    changes: Changes,
    actor: Actor,
    now: datetime,
    jobs: JobQueue | None = None,
    caller: str = audit.API,
    info_keys: Mapping[str, Any] | None = None,
) -> Project:
    """Apply the owners' (or an admin's) changes; only admins may feature a project. New
    consensus settings have the project's results counted again, in the background. Each
    change is logged (audit_log), by `caller`: audit.API or audit.WEB.

    `info_keys` set these keys of the project's info and keep the others, as read in this
    transaction (a form that saves one key must not undo another saved meanwhile)."""
    with uow:
        project = load(uow, "project", project_id)
        permissions.ensure(actor, permissions.UPDATE, "project", project)
        if info_keys:
            changes = changes.with_value("info", {**(project.info or {}), **info_keys})
        counted_by = consensus.settings_of(project.info)
        if actor.admin and "featured" in changes.values:
            project.set_featured(bool(changes.values["featured"]), now)
            changes = changes.without("featured")
        if "category_id" in changes.names():
            _category_id(uow, changes.get("category_id"))
        project.change(changes, now)
        _refuse_duplicates(uow, project)
        audit_log.stage(uow, project, actor, now, caller)
        uow.commit()
    if jobs is not None and consensus.settings_of(project.info) != counted_by:
        jobs.enqueue(completion.RECOUNT, project_id=project.id)
    return project


def delete_project(
    uow: AbstractUnitOfWork, project_id: int, actor: Actor, storage: FileStorage
) -> None:
    """Delete a project with its tasks, task runs, results and helping materials, then its
    upload folder (after the commit: a rollback never loses a file)."""
    with uow:
        project = load(uow, "project", project_id)
        permissions.ensure(actor, permissions.DELETE, "project", project)
        uow.projects.delete(project)
        uow.commit()
    storage.delete_container(project_container(project_id))


def publish_project(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, now: datetime
) -> Project:
    """Make a draft public once it has a task presenter and a task."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.UPDATE, "project", project)
        project.publish(uow.tasks.count_for_project(project.id), now)
        audit_log.stage(uow, project, actor, now, audit.WEB)
        uow.commit()
        return project


def issue_project_token(
    uow: AbstractUnitOfWork,
    short_name: str,
    secret_key: str | None,
    *,
    signer: TokenSigner,
    now: datetime,
    ttl_seconds: int,
) -> str:
    """A token for an app that brings its own users, given the project's secret key.

    As PYBOSSA: no key is Forbidden; a wrong key is NotFound (the project is not revealed).
    A draft issues tokens as a published project does: its tasks are open to contributions.
    """
    if not secret_key:
        raise errors.Forbidden(
            "Send the project's secret key as the Authorization header", "project"
        )
    with uow:
        project = load_project(uow, short_name)
        if not hmac.compare_digest(project.secret_key.encode(), secret_key.encode()):
            raise errors.NotFound("project", short_name)
        claims = {"project_id": project.id, "short_name": project.short_name}
        return signer.issue(claims, project.secret_key, ttl_seconds, now)


def _category_id(uow: AbstractUnitOfWork, category_id: Any) -> int:
    category = (
        uow.categories.get(category_id) if category_id is not None else uow.categories.first()
    )
    if category is None:
        message = (
            f"There is no category with id {category_id}"
            if category_id is not None
            else "There is no category yet: an admin must create one first"
        )
        raise errors.InvalidInput(message, "project", {"category_id": [message]})
    return category.id


def _refuse_duplicates(uow: AbstractUnitOfWork, project: Project) -> None:
    for field, found in (
        ("short_name", uow.projects.get_by_short_name(project.short_name)),
        ("name", uow.projects.get_by_name(project.name)),
    ):
        if found is not None and found is not project:
            raise errors.DuplicateValue(
                f"A project with this {field} already exists: {getattr(project, field)}",
                "project",
                field,
            )
