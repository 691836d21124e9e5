"""Account pages: the community, profiles, one's projects, api key, newsletter, data."""

import falcon

from entrypoints.cross_site import ensure_same_origin, refuse_cross_site
from entrypoints.request_units import writes
from entrypoints.resources.account_forms import AccountResource
from entrypoints.resources.objects import path_id
from entrypoints.schemas.account_views import (
    project_summary,
    user_on_profile,
    user_private,
    user_public,
)
from entrypoints.schemas.forms import form
from pybossa_core import permissions
from pybossa_core.use_cases import accounts, background, profiles, sessions


class Community(AccountResource):
    """GET /account and /account/page/{page}: accounts by name, with the top contributors."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, page: str = "1") -> None:
        found = profiles.community_page(req.context.uow, path_id(page, "page"))
        now = self.ports.clock()
        resp.media = {
            "accounts": [user_public(who, now) for who in found.accounts],
            "pagination": {
                "next": found.has_next,
                "page": found.page,
                "per_page": found.per_page,
                "prev": found.has_prev,
                "total": found.total,
            },
            "template": "account/index.html",
            "title": "Community",
            "top_users": [user_public(who, now) for who in found.top_users],
            "total": found.total,
            "update_feed": [],
        }


class Profile(AccountResource):
    """GET /account/{name}: the user's own view of themself, or the public profile."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        resp.media = self.page(req, name)

    def page(self, req: falcon.Request, name: str) -> dict:
        actor, now = req.context.actor, self.ports.clock()
        found = profiles.profile(req.context.uow, name, actor)
        summaries = {
            p.id: project_summary(p, found.stats.get(p.id))
            for p in found.projects_created + found.projects_contributed
        }
        created = [summaries[p.id] for p in found.projects_created]
        contributed = [summaries[p.id] for p in found.projects_contributed]
        if actor.user_id != found.contributor.user.id:
            # `projects_contrib` is the documented key; PYBOSSA's own theme reads `projects`.
            return {
                "can_update": actor.admin,
                "form": None,
                "input_form": False,
                "projects": contributed,
                "projects_contrib": contributed,
                "projects_created": created,
                "template": "/account/public_profile.html",
                "title": f"{found.contributor.user.fullname} · User Profile",
                "user": user_on_profile(found.contributor, now),
            }
        drafts = [
            s for p, s in zip(found.projects_created, created, strict=True) if not p.published
        ]
        return {
            "can_update": True,
            "form": None,
            "projects_contrib": contributed,
            "projects_draft": drafts,
            "projects_published": [s for s in created if s not in drafts],
            "template": "account/profile.html",
            "title": "Profile",
            "user": user_private(found.contributor, found.total_users, now),
        }


class OwnProfile(Profile):
    """GET /account/profile: your own profile, or a pointer to sign in."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        actor = req.context.actor
        if not actor.authenticated:
            resp.media = {"next": "/account/signin", "status": "not_signed_in"}
            return
        resp.media = self.page(req, profiles.name_of(req.context.uow, actor))


class Projects(AccountResource):
    """GET /account/{name}/projects: the user's drafts and published projects."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        found = profiles.my_projects(req.context.uow, req.context.actor, name)
        resp.media = {
            "projects_draft": [project_summary(p, found.stats.get(p.id)) for p in found.drafts],
            "projects_published": [
                project_summary(p, found.stats.get(p.id)) for p in found.published
            ],
            "template": "account/projects.html",
            "title": "Projects",
        }


class ResetApiKey(AccountResource):
    """GET the form; POST gives the user a new api key (the old one stops working)."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        profiles.ensure_can_manage(req.context.uow, req.context.actor, name)
        resp.media = {"form": {"csrf": req.context.session.form_token()}}

    def on_post(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        user = accounts.reset_api_key(
            req.context.uow, req.context.actor, name, keys=self.ports.keys
        )
        if user.id == req.context.session.user_id:  # the caller's own: stay signed in here
            self.sign_in(req, user)
        resp.media = {
            "status": "success",
            "flash": "New API-KEY generated",
            "next": f"/account/{name}",
        }


class Newsletter(AccountResource):
    """GET /account/newsletter: the page, for a signed-in user; ?subscribe=true subscribes
    (not when another site sent the GET)."""

    @falcon.before(writes)  # GET ?subscribe=true updates the user: it needs a writer's transaction
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.get_param_as_bool("subscribe"):
            ensure_same_origin(req, req.context.public_url)
            accounts.subscribe(req.context.uow, req.context.actor)
            resp.media = {
                "flash": "You are subscribed to our newsletter",
                "status": "success",
                "next": "/",
            }
            return
        permissions.ensure_authenticated(req.context.actor, "account")
        resp.media = {
            "template": "account/newsletter.html",
            "title": "Subscribe to our Newsletter",
            "next": "/",
        }


class DeleteAccount(AccountResource):
    """GET shows what will happen (with the csrf token); POST queues the deletion.

    PYBOSSA deletes on GET; a link or an image could then delete someone's account, so here
    the deletion needs a POST with the form's token.
    """

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        profiles.ensure_can_manage(req.context.uow, req.context.actor, name)
        resp.media = {
            "form": form({}, req.context.session.form_token()),
            "template": "account/delete.html",
            "title": "Delete your account",
            "flash": "POST to this address to delete the account and its projects",
        }

    def on_post(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        accounts.request_account_deletion(
            req.context.uow, req.context.actor, name, jobs=self.ports.jobs
        )
        if req.context.actor.user_id == req.context.session.user_id:
            self.sign_out(req)
        resp.media = {
            "job": "enqueued",
            "template": None,
            "status": "success",
            "next": "/",
            "flash": "Your account will be deleted",
        }


class SignOutEverywhere(AccountResource):
    """POST /account/{name}/signout-everywhere: end every session of the user (themself or
    an admin), on every browser; the caller's own session, if it is the user's, ends too.
    GET gives the form's csrf token."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        profiles.ensure_can_manage(req.context.uow, req.context.actor, name)
        resp.media = {"form": {"csrf": req.context.session.form_token()}}

    def on_post(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        user = sessions.sign_out_everywhere(req.context.uow, req.context.actor, name)
        if user.id == req.context.session.user_id:
            self.sign_out(req)
        resp.media = {
            "status": "success",
            "next": "/",
            "flash": "You are now signed out on every device",
        }


class ExportAccount(AccountResource):
    """GET /account/{name}/export: queue the GDPR export; the link arrives by e-mail (not
    when another site sent the GET)."""

    @falcon.before(refuse_cross_site)
    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        accounts.request_account_export(
            req.context.uow, req.context.actor, name, jobs=self.ports.jobs
        )
        resp.media = {
            "flash": "GDPR export started",
            "next": f"/account/{name}/",
            "status": "success",
        }


class ExportDownload(AccountResource):
    """GET /account/{name}/export/{filename}: the user's archive (themself or an admin)."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str, filename: str) -> None:
        resp.data = background.export_file(
            req.context.uow, req.context.actor, name, filename, storage=self.ports.storage
        )
        resp.content_type = "application/zip"
        resp.downloadable_as = filename
