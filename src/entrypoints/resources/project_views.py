"""The project views that read (PYBOSSA's JSON web views): statistics, settings, the task
overview and browser, the tutorial, the presenter page and a task's, the results, a task's
results.json and the password page."""

from typing import Any

import falcon

from entrypoints.resources.base import Resource
from entrypoints.resources.objects import path_id
from entrypoints.schemas.forms import form, read_form
from entrypoints.schemas.project_views import project_context, task_progress
from entrypoints.schemas.render import render
from pybossa_core import permissions
from pybossa_core.clock import Clock
from pybossa_core.use_cases import project_page, project_views
from pybossa_core.use_cases.project_page import ProjectPage

# The project page's keys that the statistics, task browser and tutorial pages leave out.
NO_ACTIVITY = ("last_activity", "n_task_runs")
NOT_SIGNED_IN = "You are not signed in: sign in to get credit for your contributions."
PASSWORD_FORM_BYTES = 4096
NOT_PROTECTED = "This project is not protected by a password: it is open to its volunteers"


class ProjectViewResource(Resource):
    """A project view: the project page's keys with the view's template and title."""

    target = "project"
    template = ""
    title = "{}"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def on_head(self, req: falcon.Request, resp: falcon.Response, **params: str) -> None:
        self.on_get(req, resp, **params)  # type: ignore[attr-defined]  # each view's own

    def context(self, req: falcon.Request, page: ProjectPage, leave_out=()) -> dict[str, Any]:
        found = project_context(
            page,
            req.context.actor,
            self.clock(),
            req.prefix,
            template=self.template,
            title=self.title.format(page.project.name),
        )
        return {key: value for key, value in found.items() if key not in leave_out}


class ProjectStatistics(ProjectViewResource):
    """GET /project/{short_name}/stats."""

    template, title = "/projects/stats.html", "Project: {} · Statistics"

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = project_page.project_page(req.context.uow, short_name, req.context.actor)
        resp.media = self.context(req, page, NO_ACTIVITY)


class ProjectSettings(ProjectViewResource):
    """GET /project/{short_name}/settings: the owner's and admins' menu of settings."""

    template, title = "/projects/settings.html", "Project: {} · Settings"

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = project_views.project_settings(req.context.uow, short_name, req.context.actor)
        resp.media = self.context(req, page)


class TasksOverview(ProjectViewResource):
    """GET /project/{short_name}/tasks/: what can be done with the project's tasks."""

    template, title = "/projects/tasks.html", "Project: {} · Tasks"

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = project_page.project_page(req.context.uow, short_name, req.context.actor)
        resp.media = {**self.context(req, page), "autoimporter_enabled": False}


class TaskBrowser(ProjectViewResource):
    """GET /project/{short_name}/tasks/browse[/{number}]: a page of tasks with their progress
    (`per_page`, 10 unless asked, at most 100)."""

    template, title = "/projects/tasks_browse.html", "Project: {} · Tasks"

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, short_name: str, number: str = "1"
    ) -> None:
        actor = req.context.actor
        found = project_views.browse_tasks(
            req.context.uow,
            short_name,
            actor,
            path_id(number, "page"),
            req.get_param_as_int("per_page"),
        )
        resp.media = {
            **self.context(req, found.page, NO_ACTIVITY),
            "tasks": [task_progress(t, actor, found.sees_gold, req.prefix) for t in found.tasks],
            "pagination": {
                "page": found.number,
                "per_page": found.per_page,
                "total": found.total,
                "next": found.number * found.per_page < found.total,
                "prev": found.number > 1,
            },
        }


class Tutorial(ProjectViewResource):
    """GET /project/{short_name}/tutorial: the project with its owner (the tutorial is in
    the project's info)."""

    template, title = "/projects/tutorial.html", "Project: {} · Tutorial"

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = project_page.project_page(req.context.uow, short_name, req.context.actor)
        context = self.context(req, page)
        resp.media = {k: context[k] for k in ("owner", "project", "template", "title")}


class Presenter(ProjectViewResource):
    """GET /project/{short_name}/newtask and /presenter: the project's presenter page, where
    a volunteer contributes (the presenter, in the project's info, asks /api for tasks)."""

    template, title = "/projects/presenter.html", "Project: {} · Contribute"

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        actor = req.context.actor
        page = project_views.presenter_page(req.context.uow, short_name, actor)
        context = self.context(req, page)
        resp.media = {
            **{k: context[k] for k in ("owner", "project", "template", "title")},
            "flash": None if actor.authenticated else NOT_SIGNED_IN,
            "status": None if actor.authenticated else "warning",
        }


class TaskPage(ProjectViewResource):
    """GET /project/{short_name}/task/{task_id}: a task in its project's presenter page."""

    template, title = "/projects/presenter.html", "Project: {} · Contribute"

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, short_name: str, task_id: str
    ) -> None:
        actor = req.context.actor
        found = project_views.task_view(
            req.context.uow, short_name, path_id(task_id, "task"), actor
        )
        context = self.context(req, found.page)
        hidden = permissions.hidden_fields(actor, "task", found.task, gold=found.sees_gold)
        resp.media = {
            **{k: context[k] for k in ("owner", "project", "template", "title")},
            "task": render("task", found.task, hidden, req.prefix),
            "flash": None if actor.authenticated else NOT_SIGNED_IN,
            "status": None if actor.authenticated else "warning",
        }


class ProjectResults(ProjectViewResource):
    """GET /project/{short_name}/results: the project page with its number of results."""

    template, title = "/projects/results.html", "Project: {} · Results"

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page, n_results = project_views.project_results(
            req.context.uow, short_name, req.context.actor
        )
        resp.media = {**self.context(req, page), "n_results": n_results}


class TaskResultsJson(Resource):
    """GET /project/{short_name}/{task_id}/results.json: the task's answers, as the API
    shows them to the caller."""

    target = "task"

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, short_name: str, task_id: str
    ) -> None:
        actor = req.context.actor
        found = project_views.task_answers(
            req.context.uow, short_name, path_id(task_id, "task"), actor
        )
        resp.media = [
            render(
                "taskrun",
                run,
                permissions.hidden_fields(actor, "taskrun", run, gold=found.sees_gold),
                req.prefix,
            )
            for run in found.runs
        ]

    on_head = on_get


class ProjectPassword(ProjectViewResource):
    """GET/POST /project/{short_name}/password: PYBOSSA's page where a volunteer unlocks a
    password-protected project. No project here has a password (the update form refuses
    one), so the page says so and every project leads on to its own page."""

    template, title = "/projects/password.html", "Project: {} · Password"

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        page = project_page.project_page(req.context.uow, short_name, req.context.actor)
        context = self.context(req, page)
        csrf = req.context.session.form_token()
        resp.media = {
            **{k: context[k] for k in ("owner", "project", "template", "title")},
            "form": form({"password": ""}, csrf),
            "protected": False,
            "next": f"/project/{short_name}/",
        }

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        read_form(req, PASSWORD_FORM_BYTES, ("password",))
        project_page.project_page(req.context.uow, short_name, req.context.actor)
        resp.media = {"flash": NOT_PROTECTED, "next": f"/project/{short_name}/", "status": "info"}
