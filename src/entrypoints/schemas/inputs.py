"""Input schemas per object kind: the fields each entity lets a client write, with their types."""

import copy
from collections.abc import Collection

from marshmallow import Schema, fields, validate

from pybossa_core.categories import Category
from pybossa_core.helping import HelpingMaterial
from pybossa_core.projects import Project
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result, Task

SHORT_TEXT = validate.Length(max=255)
INT32 = validate.Range(min=-(2**31), max=2**31 - 1)
LONG_TEXT = validate.Length(max=100_000)


class WholeNumber(fields.Integer):
    """An integer, also when sent as a numeric string (the pbs CLI sends "5", PYBOSSA accepts
    it); 5.5 is refused rather than silently truncated."""

    def _validated(self, value):
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._validated(value)


# Each kind's writable fields, each with its type and bounds, declared once; which of them a
# schema accepts is the entity's allow-list (WRITABLE, ADMIN_WRITABLE), in pybossa_core.
NAME = validate.Length(min=1, max=255)
SHORT_NAME = validate.Regexp(r"^[A-Za-z0-9_-]{1,255}$")

PROJECT_FIELDS = {
    "name": fields.String(validate=NAME),
    "short_name": fields.String(validate=NAME),
    "description": fields.String(validate=SHORT_TEXT),
    "long_description": fields.String(allow_none=True, validate=LONG_TEXT),
    "webhook": fields.Url(allow_none=True, schemes={"http", "https"}),
    "allow_anonymous_contributors": fields.Boolean(),
    "zip_download": fields.Boolean(),
    "category_id": WholeNumber(validate=INT32),
    "info": fields.Dict(keys=fields.String()),
    "featured": fields.Boolean(),
}
CATEGORY_FIELDS = {
    "name": fields.String(validate=NAME),
    "short_name": fields.String(validate=SHORT_NAME),
    "description": fields.String(allow_none=True, validate=LONG_TEXT),
    "info": fields.Dict(keys=fields.String()),
}
TASK_FIELDS = {
    "project_id": WholeNumber(validate=INT32),
    "quorum": WholeNumber(validate=INT32),
    "calibration": WholeNumber(validate=INT32),
    "priority_0": fields.Float(allow_nan=False),
    "n_answers": WholeNumber(validate=INT32),
    "info": fields.Raw(),
    "gold_answers": fields.Dict(keys=fields.String(), allow_none=True),
}
RESULT_FIELDS = {
    "info": fields.Raw(allow_none=True),
}
HELPING_MATERIAL_FIELDS = {
    "project_id": WholeNumber(validate=INT32),
    "info": fields.Dict(keys=fields.String()),
    "media_url": fields.String(allow_none=True, validate=validate.Length(max=2048)),
    "priority": fields.Float(allow_none=True, allow_nan=False),
}
MEDIA_URL = fields.String(allow_none=True, validate=validate.Length(max=2048))
ANNOUNCEMENT_FIELDS = {
    "title": fields.String(validate=NAME),
    "body": fields.String(validate=LONG_TEXT),
    "info": fields.Dict(keys=fields.String()),
    "media_url": MEDIA_URL,
    "published": fields.Boolean(),
}
BLOG_POST_FIELDS = {"project_id": WholeNumber(validate=INT32), **ANNOUNCEMENT_FIELDS}
PAGE_FIELDS = {
    "project_id": WholeNumber(validate=INT32),
    "slug": fields.String(validate=SHORT_NAME),
    "info": fields.Dict(keys=fields.String()),
    "media_url": MEDIA_URL,
}
TASK_RUN_FIELDS = {
    "project_id": WholeNumber(validate=INT32),
    "task_id": WholeNumber(validate=INT32),
    "info": fields.Raw(),
    "external_uid": fields.String(validate=validate.Length(min=1, max=255)),
}
# Not a field of the answer: the volunteer an app answers for (checked with its project token).
ANSWERS_FOR = frozenset({"external_uid"})


def accepting(
    name: str,
    allowed: Collection[str],
    declared: dict[str, fields.Field],
    required: Collection[str] = (),
) -> type[Schema]:
    """A schema class accepting the `allowed` fields (in their declared order), each as
    declared, those `required` required."""
    missing = sorted(set(allowed) - declared.keys())
    if missing:
        raise TypeError(f"{name} accepts '{missing[0]}', which has no declared type")
    accepted = {}
    for field_name, field in declared.items():
        if field_name in allowed:
            accepted[field_name] = copy.deepcopy(field)
            accepted[field_name].required = field_name in required
    return type(name, (Schema,), {"__module__": __name__, **accepted})


ProjectUpdate = accepting("ProjectUpdate", Project.WRITABLE, PROJECT_FIELDS)
ProjectCreate = accepting(
    "ProjectCreate",
    Project.WRITABLE,
    PROJECT_FIELDS,
    required={"name", "short_name", "description"},
)
ProjectAdminUpdate = accepting(
    "ProjectAdminUpdate", Project.WRITABLE | Project.ADMIN_WRITABLE, PROJECT_FIELDS
)
CategoryUpdate = accepting("CategoryUpdate", Category.WRITABLE, CATEGORY_FIELDS)
CategoryCreate = accepting(
    "CategoryCreate", Category.WRITABLE, CATEGORY_FIELDS, required={"name", "short_name"}
)
TaskUpdate = accepting("TaskUpdate", Task.WRITABLE, TASK_FIELDS)
TaskCreate = accepting("TaskCreate", Task.WRITABLE, TASK_FIELDS, required={"project_id"})
ResultUpdate = accepting("ResultUpdate", Result.WRITABLE, RESULT_FIELDS)
HelpingMaterialUpdate = accepting(
    "HelpingMaterialUpdate", HelpingMaterial.WRITABLE, HELPING_MATERIAL_FIELDS
)
HelpingMaterialCreate = accepting(
    "HelpingMaterialCreate",
    HelpingMaterial.WRITABLE,
    HELPING_MATERIAL_FIELDS,
    required={"project_id"},
)
TaskRunCreate = accepting(
    "TaskRunCreate",
    TaskRun.WRITABLE | ANSWERS_FOR,
    TASK_RUN_FIELDS,
    required={"project_id", "task_id"},
)
# An answer's author corrects its info; project_id and task_id may come back unchanged.
TaskRunUpdate = accepting("TaskRunUpdate", TaskRun.WRITABLE, TASK_RUN_FIELDS)
AnnouncementCreate = accepting(
    "AnnouncementCreate", Announcement.WRITABLE, ANNOUNCEMENT_FIELDS, required={"title", "body"}
)
AnnouncementUpdate = accepting("AnnouncementUpdate", Announcement.WRITABLE, ANNOUNCEMENT_FIELDS)
BlogPostCreate = accepting(
    "BlogPostCreate", BlogPost.WRITABLE, BLOG_POST_FIELDS, required={"project_id", "title", "body"}
)
BlogPostUpdate = accepting("BlogPostUpdate", BlogPost.WRITABLE, BLOG_POST_FIELDS)
PageCreate = accepting("PageCreate", Page.WRITABLE, PAGE_FIELDS, required={"project_id", "slug"})
PageUpdate = accepting("PageUpdate", Page.WRITABLE, PAGE_FIELDS)
