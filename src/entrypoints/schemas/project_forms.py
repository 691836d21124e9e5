"""A project's forms as PYBOSSA's JSON views answer them: fields read and typed, pages built."""

from datetime import datetime
from typing import Any

import falcon
from marshmallow import Schema, ValidationError, fields

from entrypoints.errors import BadBody
from entrypoints.schemas.bodies import read_json_object, refuse_lone_surrogates
from entrypoints.schemas.forms import FORM_TYPES, form
from entrypoints.schemas.inputs import INT32, PROJECT_FIELDS, WholeNumber, accepting
from entrypoints.schemas.project_views import PRO_FEATURES, project_context
from pybossa_core import errors
from pybossa_core.ports import CropBox
from pybossa_core.use_cases.project_page import ProjectPage
from pybossa_core.users import Actor

# What a front end may send back of a form it was given, beside its fields: ignored.
FORM_ECHOES = frozenset({"csrf", "csrf_token", "errors", "btn"})
NEW_FIELDS = ("name", "short_name", "description", "long_description")
UPDATE_FIELDS = (
    "id",
    "name",
    "short_name",
    "description",
    "long_description",
    "allow_anonymous_contributors",
    "category_id",
    "webhook",
    "zip_download",
    "password",
    "protect",
)
TEXT_FIELDS = frozenset({"name", "short_name", "description", "long_description", "password"})
REQUIRED_TEXT = frozenset({"name", "short_name"})
BOX_FIELDS = ("x1", "y1", "x2", "y2")
MISSING = ["This field is required."]


class NewProjectForm(
    accepting("NewProjectFields", NEW_FIELDS, PROJECT_FIELDS, required={"name", "short_name"})
):
    pass


class UpdateProjectForm(
    accepting(
        "UpdateProjectFields", set(UPDATE_FIELDS) - {"id", "password", "protect"}, PROJECT_FIELDS
    )
):
    id = WholeNumber(validate=INT32)
    password = fields.String()
    protect = fields.Boolean()


class RedundancyForm(Schema):
    n_answers = WholeNumber(required=True, validate=INT32)


def read_fields(req: falcon.Request, max_bytes: int, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields of the form sent (a JSON object, or urlencoded or multipart text) that are
    named in `names`; the form's own echoes are ignored and any other name is refused."""
    if (req.content_type or "").startswith(FORM_TYPES):
        raw = text_fields(req.get_media())
    else:
        raw = read_json_object(req, max_bytes)
    unknown = sorted(set(raw) - set(names) - FORM_ECHOES)
    if unknown:
        raise errors.UnknownAttribute(f"'{unknown[0]}' is not a field of this form", "project")
    values = {name: raw[name] for name in names if name in raw}
    refuse_lone_surrogates(values)
    return values


def text_fields(media: Any) -> dict[str, Any]:
    """An urlencoded form's fields (the last of a repeated one) or a multipart form's text
    parts; NUL characters, which PostgreSQL text cannot hold, are refused."""
    if isinstance(media, dict):
        found = {k: (v[-1] if isinstance(v, list) else v) for k, v in media.items()}
    else:
        found = {part.name: part.get_text() or "" for part in media if part.filename is None}
    if any("\x00" in str(value) for value in found.values()):
        raise BadBody(400, "BadRequest", "NUL characters are not accepted")
    return found


def typed(schema: Schema, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The values as the schema types them, and each field's problems. A blank name or short
    name is missing; a blank webhook is no webhook; other blank choices are not sent."""
    problems = {name: MISSING for name in REQUIRED_TEXT if values.get(name) == ""}
    sent = {}
    for name, value in values.items():
        if name == "webhook" and value in ("", None):
            sent[name] = None
        elif name in TEXT_FIELDS - REQUIRED_TEXT or value not in ("", None):
            sent[name] = value
    try:
        loaded = schema.load({k: v for k, v in sent.items() if k not in problems})
    except ValidationError as exc:
        loaded = {}
        problems |= {name: _messages(msgs) for name, msgs in exc.messages.items()}
    return ({}, problems) if problems else (loaded, {})


def _messages(messages: Any) -> list[str]:
    listed = messages if isinstance(messages, list) else [messages]
    return MISSING if any("Missing data" in str(m) for m in listed) else list(map(str, listed))


def crop_box(values: dict[str, Any]) -> CropBox | None:
    """x1, y1 (the crop's offsets) and x2, y2 (its width and height); all zero: no crop."""
    try:
        numbers = [int(float(values.get(k) or 0)) for k in BOX_FIELDS]
    except (ValueError, OverflowError):  # OverflowError: int(float("inf"))
        raise BadBody(400, "BadRequest", "x1, y1, x2 and y2 must be numbers") from None
    return CropBox(*numbers) if any(numbers) else None


def title(page: ProjectPage, name: str) -> str:
    return f"Project: {page.project.name} &middot; {name}"


def new_project_page(csrf: str, values: dict | None = None, problems: dict | None = None) -> dict:
    """GET /project/new, or the form again with its problems."""
    shown = {name: "" for name in NEW_FIELDS} | {
        k: v for k, v in (values or {}).items() if k in NEW_FIELDS
    }
    return {
        "errors": bool(problems),
        "form": form(shown, csrf, problems),
        "template": "projects/new.html",
        "title": "Create a Project",
    }


def update_page(
    page: ProjectPage, actor: Actor, now: datetime, prefix: str, csrf: str, **sent: Any
) -> dict:
    """GET /project/<sn>/update: the project's pages keys, its settings form and the
    thumbnail form; `sent` gives a refused form's values and problems (form/upload)."""
    project = page.project
    current = {name: getattr(project, name, None) for name in UPDATE_FIELDS}
    current.update(password="", protect=False)
    shown = current | {k: v for k, v in sent.get("values", {}).items() if k in current}
    upload = {"avatar": None, "id": project.id, **dict.fromkeys(BOX_FIELDS, 0)}
    return {
        **project_context(page, actor, now, prefix, "/projects/update.html", title(page, "Update")),
        "form": form(shown, csrf, sent.get("problems")),
        "upload_form": form(upload, csrf, sent.get("upload_problems")),
    }


def delete_page(page: ProjectPage, actor: Actor, now: datetime, prefix: str, csrf: str) -> dict:
    """GET /project/<sn>/delete: what PYBOSSA's confirmation page shows."""
    context = project_context(
        page, actor, now, prefix, "/projects/delete.html", title(page, "Delete")
    )
    shown = (
        "last_activity",
        "n_tasks",
        "overall_progress",
        "owner",
        "pro_features",
        "project",
        "template",
        "title",
    )
    return {**{k: context[k] for k in shown}, "csrf": csrf}


def publish_page(page: ProjectPage, actor: Actor, now: datetime, prefix: str, csrf: str) -> dict:
    """GET /project/<sn>/publish: the project and the token to publish it with."""
    context = project_context(page, actor, now, prefix, "/projects/publish.html", "")
    return {
        "csrf": csrf,
        "pro_features": PRO_FEATURES,
        "project": context["project"],
        "template": "/projects/publish.html",
    }


def redundancy_page(
    page: ProjectPage, actor: Actor, now: datetime, prefix: str, csrf: str, **sent: Any
) -> dict:
    """GET /project/<sn>/tasks/redundancy: the n_answers form (a refused one with its value
    and problems)."""
    context = project_context(
        page, actor, now, prefix, "/projects/task_n_answers.html", title(page, "Redundancy")
    )
    shown = ("owner", "pro_features", "project", "template", "title")
    values = {"n_answers": sent.get("values", {}).get("n_answers")}
    return {
        **{k: context[k] for k in shown},
        "form": form(values, csrf, sent.get("problems")),
    }


def task_settings_page(page: ProjectPage, actor: Actor, now: datetime, prefix: str) -> dict:
    """GET /project/<sn>/tasks/settings: the project's keys and the task settings pages."""
    base = f"/project/{page.project.short_name}/tasks"
    pages = {
        "redundancy": f"{base}/redundancy",
        "scheduler": f"{base}/scheduler",
        "priority": f"{base}/priority",
        "task_presenter_editor": f"{base}/taskpresentereditor",
        "delete": f"{base}/delete",
        "import": f"{base}/import",
        "export": f"{base}/export",
    }
    context = project_context(
        page, actor, now, prefix, "/projects/task_settings.html", title(page, "Task Settings")
    )
    return {**context, "pages": pages}


def publish_refused(problems: dict[str, list[str]]) -> dict:
    """A draft that cannot be published yet: PYBOSSA's 403 body with the reasons."""
    reasons = " ".join(message for messages in problems.values() for message in messages)
    return {
        "code": 403,
        "description": reasons,
        "errors": problems,
        "flash": reasons,
        "status": "error",
        "template": "403.html",
    }


def refused(page: dict, flash: str = "Please correct the errors") -> dict:
    """A page sent back with its form's problems, as PYBOSSA's views do."""
    return {**page, "flash": flash, "status": "error"}


def done(flash: str, next_path: str) -> dict:
    return {"flash": flash, "next": next_path, "status": "success"}
