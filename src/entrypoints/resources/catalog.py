"""The /api object kinds: entity, input schemas and the use case behind each operation."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema

from entrypoints.schemas import inputs
from pybossa_core.categories import Category, CreateCategory
from pybossa_core.entity import Changes
from pybossa_core.helping import CreateHelpingMaterial, HelpingMaterial
from pybossa_core.ports import AbstractUnitOfWork, FileStorage, JobQueue, RandomKeys
from pybossa_core.projects import CreateProject, Project
from pybossa_core.publications import (
    Announcement,
    BlogPost,
    CreateAnnouncement,
    CreateBlogPost,
    CreatePage,
    Page,
)
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import CreateTask, Result, Task
from pybossa_core.use_cases import categories, helping, projects, publications, tasks
from pybossa_core.users import Actor, User

Create = Callable[[AbstractUnitOfWork, "ObjectPorts", dict[str, Any], Actor], Any]
Update = Callable[[AbstractUnitOfWork, "ObjectPorts", int, Changes, Actor], Any]
Delete = Callable[[AbstractUnitOfWork, "ObjectPorts", int, Actor], None]


@dataclass(frozen=True)
class ObjectPorts:
    """What the operations on /api objects use beside the request's unit of work."""

    clock: Callable[[], datetime]
    keys: RandomKeys
    jobs: JobQueue
    storage: FileStorage


@dataclass(frozen=True)
class Kind:
    """One object kind of the API; a missing operation answers 405."""

    name: str
    entity: type
    create_schema: Schema | None = None
    update_schema: Schema | None = None
    admin_update_schema: Schema | None = None
    create: Create | None = None
    update: Update | None = None
    delete: Delete | None = None

    def schema_for_update(self, actor: Actor) -> Schema:
        if actor.admin and self.admin_update_schema:
            return self.admin_update_schema
        return self.update_schema


def create_project(uow, ports: ObjectPorts, fields: dict[str, Any], actor: Actor) -> Project:
    return projects.create_project(
        uow, CreateProject(**fields), actor, ports.clock(), keys=ports.keys
    )


def update_project(
    uow, ports: ObjectPorts, project_id: int, changes: Changes, actor: Actor
) -> Project:
    return projects.update_project(uow, project_id, changes, actor, ports.clock(), ports.jobs)


def delete_project(uow, ports: ObjectPorts, project_id: int, actor: Actor) -> None:
    projects.delete_project(uow, project_id, actor, ports.storage)


def create_category(uow, ports: ObjectPorts, fields: dict[str, Any], actor: Actor) -> Category:
    return categories.create_category(uow, CreateCategory(**fields), actor, ports.clock())


def update_category(
    uow, ports: ObjectPorts, category_id: int, changes: Changes, actor: Actor
) -> Category:
    return categories.update_category(uow, category_id, changes, actor)


def delete_category(uow, ports: ObjectPorts, category_id: int, actor: Actor) -> None:
    categories.delete_category(uow, category_id, actor)


def create_task(uow, ports: ObjectPorts, fields: dict[str, Any], actor: Actor) -> Task:
    return tasks.create_task(uow, CreateTask(**fields), actor, ports.clock())


def update_task(uow, ports: ObjectPorts, task_id: int, changes: Changes, actor: Actor) -> Task:
    return tasks.update_task(uow, task_id, changes, actor, ports.clock())


def delete_task(uow, ports: ObjectPorts, task_id: int, actor: Actor) -> None:
    tasks.delete_task(uow, task_id, actor)


def correct_task_run(
    uow, ports: ObjectPorts, task_run_id: int, changes: Changes, actor: Actor
) -> TaskRun:
    return tasks.correct_task_run(uow, task_run_id, changes, actor)


def delete_task_run(uow, ports: ObjectPorts, task_run_id: int, actor: Actor) -> None:
    tasks.delete_task_run(uow, task_run_id, actor)


def update_result(
    uow, ports: ObjectPorts, result_id: int, changes: Changes, actor: Actor
) -> Result:
    return tasks.update_result(uow, result_id, changes, actor)


def create_helping_material(
    uow, ports: ObjectPorts, fields: dict[str, Any], actor: Actor
) -> HelpingMaterial:
    return helping.create_helping_material(
        uow, CreateHelpingMaterial(**fields), actor, ports.clock()
    )


def update_helping_material(
    uow, ports: ObjectPorts, material_id: int, changes: Changes, actor: Actor
) -> HelpingMaterial:
    return helping.update_helping_material(uow, material_id, changes, actor)


def delete_helping_material(uow, ports: ObjectPorts, material_id: int, actor: Actor) -> None:
    helping.delete_helping_material(uow, material_id, actor, ports.storage)


def create_announcement(uow, ports: ObjectPorts, fields: dict[str, Any], actor: Actor):
    return publications.create_announcement(uow, CreateAnnouncement(**fields), actor, ports.clock())


def create_blog_post(uow, ports: ObjectPorts, fields: dict[str, Any], actor: Actor):
    return publications.create_blog_post(uow, CreateBlogPost(**fields), actor, ports.clock())


def create_page(uow, ports: ObjectPorts, fields: dict[str, Any], actor: Actor):
    return publications.create_page(uow, CreatePage(**fields), actor, ports.clock())


def publication_kind(name: str, entity: type, create: Create, schemas: tuple[Schema, Schema]):
    """The kind of announcements, blog posts or pages: one update and delete for the three."""

    def update(uow, ports: ObjectPorts, object_id: int, changes: Changes, actor: Actor):
        return publications.update_publication(uow, name, object_id, changes, actor, ports.clock())

    def delete(uow, ports: ObjectPorts, object_id: int, actor: Actor) -> None:
        publications.delete_publication(uow, name, object_id, actor)

    return Kind(name, entity, *schemas, create=create, update=update, delete=delete)


def build_kinds() -> dict[str, Kind]:
    """Every kind served under /api, keyed by its URL name."""
    kinds = (
        Kind(
            "project",
            Project,
            inputs.ProjectCreate(),
            inputs.ProjectUpdate(),
            inputs.ProjectAdminUpdate(),
            create=create_project,
            update=update_project,
            delete=delete_project,
        ),
        Kind(
            "category",
            Category,
            inputs.CategoryCreate(),
            inputs.CategoryUpdate(),
            create=create_category,
            update=update_category,
            delete=delete_category,
        ),
        Kind(
            "task",
            Task,
            inputs.TaskCreate(),
            inputs.TaskUpdate(),
            create=create_task,
            update=update_task,
            delete=delete_task,
        ),
        Kind(
            "taskrun",
            TaskRun,
            inputs.TaskRunCreate(),
            inputs.TaskRunUpdate(),
            update=correct_task_run,
            delete=delete_task_run,
        ),
        Kind("result", Result, update_schema=inputs.ResultUpdate(), update=update_result),
        Kind(
            "helpingmaterial",
            HelpingMaterial,
            inputs.HelpingMaterialCreate(),
            inputs.HelpingMaterialUpdate(),
            create=create_helping_material,
            update=update_helping_material,
            delete=delete_helping_material,
        ),
        publication_kind(
            "announcement",
            Announcement,
            create_announcement,
            (inputs.AnnouncementCreate(), inputs.AnnouncementUpdate()),
        ),
        publication_kind(
            "blogpost",
            BlogPost,
            create_blog_post,
            (inputs.BlogPostCreate(), inputs.BlogPostUpdate()),
        ),
        publication_kind("page", Page, create_page, (inputs.PageCreate(), inputs.PageUpdate())),
        Kind("user", User),
    )
    return {kind.name: kind for kind in kinds}
