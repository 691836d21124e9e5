"""Builders: add ready-made objects straight through the fake repositories and commit."""

import itertools
import uuid
from datetime import datetime, timedelta

from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.queries import ListQuery
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result, Task
from pybossa_core.use_cases.contributions import VolunteerPorts
from pybossa_core.users import Actor, User

from .fakes import FakeTaskLocks, FakeTaskStamps, FakeTokenSigner, Seconds

NOW = datetime(2024, 5, 1, 12, 0, 0)
LATER = NOW + timedelta(hours=1)

_serial = itertools.count(1)


def everything_in(repository) -> list:
    """Every object the repository holds, by id, read through its `list` port (drafts too)."""
    everything = ListQuery(limit=1_000_000, include_drafts=True)
    return [listed.item for listed in repository.list(everything)]


def _stored(uow, repo, obj):
    repo.add(obj)
    uow.commit()
    return obj


def a_user(uow, **kw) -> User:
    n = next(_serial)
    fields = dict(
        name=f"user{n}",
        fullname=f"User {n}",
        email_addr=f"user{n}@example.com",
        api_key=str(uuid.uuid4()),
        created=NOW,
        passwd_hash="hashed:password",
    )
    return _stored(uow, uow.users, User(**{**fields, **kw}))


def an_admin(uow, **kw) -> User:
    return a_user(uow, admin=True, **kw)


def actor(user: User, ip: str | None = None) -> Actor:
    return Actor.for_user(user, ip)


def a_category(uow, **kw) -> Category:
    n = next(_serial)
    fields = dict(name=f"Category {n}", short_name=f"category{n}", created=NOW)
    return _stored(uow, uow.categories, Category(**{**fields, **kw}))


def a_project(uow, owner: User, **kw) -> Project:
    n = next(_serial)
    if "category_id" not in kw:
        category = uow.categories.first() or a_category(uow)
        kw["category_id"] = category.id
    fields = dict(
        name=f"Project {n}",
        short_name=f"project{n}",
        description="A project",
        owner_id=owner.id,
        secret_key=str(uuid.uuid4()),
        created=NOW,
        updated=NOW,
    )
    return _stored(uow, uow.projects, Project(**{**fields, **kw}))


def a_published_project(uow, owner: User, **kw) -> Project:
    kw.setdefault("info", {"task_presenter": "<div>answer me</div>"})
    return a_project(uow, owner, published=True, **kw)


def a_task(uow, project: Project, **kw) -> Task:
    fields = dict(project_id=project.id, created=NOW)
    return _stored(uow, uow.tasks, Task(**{**fields, **kw}))


def a_task_run(uow, task: Task, user: User | None = None, **kw) -> TaskRun:
    """A stored answer, counted in the task's run counter (its state is left as built)."""
    task.n_task_runs += 1
    fields = dict(
        project_id=task.project_id,
        task_id=task.id,
        created=NOW,
        finish_time=NOW,
        user_id=user.id if user is not None else None,
        user_ip=None if user is not None else "10.0.0.1",
    )
    return _stored(uow, uow.task_runs, TaskRun(**{**fields, **kw}))


def a_result(uow, task: Task, **kw) -> Result:
    runs = [r.id for r in uow.task_runs.for_task(task.id)]
    fields = dict(project_id=task.project_id, task_id=task.id, created=NOW, task_run_ids=runs)
    return _stored(uow, uow.results, Result(**{**fields, **kw}))


def a_helping_material(uow, project: Project, **kw) -> HelpingMaterial:
    fields = dict(project_id=project.id, created=NOW)
    return _stored(uow, uow.helping_materials, HelpingMaterial(**{**fields, **kw}))


def an_announcement(uow, author: User, **kw) -> Announcement:
    fields = dict(title="News", body="Hello", created=NOW, updated=NOW, user_id=author.id)
    return _stored(uow, uow.announcements, Announcement(**{**fields, **kw}))


def a_blog_post(uow, project: Project, **kw) -> BlogPost:
    fields = dict(project_id=project.id, title="News", body="Hi", created=NOW, updated=NOW)
    fields["user_id"] = project.owner_id
    return _stored(uow, uow.blog_posts, BlogPost(**{**fields, **kw}))


def a_page(uow, project: Project, **kw) -> Page:
    fields = dict(project_id=project.id, slug="about", created=NOW)
    return _stored(uow, uow.pages, Page(**{**fields, **kw}))


def volunteer_ports(clock: Seconds | None = None, **kw) -> VolunteerPorts:
    """The loop's ports over fakes; stamps and locks share `clock` (seconds, moved by hand)."""
    clock = clock or Seconds()
    fields = dict(
        stamps=FakeTaskStamps(clock),
        locks=FakeTaskLocks(clock),
        signer=FakeTokenSigner(),
        ip_secret="ip-secret",
        stamp_seconds=3600,
    )
    return VolunteerPorts(**{**fields, **kw})
