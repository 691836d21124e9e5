"""PYBOSSA's project forms as JSON: new, update (with the thumbnail), delete, publish, task
settings and a new secret key; for signed-in callers, and but for `new` the project's owners
and admins."""

from dataclasses import dataclass

import falcon

from entrypoints.errors import BadBody
from entrypoints.resources.base import Resource
from entrypoints.schemas import project_forms as pages
from pybossa_core import errors, permissions
from pybossa_core.clock import Clock
from pybossa_core.ports import FileStorage, ImageProcessor, JobQueue, RandomKeys
from pybossa_core.projects import CreateProject
from pybossa_core.use_cases import profiles, project_forms
from pybossa_core.use_cases.forms import Refused

THUMBNAIL_UPDATED = (
    "Your project thumbnail has been updated! It may take some minutes to refresh..."
)


@dataclass(frozen=True)
class ProjectFormPorts:
    """What the project forms use beside the unit of work."""

    clock: Clock
    keys: RandomKeys
    storage: FileStorage
    images: ImageProcessor
    jobs: JobQueue
    max_body_bytes: int


class ProjectForm(Resource):
    """Shared plumbing of the project forms."""

    target = "project"

    def __init__(self, ports: ProjectFormPorts) -> None:
        self.ports = ports

    def csrf(self, req: falcon.Request) -> str:
        return req.context.session.form_token()

    def managed(self, req: falcon.Request, short_name: str, action: str = permissions.UPDATE):
        return project_forms.managed_page(req.context.uow, short_name, req.context.actor, action)

    def context(self, req: falcon.Request) -> tuple:
        """The page builders' common arguments after the page: actor, now, prefix, csrf."""
        return req.context.actor, self.ports.clock(), req.prefix, self.csrf(req)


class NewProject(ProjectForm):
    """GET/POST /project/new: a new draft owned by the caller, then on to its update page."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        project_forms.ensure_may_create(req.context.actor)
        resp.media = pages.new_project_page(self.csrf(req))

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        project_forms.ensure_may_create(req.context.actor)
        values = pages.read_fields(req, self.ports.max_body_bytes, pages.NEW_FIELDS)
        fields, problems = pages.typed(pages.NewProjectForm(), values)
        outcome = Refused(problems) if problems else self.create(req, fields)
        if isinstance(outcome, Refused):
            page = pages.new_project_page(self.csrf(req), values, outcome.problems)
            resp.media = pages.refused(page)
            return
        resp.media = pages.done("Project created!", f"/project/{outcome.short_name}/update")

    def create(self, req: falcon.Request, fields: dict):
        command = CreateProject(**{"description": "", **fields})
        return project_forms.create(
            req.context.uow, command, req.context.actor, self.ports.clock(), keys=self.ports.keys
        )


class UpdateProject(ProjectForm):
    """GET/POST /project/<short_name>/update: the project's settings form, and (multipart,
    btn=Upload) its thumbnail form."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        resp.media = pages.update_page(self.managed(req, short_name), *self.context(req))

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        if (req.content_type or "").startswith(falcon.MEDIA_MULTIPART):
            values, image = self.read_multipart(req)
            if image is not None or values.get("btn") == "Upload":
                return self.upload(req, resp, short_name, values, image)
        else:
            values = pages.read_fields(req, self.ports.max_body_bytes, pages.UPDATE_FIELDS)
        fields, problems = pages.typed(pages.UpdateProjectForm(), values)
        outcome = Refused(problems) if problems else self.update(req, short_name, fields)
        if isinstance(outcome, Refused):
            page = self.managed(req, short_name)
            sent = {"values": values, "problems": outcome.problems}
            resp.media = pages.refused(pages.update_page(page, *self.context(req), **sent))
            return
        resp.media = pages.done("Project updated!", f"/project/{outcome.short_name}/")

    def update(self, req: falcon.Request, short_name: str, fields: dict):
        return project_forms.update(
            req.context.uow,
            short_name,
            fields,
            req.context.actor,
            self.ports.clock(),
            self.ports.jobs,
        )

    def upload(self, req, resp, short_name: str, values: dict, image: bytes | None) -> None:
        if image is None:
            raise BadBody(400, "BadRequest", "Send the image as the `avatar` file part")
        outcome = project_forms.set_thumbnail(
            req.context.uow,
            short_name,
            image,
            pages.crop_box(values),
            req.context.actor,
            self.ports.clock(),
            images=self.ports.images,
            storage=self.ports.storage,
            keys=self.ports.keys,
        )
        if isinstance(outcome, Refused):
            page = self.managed(req, short_name)
            sent = {"upload_problems": outcome.problems}
            resp.media = pages.refused(pages.update_page(page, *self.context(req), **sent))
            return
        resp.media = pages.done(THUMBNAIL_UPDATED, f"/project/{outcome.short_name}/update")

    def read_multipart(self, req: falcon.Request) -> tuple[dict, bytes | None]:
        """The text parts, known ones only, and the `avatar` file (up to a byte more than the
        image processor takes, which refuses it then)."""
        values, image = {}, None
        for part in req.get_media():
            if part.name == "avatar" and part.filename is not None:
                image = part.stream.read(self.ports.images.max_bytes + 1)
            elif part.filename is None:
                values[part.name] = part.get_text() or ""
        known = set(pages.UPDATE_FIELDS) | set(pages.BOX_FIELDS) | pages.FORM_ECHOES
        unknown = sorted(set(values) - known)
        if unknown:
            raise errors.UnknownAttribute(f"'{unknown[0]}' is not a field of this form", "project")
        return pages.text_fields(values), image


class DeleteProject(ProjectForm):
    """GET/POST /project/<short_name>/delete: the confirmation, then the project is gone
    with its tasks, answers, results and files."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = self.managed(req, short_name, permissions.DELETE)
        resp.media = pages.delete_page(page, *self.context(req))

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        actor = req.context.actor
        project_forms.delete(req.context.uow, short_name, actor, self.ports.storage)
        name = profiles.name_of(req.context.uow, actor)
        resp.media = pages.done("Project deleted!", f"/account/{name}/")


class Publish(ProjectForm):
    """GET/POST /project/<short_name>/publish: a draft becomes public (owners, admins) and the
    POST leads to its page (302, with the JSON of any form beside); one that cannot yet is a
    403 saying what it lacks, as PYBOSSA answers."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        resp.media = pages.publish_page(self.managed(req, short_name), *self.context(req))

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        actor, now = req.context.actor, self.ports.clock()
        outcome = project_forms.publish(req.context.uow, short_name, actor, now)
        if isinstance(outcome, Refused):
            resp.status = falcon.HTTP_403
            resp.media = pages.publish_refused(outcome.problems)
            return
        # PYBOSSA answers a 302 to the project's page; a front end's fetch follows it there
        resp.status = falcon.HTTP_302
        resp.location = f"/project/{short_name}/"
        resp.media = pages.done("Project published", f"/project/{short_name}/")


class TaskSettings(ProjectForm):
    """GET /project/<short_name>/tasks/settings: where the project's task settings are."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        actor = req.context.actor
        page = self.managed(req, short_name)
        resp.media = pages.task_settings_page(page, actor, self.ports.clock(), req.prefix)


class ResetSecretKey(ProjectForm):
    """POST /project/<short_name>/resetsecretkey: a new secret key; project tokens issued
    with the old one stop working."""

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        project_forms.reset_secret_key(
            req.context.uow, short_name, req.context.actor, self.ports.clock(), keys=self.ports.keys
        )
        resp.media = pages.done("New secret key generated", f"/project/{short_name}/update")
