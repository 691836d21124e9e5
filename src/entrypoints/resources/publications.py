"""Web views of what is published beside tasks: a project's blog, and the admin console's
announcements (list, new, update, delete; admins only, forms carry `csrf`)."""

from typing import Any

import falcon

from entrypoints.resources.admin import CORRECT_THE_ERRORS, AdminResource
from entrypoints.resources.base import Resource
from entrypoints.resources.objects import path_id
from entrypoints.schemas.forms import FORM_ECHOES, form, read_form
from entrypoints.schemas.project_views import project_context
from entrypoints.schemas.render import render
from pybossa_core import permissions
from pybossa_core.clock import Clock
from pybossa_core.use_cases import publications
from pybossa_core.use_cases.forms import Refused

ANNOUNCEMENTS_PAGE = "/admin/announcement"
POST_FIELDS = ("title", "body", "published")
CHECKED = frozenset({"y", "yes", "on", "true", "1"})


class ProjectBlog(Resource):
    """GET /project/{short_name}/blog: the project's keys and its posts, newest first."""

    target = "project"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        actor = req.context.actor
        blog = publications.project_blog(req.context.uow, short_name, actor)
        context = project_context(
            blog.page, actor, self.clock(), req.prefix, template="/projects/blog.html", title=""
        )
        for absent in ("last_activity", "title"):  # PYBOSSA's blog view has neither
            context.pop(absent)
        hidden = permissions.NOTHING
        resp.media = {**context, "blogposts": [render("blogpost", p, hidden) for p in blog.posts]}

    on_head = on_get


def _post_form(req: falcon.Request, max_body_bytes: int) -> dict[str, Any]:
    """The form's title, body and published (a checkbox: checked values, or JSON true)."""
    values = read_form(
        req, max_body_bytes, POST_FIELDS, refuse_unknown=True, echoes=FORM_ECHOES | {"id"}
    )
    published = values["published"]
    values["published"] = published is True or str(published).strip().lower() in CHECKED
    return values


def _values(announcement) -> dict[str, Any]:
    return {
        "id": announcement.id,
        "title": announcement.title,
        "body": announcement.body,
        "published": announcement.published,
    }


class Announcements(AdminResource):
    """GET /admin/announcement: every announcement, drafts too, newest first."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        found = publications.all_announcements(req.context.uow, req.context.actor)
        resp.media = {
            "announcements": [render("announcement", a, permissions.NOTHING) for a in found],
            "csrf": req.context.session.form_token(),
            "template": "admin/announcement.html",
            "title": "Manage global Announcements",
        }


class NewAnnouncement(AdminResource):
    """GET the empty form; POST {title, body, published} announces."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        publications.ensure_announcer(req.context.actor)
        empty = {"id": None, "title": None, "body": None, "published": False}
        resp.media = self.page(req, form(empty, req.context.session.form_token()))

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        values = _post_form(req, self.max_body_bytes)
        outcome = publications.announce(req.context.uow, req.context.actor, values, self.clock())
        if not isinstance(outcome, Refused):
            resp.media = {"flash": "Announcement created!", "next": ANNOUNCEMENTS_PAGE}
            resp.media["status"] = "success"
            return
        page = form({"id": None, **values}, req.context.session.form_token(), outcome.problems)
        resp.media = {**self.page(req, page), **CORRECT_THE_ERRORS}

    @staticmethod
    def page(req: falcon.Request, announcement_form: dict) -> dict:
        return {
            "form": announcement_form,
            "template": "admin/new_announcement.html",
            "title": "Write a new post",
        }


class AnnouncementUpdate(AdminResource):
    """GET the announcement in its form; POST {title, body, published} changes it."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, announcement_id: str) -> None:
        announcement = publications.get_announcement(
            req.context.uow, req.context.actor, path_id(announcement_id, "announcement")
        )
        values = _values(announcement)
        resp.media = _update_page(form(values, req.context.session.form_token()))

    def on_post(self, req: falcon.Request, resp: falcon.Response, announcement_id: str) -> None:
        object_id = path_id(announcement_id, "announcement")
        values = _post_form(req, self.max_body_bytes)
        outcome = publications.change_announcement(
            req.context.uow, req.context.actor, object_id, values, self.clock()
        )
        if not isinstance(outcome, Refused):
            resp.media = {
                "flash": "Announcement updated!",
                "next": ANNOUNCEMENTS_PAGE,
                "status": "success",
            }
            return
        page = form({"id": object_id, **values}, req.context.session.form_token(), outcome.problems)
        resp.media = {**_update_page(page), **CORRECT_THE_ERRORS}


def _update_page(announcement_form: dict) -> dict:
    return {
        "form": announcement_form,
        "template": "admin/update_announcement.html",
        "title": "Edit a post",
    }


class AnnouncementDelete(AdminResource):
    """GET shows the announcement with the form's csrf; POST deletes it."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, announcement_id: str) -> None:
        announcement = publications.get_announcement(
            req.context.uow, req.context.actor, path_id(announcement_id, "announcement")
        )
        resp.media = {
            "announcement": render("announcement", announcement, permissions.NOTHING),
            "form": {"csrf": req.context.session.form_token()},
            "template": "admin/announcement.html",
            "title": "Delete a post",
        }

    def on_post(self, req: falcon.Request, resp: falcon.Response, announcement_id: str) -> None:
        publications.delete_publication(
            req.context.uow,
            "announcement",
            path_id(announcement_id, "announcement"),
            req.context.actor,
        )
        resp.media = {"flash": "Announcement deleted!", "next": ANNOUNCEMENTS_PAGE}
        resp.media["status"] = "success"
