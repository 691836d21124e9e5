"""Announcements, blog posts and pages: created, changed and deleted by who may."""

from datetime import datetime
from typing import Any

from pybossa_core import permissions
from pybossa_core.entity import Changes, fields_of
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.publications import (
    Announcement,
    BlogPost,
    CreateAnnouncement,
    CreateBlogPost,
    CreatePage,
    Page,
)
from pybossa_core.use_cases.common import load, parent_project
from pybossa_core.users import Actor


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
