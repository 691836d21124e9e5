"""A project's forms (new, update, thumbnail, delete, publish, redundancy, secret key) over
the project use cases: who may open them, and each refusal as the form's field problems."""

import dataclasses
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from pybossa_core import audit, errors, permissions
from pybossa_core.entity import Changes
from pybossa_core.helping import project_container
from pybossa_core.ports import (
    AbstractUnitOfWork,
    CropBox,
    FileStorage,
    ImageProcessor,
    JobQueue,
    ProjectStats,
    RandomKeys,
)
from pybossa_core.projects import CreateProject, Project
from pybossa_core.use_cases import audit_log, projects, tasks
from pybossa_core.use_cases.common import load_project
from pybossa_core.use_cases.forms import Refused
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

Outcome = TypeVar("Outcome")
DESCRIPTION_LENGTH = 255
THUMBNAIL_SUFFIX = "_thumbnail.png"
# The name of a thumbnail this server stored (see set_thumbnail): `info` is the owner's to
# write, so a name read back from it is trusted for deletion only when it has this shape.
STORED_THUMBNAIL = re.compile(r"[0-9A-Za-z]{1,64}" + re.escape(THUMBNAIL_SUFFIX))
NO_PASSWORDS = (
    "This server does not protect projects with a password: "
    "leave it empty (a draft is seen only by its owners and admins)"
)


def managed_page(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, action: str = permissions.UPDATE
) -> ProjectPage:
    """The project with its owner and figures, for a form of those who may `action` it
    (its owners and admins): anonymous callers are refused before the project is looked up."""
    with uow:
        project = _managed(uow, short_name, actor, action)
        stats = uow.stats.project_stats([project.id]).get(project.id, ProjectStats())
        return ProjectPage(project, uow.users.contributor(project.owner_id), stats)


def ensure_may_create(actor: Actor) -> None:
    """Before the new project form: a signed-in caller (AuthenticationRequired otherwise)."""
    permissions.ensure(actor, permissions.CREATE, "project")


def create(
    uow: AbstractUnitOfWork,
    command: CreateProject,
    actor: Actor,
    now: datetime,
    *,
    keys: RandomKeys,
) -> Project | Refused:
    """The new project form: projects.create_project, a blank description taken from the
    long description's start (as PYBOSSA's form does)."""
    ensure_may_create(actor)
    if not command.description.strip() and command.long_description:
        description = command.long_description.strip()[:DESCRIPTION_LENGTH]
        command = dataclasses.replace(command, description=description)
    return _as_form(lambda: projects.create_project(uow, command, actor, now, keys=keys))


def update(
    uow: AbstractUnitOfWork,
    short_name: str,
    form: dict[str, Any],
    actor: Actor,
    now: datetime,
    jobs: JobQueue | None = None,
) -> Project | Refused:
    """The project update form: projects.update_project with the fields sent. `id`, when
    sent, must be the project's; `password` and `protect` must not ask for a password."""
    with uow:
        project = _managed(uow, short_name, actor)
    problems = {}
    if form.get("id") not in (None, project.id):
        problems["id"] = [f"This form is for the project {project.id}"]
    if form.get("password") or form.get("protect"):
        problems["password"] = [NO_PASSWORDS]
    if problems:
        return Refused(problems)
    values = {k: v for k, v in form.items() if k not in ("id", "password", "protect")}
    return _as_form(
        lambda: projects.update_project(
            uow, project.id, Changes(values), actor, now, jobs, caller=audit.WEB
        )
    )


def set_thumbnail(
    uow: AbstractUnitOfWork,
    short_name: str,
    data: bytes,
    box: CropBox | None,
    actor: Actor,
    now: datetime,
    *,
    images: ImageProcessor,
    storage: FileStorage,
    keys: RandomKeys,
) -> Project | Refused:
    """Store the image (cropped to the box, shrunk, as PNG) in the project's container and
    name it in `info` (thumbnail, container, thumbnail_url) through projects.update_project;
    the file it replaces goes once the change is committed, the new one if it is not."""
    with uow:
        project = _managed(uow, short_name, actor)
        old = dict(project.info)  # the project object may be the one the update changes
    try:
        png = images.avatar(data, box)
    except errors.InvalidInput as exc:
        return Refused({"avatar": list(exc.errors.get("avatar", [])) or [exc.message]})
    container = project_container(project.id)
    filename = keys.new_name_part() + THUMBNAIL_SUFFIX
    url = storage.save(container, filename, png)
    info = {"thumbnail": filename, "container": container, "thumbnail_url": url}
    try:
        outcome = _as_form(
            lambda: projects.update_project(
                uow, project.id, Changes(), actor, now, caller=audit.WEB, info_keys=info
            )
        )
    except BaseException:  # a refusal, or the database failing: the file goes either way
        storage.delete(container, filename)
        raise
    if isinstance(outcome, Refused):
        storage.delete(container, filename)
    elif _stored_thumbnail(old, container) and old["thumbnail"] != filename:
        storage.delete(container, old["thumbnail"])
    return outcome


def delete(uow: AbstractUnitOfWork, short_name: str, actor: Actor, storage: FileStorage) -> None:
    """The delete form: projects.delete_project, files and all."""
    with uow:
        project = _managed(uow, short_name, actor, permissions.DELETE)
    projects.delete_project(uow, project.id, actor, storage)


def publish(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, now: datetime
) -> Project | Refused:
    """The publish form: projects.publish_project; what the draft lacks is the refusal."""
    permissions.ensure_authenticated(actor, "project")
    return _as_form(lambda: projects.publish_project(uow, short_name, actor, now))


def set_redundancy(
    uow: AbstractUnitOfWork, short_name: str, n_answers: Any, actor: Actor, now: datetime
) -> dict[str, int] | Refused:
    """The redundancy form: tasks.set_redundancy, once the caller may change the project
    (a bad n_answers is then the form's problem, not an error)."""
    with uow:
        _managed(uow, short_name, actor)
    return _as_form(lambda: tasks.set_redundancy(uow, short_name, n_answers, actor, now))


def reset_secret_key(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, now: datetime, *, keys: RandomKeys
) -> Project:
    """Give the project a new secret key (its owners and admins)."""
    with uow:
        project = _managed(uow, short_name, actor)
        project.reset_secret_key(keys.new_key(), now)
        audit_log.stage(uow, project, actor, now, audit.WEB)
        uow.commit()
        return project


def _managed(
    uow: AbstractUnitOfWork, short_name: str, actor: Actor, action: str = permissions.UPDATE
) -> Project:
    """The project, once `actor` may `action` it; anonymous callers are refused before the
    project is looked up (as PYBOSSA's login-only views are). Inside a `with uow` block."""
    permissions.ensure_authenticated(actor, "project")
    project = load_project(uow, short_name)
    permissions.ensure(actor, action, "project", project)
    return project


def _as_form(call: Callable[[], Outcome]) -> Outcome | Refused:
    """The use case's answer, or its refusal of a value as the form's field problems."""
    try:
        return call()
    except errors.UnknownAttribute:
        raise
    except (errors.InvalidInput, errors.NotReady) as exc:
        return Refused(exc.errors or {"form": [exc.message]})
    except errors.DuplicateValue as exc:
        return Refused({exc.field or "short_name": [exc.message]})


def _stored_thumbnail(info: dict[str, Any], container: str) -> bool:
    """Whether `info` names a thumbnail this server stored in the project's container."""
    name = info.get("thumbnail")
    return (
        info.get("container") == container
        and isinstance(name, str)
        and STORED_THUMBNAIL.fullmatch(name) is not None
    )
