"""The admin console's JSON pages: admins, finding users, categories. Admins only.

Callers sign in with the session cookie or an api key. The middleware asks every POST under
/admin that rests on the cookie for the form's CSRF token. The admin right changes are
documented as plain GETs, so those take no token: a GET that another site sent is refused
instead (`cross_site`).
"""

import falcon

from entrypoints.cross_site import refuse_cross_site
from entrypoints.request_units import writes
from entrypoints.resources.base import Resource
from entrypoints.resources.objects import path_id
from entrypoints.schemas.admin_views import admin_user_view, category_view
from entrypoints.schemas.forms import form, read_form
from pybossa_core.clock import Clock
from pybossa_core.use_cases import admin
from pybossa_core.use_cases.forms import Refused

USERS_PAGE = "/admin/users"
CATEGORIES_PAGE = "/admin/categories"
CATEGORY_FIELDS = ("name", "description")
CORRECT_THE_ERRORS = {"flash": "Please correct the errors", "status": "error"}


class AdminResource(Resource):
    """Shared plumbing of the admin pages."""

    target = "admin"

    def __init__(self, clock: Clock, max_body_bytes: int) -> None:
        self.clock, self.max_body_bytes = clock, max_body_bytes

    def read(self, req: falcon.Request, names: tuple[str, ...]) -> dict:
        return read_form(req, self.max_body_bytes, names)


class Users(AdminResource):
    """GET /admin/users lists the admins; POST {"user": text} also finds users."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = self.page(req, "")

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = self.page(req, self.read(req, ("user",))["user"])

    def page(self, req: falcon.Request, search: str) -> dict:
        found = admin.admin_users(req.context.uow, req.context.actor, search)
        return {
            "form": form({"user": search}, req.context.session.form_token()),
            "found": [admin_user_view(user) for user in found.found],
            "template": "/admin/users.html",
            "title": "Manage Admin Users",
            "users": [admin_user_view(user) for user in found.admins],
        }


class AdminRight(AdminResource):
    """/admin/users/add/{user_id} and /admin/users/del/{user_id}, by GET (as PYBOSSA documents
    it; refused when another site sent it) or by POST (with the CSRF token on a cookie)."""

    def __init__(self, clock: Clock, max_body_bytes: int, granted: bool) -> None:
        super().__init__(clock, max_body_bytes)
        self.granted = granted

    @falcon.before(refuse_cross_site)
    @falcon.before(writes)  # its GET updates the user's admin right: a writer's transaction
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        self.on_post(req, resp, user_id)

    def on_post(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        admin.set_admin(req.context.uow, req.context.actor, path_id(user_id, "user"), self.granted)
        resp.media = {"next": USERS_PAGE}


class Categories(AdminResource):
    """GET /admin/categories lists them; POST {"name", "description"} adds one."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        empty = {"description": None, "id": None, "name": None}
        resp.media = self.page(req, form(empty, req.context.session.form_token()))

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        values = self.read(req, CATEGORY_FIELDS)
        outcome = admin.add_category(
            req.context.uow,
            req.context.actor,
            values["name"],
            values["description"],
            self.clock(),
        )
        problems = outcome.problems if isinstance(outcome, Refused) else None
        page = form({"id": None, **values}, req.context.session.form_token(), problems)
        flash = CORRECT_THE_ERRORS if problems else {"flash": "Category added", "status": "success"}
        resp.media = {**self.page(req, page), **flash}

    def page(self, req: falcon.Request, category_form: dict) -> dict:
        overview = admin.category_overview(req.context.uow, req.context.actor)
        counts = {c.short_name: overview.n_projects.get(c.id, 0) for c in overview.categories}
        return {
            "categories": [category_view(c) for c in overview.categories],
            "form": category_form,
            "n_projects_per_category": counts,
            "template": "admin/categories.html",
            "title": "Categories",
        }


class CategoryDelete(AdminResource):
    """GET shows the category; POST deletes it unless it still holds projects (409)."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, category_id: str) -> None:
        category = admin.get_category(
            req.context.uow, req.context.actor, path_id(category_id, "category")
        )
        resp.media = {
            "category": category_view(category),
            "form": {"csrf": req.context.session.form_token()},
            "template": "admin/del_category.html",
            "title": "Delete Category",
        }

    def on_post(self, req: falcon.Request, resp: falcon.Response, category_id: str) -> None:
        outcome = admin.remove_category(
            req.context.uow, req.context.actor, path_id(category_id, "category")
        )
        if not outcome.deleted:
            resp.status = falcon.HTTP_409
            resp.media = {"flash": outcome.reason, "next": CATEGORIES_PAGE, "status": "error"}
            return
        resp.media = {"flash": "Category deleted", "next": CATEGORIES_PAGE, "status": "success"}


class CategoryUpdate(AdminResource):
    """GET shows the category in a form; POST {"name", "description"} changes it."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, category_id: str) -> None:
        category = admin.get_category(
            req.context.uow, req.context.actor, path_id(category_id, "category")
        )
        values = {"description": category.description, "id": category.id, "name": category.name}
        resp.media = _update_page(category, form(values, req.context.session.form_token()))

    def on_post(self, req: falcon.Request, resp: falcon.Response, category_id: str) -> None:
        object_id, actor = path_id(category_id, "category"), req.context.actor
        values = self.read(req, CATEGORY_FIELDS)
        outcome = admin.change_category(
            req.context.uow,
            actor,
            object_id,
            values["name"],
            values["description"],
        )
        if not isinstance(outcome, Refused):
            resp.media = {"flash": "Category updated", "next": CATEGORIES_PAGE, "status": "success"}
            return
        category = admin.get_category(req.context.uow, actor, object_id)
        page = form({"id": object_id, **values}, req.context.session.form_token(), outcome.problems)
        resp.media = {**_update_page(category, page), **CORRECT_THE_ERRORS}


def _update_page(category, category_form: dict) -> dict:
    return {
        "category": category_view(category),
        "form": category_form,
        "template": "admin/update_category.html",
        "title": "Update Category",
    }
