"""The /api object kinds: entity, input schemas and the use case behind each operation."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

from entrypoints.bootstrap import Services
from entrypoints.schemas import inputs
from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result, Task
from pybossa_core.use_cases import categories, helping, projects, tasks
from pybossa_core.users import Actor, User

Create = Callable[[Services, dict[str, Any], Actor], Any]
Update = Callable[[Services, int, dict[str, Any], Actor], Any]
Delete = Callable[[Services, int, Actor], None]


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
        return self.admin_update_schema if actor.admin and self.admin_update_schema \
            else self.update_schema


def build_kinds() -> dict[str, Kind]:
    """Every kind served under /api, keyed by its URL name."""
    kinds = [
        Kind("project", Project, inputs.ProjectCreate(), inputs.ProjectUpdate(),
             inputs.ProjectAdminUpdate(),
             create=lambda s, f, a: projects.create_project(s.uow, f, a, s.clock(),
                                                            keys=s.keys),
             update=lambda s, i, c, a: projects.update_project(s.uow, i, c, a, s.clock(),
                                                               s.jobs),
             delete=lambda s, i, a: projects.delete_project(s.uow, i, a, s.storage)),
        Kind("category", Category, inputs.CategoryCreate(), inputs.CategoryUpdate(),
             create=lambda s, f, a: categories.create_category(s.uow, f, a, s.clock()),
             update=lambda s, i, c, a: categories.update_category(s.uow, i, c, a),
             delete=lambda s, i, a: categories.delete_category(s.uow, i, a)),
        Kind("task", Task, inputs.TaskCreate(), inputs.TaskUpdate(),
             create=lambda s, f, a: tasks.create_task(s.uow, f, a, s.clock()),
             update=lambda s, i, c, a: tasks.update_task(s.uow, i, c, a, s.clock()),
             delete=lambda s, i, a: tasks.delete_task(s.uow, i, a)),
        Kind("taskrun", TaskRun, create_schema=inputs.TaskRunCreate(),
             delete=lambda s, i, a: tasks.delete_task_run(s.uow, i, a)),
        Kind("result", Result, update_schema=inputs.ResultUpdate(),
             update=lambda s, i, c, a: tasks.update_result(s.uow, i, c, a)),
        Kind("helpingmaterial", HelpingMaterial, inputs.HelpingMaterialCreate(),
             inputs.HelpingMaterialUpdate(),
             create=lambda s, f, a: helping.create_helping_material(s.uow, f, a, s.clock()),
             update=lambda s, i, c, a: helping.update_helping_material(s.uow, i, c, a),
             delete=lambda s, i, a: helping.delete_helping_material(s.uow, i, a, s.storage)),
        Kind("user", User),
    ]
    return {kind.name: kind for kind in kinds}
