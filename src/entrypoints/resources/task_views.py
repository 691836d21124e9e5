"""A project's task settings as PYBOSSA's JSON views: /project/{short_name}/tasks/scheduler,
priority, taskpresentereditor and delete. Owners and admins only (GET too); each POST from
a browser session carries the form's CSRF token (the middleware checks it)."""

from typing import Any

import falcon

from entrypoints.resources.base import Resource
from entrypoints.schemas import task_views
from entrypoints.schemas.bodies import read_json_object
from entrypoints.schemas.forms import FORM_ECHOES, FORM_TYPES, form, read_form
from pybossa_core import errors
from pybossa_core.clock import Clock
from pybossa_core.ports import JobQueue
from pybossa_core.use_cases import task_settings
from pybossa_core.use_cases.project_page import ProjectPage

# The presenter editor's form carries the project's id beside its field (as PYBOSSA's).
WITH_ID = FORM_ECHOES | {"id"}


class TaskSettingsView(Resource):
    """What the task settings views share: their collaborators and how they render."""

    target = "project"

    def __init__(self, clock: Clock, max_body_bytes: int, jobs: JobQueue | None = None) -> None:
        self.clock, self.max_body_bytes, self.jobs = clock, max_body_bytes, jobs

    def csrf(self, req: falcon.Request) -> str:
        return req.context.session.form_token()

    def form_page(
        self,
        req: falcon.Request,
        view: task_views.View,
        page: ProjectPage,
        values: dict[str, Any],
        problems: dict[str, list[str]] | None = None,
    ) -> dict:
        settings_form = form(values, self.csrf(req), problems)
        return view.form_page(page, req.context.actor, self.clock(), req.prefix, settings_form)


class TaskScheduler(TaskSettingsView):
    """GET: the scheduler form (`sched`: the project's, `choices`: the server's); POST
    {"sched"} stores the choice in the project's info."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = task_settings.managed_page(req.context.uow, short_name, req.context.actor)
        sched = (page.project.info or {}).get("sched") or "default"
        resp.media = {
            **self.form_page(req, task_views.SCHEDULER, page, {"sched": sched}),
            "sched_variants": list(task_settings.SCHEDULERS),
        }

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        values = read_form(req, self.max_body_bytes, ("sched",), refuse_unknown=True)
        outcome = task_settings.set_scheduler(
            req.context.uow, short_name, values["sched"], req.context.actor, self.clock(), self.jobs
        )
        if outcome.problems:
            page = self.form_page(req, task_views.SCHEDULER, outcome.page, values, outcome.problems)
            resp.media = {**page, **task_views.REFUSED}
            return
        resp.media = task_views.done(short_name, "Project Task Scheduler updated!")


class TaskPriority(TaskSettingsView):
    """GET: the priority form; POST {"task_ids": "1,2,3", "priority_0": 0.5} gives those
    tasks of the project that priority, and answers the form's page again."""

    FIELDS = ("task_ids", "priority_0")

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = task_settings.managed_page(req.context.uow, short_name, req.context.actor)
        empty = {"task_ids": None, "priority_0": 0.0}
        resp.media = self.form_page(req, task_views.PRIORITY, page, empty)

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        values = self._values(req)
        outcome = task_settings.set_priority(
            req.context.uow, short_name, values["task_ids"], values["priority_0"], req.context.actor
        )
        page = self.form_page(req, task_views.PRIORITY, outcome.page, values, outcome.problems)
        if outcome.problems:
            resp.media = {**page, **task_views.REFUSED}
            return
        flash = f"Task priority updated for {outcome.changed} task(s)"
        resp.media = {**page, "flash": flash, "status": "success"}

    def _values(self, req: falcon.Request) -> dict[str, Any]:
        """The form's fields; a JSON body may give the priority as a number."""
        if (req.content_type or "").startswith(FORM_TYPES):
            return read_form(req, self.max_body_bytes, self.FIELDS, refuse_unknown=True)
        body = read_json_object(req, self.max_body_bytes)
        unknown = sorted(set(body) - set(self.FIELDS) - FORM_ECHOES)
        if unknown:
            raise errors.UnknownAttribute(f"'{unknown[0]}' is not a field of this form", "task")
        return {name: body.get(name, "") for name in self.FIELDS}


class TaskPresenterEditor(TaskSettingsView):
    """GET: the project's task presenter in the editor's form; POST {"editor"} saves it as
    the project's info.task_presenter."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = task_settings.managed_page(req.context.uow, short_name, req.context.actor)
        resp.media = self._page(req, page, (page.project.info or {}).get("task_presenter", ""))

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        editor = read_form(
            req, self.max_body_bytes, ("editor",), refuse_unknown=True, echoes=WITH_ID
        )["editor"]
        outcome = task_settings.save_task_presenter(
            req.context.uow, short_name, editor, req.context.actor, self.clock(), self.jobs
        )
        if outcome.problems:
            page = self._page(req, outcome.page, editor, outcome.problems)
            resp.media = {**page, **task_views.REFUSED}
            return
        resp.media = task_views.done(short_name, "Your code has been successfully saved!")

    def _page(
        self,
        req: falcon.Request,
        page: ProjectPage,
        editor: Any,
        problems: dict[str, list[str]] | None = None,
    ) -> dict:
        values = {"editor": editor, "id": page.project.id}
        context = task_views.PRESENTER_EDITOR.context(
            page, req.context.actor, self.clock(), req.prefix
        )
        return {
            **context,
            "errors": bool(problems),
            "form": form(values, self.csrf(req), problems),
        }


class DeleteTasks(TaskSettingsView):
    """GET: what deleting every task means (the project's figures) and the CSRF token; POST
    deletes every task of the project with its task runs and results."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = task_settings.managed_page(req.context.uow, short_name, req.context.actor)
        context = task_views.DELETE_TASKS.context(page, req.context.actor, self.clock(), req.prefix)
        resp.media = {**context, "csrf": self.csrf(req)}

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        deleted = task_settings.delete_all_tasks(req.context.uow, short_name, req.context.actor)
        flash = f"All the tasks ({deleted}) and associated task runs and results have been deleted"
        resp.media = task_views.done(short_name, flash)
