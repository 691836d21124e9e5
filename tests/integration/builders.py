"""Builders: store ready-made objects through the SQL unit of work, one commit each."""

import itertools
import uuid
from datetime import datetime, timedelta

from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result, Task
from pybossa_core.users import User

NOW = datetime(2024, 5, 1, 12, 0, 0)
LATER = NOW + timedelta(hours=1)
THINKING = 1
"""The id of the first default category the migrations create."""

_serial = itertools.count(1)


def stored(uow, obj):
    """Add the object in its own transaction and return it with its id."""
    with uow:
        uow.repository(obj.KIND).add(obj)
        uow.commit()
    return obj


def a_user(uow, **fields) -> User:
    n = next(_serial)
    defaults = dict(
        name=f"user{n}",
        fullname=f"User {n}",
        email_addr=f"user{n}@example.com",
        api_key=str(uuid.uuid4()),
        created=NOW,
        passwd_hash="hashed",
    )
    return stored(uow, User(**{**defaults, **fields}))


def a_category(uow, **fields) -> Category:
    n = next(_serial)
    defaults = dict(name=f"Category {n}", short_name=f"category{n}", created=NOW)
    return stored(uow, Category(**{**defaults, **fields}))


def a_project(uow, owner: User, **fields) -> Project:
    n = next(_serial)
    defaults = dict(
        name=f"Project {n}",
        short_name=f"project{n}",
        description="about it",
        owner_id=owner.id,
        category_id=THINKING,
        secret_key=str(uuid.uuid4()),
        created=NOW,
        updated=NOW,
    )
    return stored(uow, Project(**{**defaults, **fields}))


def a_task(uow, project: Project, **fields) -> Task:
    return stored(uow, Task(**{"project_id": project.id, "created": NOW, **fields}))


def a_task_run(uow, task: Task, user: User | None = None, **fields) -> TaskRun:
    defaults = dict(
        project_id=task.project_id,
        task_id=task.id,
        created=NOW,
        finish_time=LATER,
        user_id=user.id if user else None,
        user_ip=None if user else "10.0.0.1",
        info={"answer": "yes"},
    )
    return stored(uow, TaskRun(**{**defaults, **fields}))


def a_result(uow, task: Task, runs: list[TaskRun], **fields) -> Result:
    defaults = dict(
        project_id=task.project_id,
        task_id=task.id,
        created=LATER,
        task_run_ids=[r.id for r in runs],
    )
    return stored(uow, Result(**{**defaults, **fields}))


def a_helping_material(uow, project: Project, **fields) -> HelpingMaterial:
    defaults = dict(project_id=project.id, created=NOW, info={"tutorial": "read me"})
    return stored(uow, HelpingMaterial(**{**defaults, **fields}))


def ids(rows) -> list[int]:
    """The ids of a list's items, in order."""
    return [row.item.id for row in rows]
