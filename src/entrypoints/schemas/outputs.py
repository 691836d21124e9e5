"""Output schemas per object kind; nobody ever gets a password hash. Which of the fields an
audience is not shown is decided by pybossa_core.permissions (hidden_fields)."""
from marshmallow import Schema, fields

ISO = "iso"


class CategoryOut(Schema):
    id = fields.Integer()
    name = fields.String()
    short_name = fields.String()
    description = fields.String(allow_none=True)
    created = fields.DateTime(format=ISO)
    info = fields.Raw()


class ProjectOut(Schema):
    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    updated = fields.DateTime(format=ISO)
    name = fields.String()
    short_name = fields.String()
    description = fields.String()
    long_description = fields.String(allow_none=True)
    webhook = fields.String(allow_none=True)
    allow_anonymous_contributors = fields.Boolean()
    published = fields.Boolean()
    featured = fields.Boolean()
    secret_key = fields.String()
    zip_download = fields.Boolean()
    contacted = fields.Boolean()
    owner_id = fields.Integer()
    category_id = fields.Integer()
    info = fields.Raw()
    owners_ids = fields.List(fields.Integer())


class TaskOut(Schema):
    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    project_id = fields.Integer()
    state = fields.String()
    quorum = fields.Integer()
    calibration = fields.Integer()
    priority_0 = fields.Float()
    info = fields.Raw()
    n_answers = fields.Integer()
    fav_user_ids = fields.Raw()
    gold_answers = fields.Raw(allow_none=True)
    dedupe_key = fields.String(allow_none=True)


class TaskRunOut(Schema):
    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    project_id = fields.Integer()
    task_id = fields.Integer()
    user_id = fields.Integer(allow_none=True)
    user_ip = fields.String(allow_none=True)
    finish_time = fields.DateTime(format=ISO)
    timeout = fields.Integer(allow_none=True)
    calibration = fields.Integer(allow_none=True)
    external_uid = fields.String(allow_none=True)
    media_url = fields.String(allow_none=True)
    info = fields.Raw()
    gold_score = fields.Float(allow_none=True)


class ResultOut(Schema):
    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    project_id = fields.Integer()
    task_id = fields.Integer()
    task_run_ids = fields.List(fields.Integer())
    last_version = fields.Boolean()
    info = fields.Raw()


class HelpingMaterialOut(Schema):
    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    project_id = fields.Integer()
    info = fields.Raw()
    media_url = fields.String(allow_none=True)
    priority = fields.Float(allow_none=True)


class UserOut(Schema):
    id = fields.Integer()
    created = fields.DateTime(format=ISO)
    name = fields.String()
    fullname = fields.String()
    locale = fields.String()
    info = fields.Raw()
    privacy_mode = fields.Boolean()
    admin = fields.Boolean()
    email_addr = fields.String()
