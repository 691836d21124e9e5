"""Exports: a project's tasks, task runs or results, streamed to whoever may take them."""

from dataclasses import dataclass

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.ports.exports import EXPORT_FIELDS, ExportReader, ExportRows, InfoLayout
from pybossa_core.projects import Project
from pybossa_core.use_cases import task_settings
from pybossa_core.use_cases.common import load_project
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

EXPORT_KINDS = tuple(EXPORT_FIELDS)


@dataclass(frozen=True)
class Export:
    """Whose rows, of which kind and fields, the shape of their `info` (when asked for), and
    the rows themselves, read lazily: iterate them to the end or close them."""

    project_short_name: str
    kind: str
    fields: tuple[str, ...]
    info: InfoLayout | None
    rows: ExportRows


def export_rows(
    uow: AbstractUnitOfWork,
    project_key: int | str,
    kind: str,
    actor: Actor,
    *,
    exports: ExportReader,
    with_info_layout: bool = False,
) -> Export:
    """The project's rows of `kind` (task, taskrun or result), once the actor may export them.

    The project is looked up by id or short name; a draft is refused as reading it is. The
    rows are read after this returns, outside the unit of work, on the reader's own
    connection.
    """
    if kind not in EXPORT_FIELDS:
        message = f"type must be one of {', '.join(EXPORT_KINDS)}"
        raise errors.InvalidInput(message, "project", {"type": [message]})
    with uow:
        project = load_project(uow, project_key)
        permissions.ensure(actor, permissions.READ, "project", project)
        _ensure_may_export(actor, project, kind)
    layout = exports.info_layout(kind, project.id) if with_info_layout else None
    return Export(
        project.short_name, kind, EXPORT_FIELDS[kind], layout, exports.rows(kind, project.id)
    )


@dataclass(frozen=True)
class ExportChoices:
    """A project's page and the kinds of rows its reader may export (EXPORT_KINDS order)."""

    page: ProjectPage
    kinds: tuple[str, ...]


def export_choices(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> ExportChoices:
    """What the export page offers `actor`: whoever may read the project sees it, with the
    kinds may_export lets them take (a draft is refused as reading it is)."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.READ, "project", project)
        kinds = tuple(kind for kind in EXPORT_KINDS if may_export(actor, project, kind))
        return ExportChoices(task_settings.page_of(uow, project), kinds)


def may_export(actor: Actor, project: Project, kind: str) -> bool:
    """Owners and admins export everything; anyone exports the results of a published
    project that allows downloads (`zip_download`, as in PYBOSSA)."""
    if kind == "result" and project.published and project.zip_download:
        return True
    return actor.admin or project.is_owned_by(actor.user_id)


def _ensure_may_export(actor: Actor, project: Project, kind: str) -> None:
    if may_export(actor, project, kind):
        return
    if not actor.authenticated:
        raise errors.AuthenticationRequired("Authentication required", "project")
    raise errors.Forbidden(
        f"Only the project's owner and admins may export its {_PLURALS[kind]}", "project"
    )


_PLURALS = {"task": "tasks", "taskrun": "task runs", "result": "results"}
