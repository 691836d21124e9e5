"""The task management views' pages: each one's template and title, the keys it answers
with, and its form."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from entrypoints.schemas.project_views import project_context
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

# The settings forms (scheduler, priority) answer only these of the project view's keys.
FORM_PAGE_KEYS = ("owner", "pro_features", "project", "template", "title")
CORRECT_THE_ERRORS = "Please correct the errors"


@dataclass(frozen=True)
class View:
    """One task management view: PYBOSSA's template for it and its title's suffix."""

    template: str
    heading: str

    def context(self, page: ProjectPage, actor: Actor, now: datetime, prefix: str) -> dict:
        """Every key the project views share, for this view."""
        title = f"Project: {page.project.name} · {self.heading}"
        return project_context(page, actor, now, prefix, self.template, title)

    def form_page(
        self,
        page: ProjectPage,
        actor: Actor,
        now: datetime,
        prefix: str,
        settings_form: dict[str, Any],
    ) -> dict:
        """The few keys a settings form's page answers with, and its form."""
        context = self.context(page, actor, now, prefix)
        return {"form": settings_form, **{key: context[key] for key in FORM_PAGE_KEYS}}


SCHEDULER = View("/projects/task_scheduler.html", "Task Scheduler")
PRIORITY = View("/projects/task_priority.html", "Task Priority")
PRESENTER_EDITOR = View("/projects/task_presenter_editor.html", "Task Presenter Editor")
DELETE_TASKS = View("/projects/tasks/delete.html", "Delete Tasks")
IMPORT = View("/projects/task_import_options.html", "Import Tasks")
EXPORT = View("/projects/export.html", "Export")


REFUSED = {"flash": CORRECT_THE_ERRORS, "status": "error"}


def done(short_name: str, flash: str) -> dict[str, str]:
    """What an applied form answers: the message and the project's tasks page to go on to."""
    return {"flash": flash, "next": f"/project/{short_name}/tasks/", "status": "success"}
