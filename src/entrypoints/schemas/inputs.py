"""Input allow-lists per object kind: the writable fields and their types."""
from marshmallow import Schema, fields, validate

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


class ProjectUpdate(Schema):
    name = fields.String(validate=validate.Length(min=1, max=255))
    short_name = fields.String(validate=validate.Length(min=1, max=255))
    description = fields.String(validate=SHORT_TEXT)
    long_description = fields.String(allow_none=True, validate=LONG_TEXT)
    webhook = fields.Url(allow_none=True, schemes={"http", "https"})
    allow_anonymous_contributors = fields.Boolean()
    zip_download = fields.Boolean()
    category_id = WholeNumber(validate=INT32)
    info = fields.Dict(keys=fields.String())


class ProjectCreate(ProjectUpdate):
    name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    short_name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    description = fields.String(required=True, validate=SHORT_TEXT)


class ProjectAdminUpdate(ProjectUpdate):
    featured = fields.Boolean()


class CategoryUpdate(Schema):
    name = fields.String(validate=validate.Length(min=1, max=255))
    short_name = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,255}$"))
    description = fields.String(allow_none=True, validate=LONG_TEXT)
    info = fields.Dict(keys=fields.String())


class CategoryCreate(CategoryUpdate):
    name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    short_name = fields.String(required=True,
                               validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,255}$"))


class TaskUpdate(Schema):
    project_id = WholeNumber(validate=INT32)
    quorum = WholeNumber(validate=INT32)
    calibration = WholeNumber(validate=INT32)
    priority_0 = fields.Float(allow_nan=False)
    n_answers = WholeNumber(validate=INT32)
    info = fields.Raw()
    gold_answers = fields.Dict(keys=fields.String(), allow_none=True)


class TaskCreate(TaskUpdate):
    project_id = WholeNumber(required=True, validate=INT32)


class ResultUpdate(Schema):
    info = fields.Raw(allow_none=True)


class HelpingMaterialUpdate(Schema):
    project_id = WholeNumber(validate=INT32)
    info = fields.Dict(keys=fields.String())
    media_url = fields.String(allow_none=True, validate=validate.Length(max=2048))
    priority = fields.Float(allow_none=True, allow_nan=False)


class HelpingMaterialCreate(HelpingMaterialUpdate):
    project_id = WholeNumber(required=True, validate=INT32)


class TaskRunCreate(Schema):
    project_id = WholeNumber(required=True, validate=INT32)
    task_id = WholeNumber(required=True, validate=INT32)
    info = fields.Raw()
    external_uid = fields.String(validate=validate.Length(min=1, max=255))
