"""Output schemas per object kind, in the order their JSON keys come out; nobody ever gets a
password hash. Each field's type is its entity field's annotation (`showing`). Which of the
fields an audience is not shown is decided by pybossa_core.permissions (hidden_fields)."""

import datetime
import typing
from typing import Any

from marshmallow import Schema, fields

from pybossa_core.categories import Category
from pybossa_core.entity import stored_fields, without_none
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result, Task
from pybossa_core.users import User

ISO = "iso"
PLAIN = {int: fields.Integer, str: fields.String, bool: fields.Boolean, float: fields.Float}


def showing(
    name: str, entity_type: type, shown: tuple[str, ...], **declared: fields.Field
) -> type[Schema]:
    """A schema class of the entity's `shown` fields in that order, each typed by its
    annotation unless `declared` here."""
    annotations = stored_fields(entity_type)
    attrs = {
        field_name: declared.get(field_name) or field_for(annotations[field_name])
        for field_name in shown
    }
    return type(name, (Schema,), {"__module__": __name__, **attrs})


def field_for(annotation: Any) -> fields.Field:
    """The output field of values so annotated; JSON objects and Any pass as they are."""
    annotation, nullable = without_none(annotation)
    if annotation in PLAIN:
        return PLAIN[annotation](allow_none=nullable)
    if annotation is datetime.datetime:
        return fields.DateTime(format=ISO, allow_none=nullable)
    if typing.get_origin(annotation) is list and typing.get_args(annotation) == (int,):
        return fields.List(fields.Integer(), allow_none=nullable)
    return fields.Raw(allow_none=nullable)


# Every object shown is stored, so it has its id.
ID = fields.Integer()

CategoryOut = showing(
    "CategoryOut", Category, ("id", "name", "short_name", "description", "created", "info"), id=ID
)
ProjectOut = showing(
    "ProjectOut",
    Project,
    (
        "id",
        "created",
        "updated",
        "name",
        "short_name",
        "description",
        "long_description",
        "webhook",
        "allow_anonymous_contributors",
        "published",
        "featured",
        "secret_key",
        "zip_download",
        "contacted",
        "owner_id",
        "category_id",
        "info",
        "owners_ids",
    ),
    id=ID,
    owners_ids=fields.List(fields.Integer()),
)
TaskOut = showing(
    "TaskOut",
    Task,
    (
        "id",
        "created",
        "project_id",
        "state",
        "quorum",
        "calibration",
        "priority_0",
        "info",
        "n_answers",
        "fav_user_ids",
        "gold_answers",
        "dedupe_key",
    ),
    id=ID,
    fav_user_ids=fields.Raw(),
)
TaskRunOut = showing(
    "TaskRunOut",
    TaskRun,
    (
        "id",
        "created",
        "project_id",
        "task_id",
        "user_id",
        "user_ip",
        "finish_time",
        "timeout",
        "calibration",
        "external_uid",
        "media_url",
        "info",
        "gold_score",
    ),
    id=ID,
)
ResultOut = showing(
    "ResultOut",
    Result,
    ("id", "created", "project_id", "task_id", "task_run_ids", "last_version", "info"),
    id=ID,
    info=fields.Raw(),
)
HelpingMaterialOut = showing(
    "HelpingMaterialOut",
    HelpingMaterial,
    ("id", "created", "project_id", "info", "media_url", "priority"),
    id=ID,
)
UserOut = showing(
    "UserOut",
    User,
    ("id", "created", "name", "fullname", "locale", "info", "privacy_mode", "admin", "email_addr"),
    id=ID,
)
AnnouncementOut = showing(
    "AnnouncementOut",
    Announcement,
    ("id", "created", "updated", "user_id", "title", "body", "info", "media_url", "published"),
    id=ID,
)
BlogPostOut = showing(
    "BlogPostOut",
    BlogPost,
    (
        "id",
        "created",
        "updated",
        "project_id",
        "user_id",
        "title",
        "body",
        "info",
        "media_url",
        "published",
    ),
    id=ID,
)
PageOut = showing(
    "PageOut", Page, ("id", "created", "project_id", "slug", "info", "media_url"), id=ID
)
