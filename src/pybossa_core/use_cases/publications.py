"""Announcements, blog posts and pages: created, changed and deleted by who may."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pybossa_core import permissions
from pybossa_core.entity import Changes, fields_of
from pybossa_core.ports import AbstractUnitOfWork, ProjectStats
from pybossa_core.publications import (
    Announcement,
    BlogPost,
    CreateAnnouncement,
    CreateBlogPost,
    CreatePage,
    Page,
)
from pybossa_core.queries import MAX_LIMIT, ListQuery
from pybossa_core.use_cases.common import load, load_project, parent_project
from pybossa_core.use_cases.forms import Refused, refused
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

MAX_TITLE, MAX_BODY = 255, 100_000


def create_announcement(
    uow: AbstractUnitOfWork, command: CreateAnnouncement, actor: Actor, now: datetime
) -> Announcement:
    """A new site announcement by an admin, its author."""
    permissions.ensure(actor, permissions.CREATE, "announcement")
    with uow:
        announcement = Announcement(
            created=now, updated=now, user_id=actor.user_id, **fields_of(command)
        )
        uow.announcements.add(announcement)
        uow.commit()
        return announcement


def create_blog_post(
    uow: AbstractUnitOfWork, command: CreateBlogPost, actor: Actor, now: datetime
) -> BlogPost:
    """A new post on the blog of a project the caller owns; they are its author."""
    permissions.ensure_authenticated(actor, "blogpost")
    with uow:
        project = parent_project(uow, command.project_id, "blogpost")
        permissions.ensure(actor, permissions.CREATE, "blogpost", project=project)
        post = BlogPost(created=now, updated=now, user_id=actor.user_id, **fields_of(command))
        uow.blog_posts.add(post)
        uow.commit()
        return post


def create_page(uow: AbstractUnitOfWork, command: CreatePage, actor: Actor, now: datetime) -> Page:
    """A new page of a project the caller owns."""
    permissions.ensure_authenticated(actor, "page")
    with uow:
        project = parent_project(uow, command.project_id, "page")
        permissions.ensure(actor, permissions.CREATE, "page", project=project)
        page = Page(created=now, **fields_of(command))
        uow.pages.add(page)
        uow.commit()
        return page


def update_publication(
    uow: AbstractUnitOfWork,
    kind: str,
    object_id: int,
    changes: Changes,
    actor: Actor,
    now: datetime,
) -> Any:
    """Change an announcement (admins), a blog post or a page (its project's owners)."""
    with uow:
        publication = _load_for(uow, kind, object_id, actor, permissions.UPDATE)
        publication.change(changes, now)
        uow.commit()
        return publication


def delete_publication(uow: AbstractUnitOfWork, kind: str, object_id: int, actor: Actor) -> None:
    with uow:
        publication = _load_for(uow, kind, object_id, actor, permissions.DELETE)
        uow.repository(kind).delete(publication)
        uow.commit()


def _load_for(uow: AbstractUnitOfWork, kind: str, object_id: int, actor: Actor, action: str):
    """The object, once `actor` may apply `action` to it (its project decides, if it has one)."""
    publication = load(uow, kind, object_id)
    project_id = getattr(publication, "project_id", None)
    project = uow.projects.get(project_id) if project_id is not None else None
    permissions.ensure(actor, action, kind, publication, project)
    return publication


@dataclass(frozen=True)
class ProjectBlog:
    """A project's blog: its page's figures and its newest posts (drafts for its owners)."""

    page: ProjectPage
    posts: list[BlogPost]


def project_blog(uow: AbstractUnitOfWork, short_name: str, actor: Actor) -> ProjectBlog:
    """The blog of the project named `short_name`, shown where the project is."""
    with uow:
        project = load_project(uow, short_name)
        permissions.ensure(actor, permissions.READ, "project", project)
        stats = uow.stats.project_stats([project.id]).get(project.id, ProjectStats())
        drafts = permissions.can(actor, permissions.UPDATE, "blogpost", project=project)
        posts = uow.blog_posts.for_project(project.id, drafts, MAX_LIMIT)
        return ProjectBlog(
            ProjectPage(project, uow.users.contributor(project.owner_id), stats), posts
        )


def ensure_announcer(actor: Actor) -> None:
    """Only admins announce (AuthenticationRequired or Forbidden otherwise)."""
    permissions.ensure(actor, permissions.CREATE, "announcement")


def all_announcements(uow: AbstractUnitOfWork, actor: Actor) -> list[Announcement]:
    """Every announcement, drafts too, newest first (the admin console's; admins only)."""
    permissions.ensure(actor, permissions.UPDATE, "announcement")
    everything = ListQuery(limit=MAX_LIMIT, desc=True, include_drafts=True)
    with uow:
        return [row.item for row in uow.announcements.list(everything)]


def get_announcement(uow: AbstractUnitOfWork, actor: Actor, announcement_id: int) -> Announcement:
    """An announcement for an admin's form (drafts too)."""
    permissions.ensure(actor, permissions.UPDATE, "announcement")
    with uow:
        return load(uow, "announcement", announcement_id)


def announce(
    uow: AbstractUnitOfWork, actor: Actor, form: dict[str, Any], now: datetime
) -> Announcement | Refused:
    """An admin's announcement form ({title, body, published}): a new announcement, or its
    problems per field with nothing stored."""
    permissions.ensure(actor, permissions.CREATE, "announcement")
    refused = form_problems(form)
    if refused is not None:
        return refused
    return create_announcement(uow, CreateAnnouncement(**form), actor, now)


def change_announcement(
    uow: AbstractUnitOfWork, actor: Actor, announcement_id: int, form: dict[str, Any], now: datetime
) -> Announcement | Refused:
    """An admin's edit of an announcement through its form."""
    permissions.ensure(actor, permissions.UPDATE, "announcement")
    refused = form_problems(form)
    if refused is not None:
        return refused
    return update_publication(uow, "announcement", announcement_id, Changes(form), actor, now)


def form_problems(form: dict[str, Any]) -> Refused | None:
    """What is wrong with a post's form: a title (at most 255 characters) and a body (at
    most 100,000) are required."""
    title, body = form.get("title"), form.get("body")
    return refused(
        {
            "title": _text_problems(title, MAX_TITLE, "a title"),
            "body": _text_problems(body, MAX_BODY, "a body"),
        }
    )


def _text_problems(value: Any, longest: int, what: str) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"The post needs {what}"]
    if len(value) > longest:
        return [f"At most {longest} characters"]
    return []
