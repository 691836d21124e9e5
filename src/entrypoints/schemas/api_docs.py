"""Schemas that only describe JSON for the OpenAPI document (the error body, small answers)."""

from marshmallow import Schema, fields


class ErrorEnvelope(Schema):
    """PYBOSSA's error body, the same for every failure."""

    status = fields.String(required=True, metadata={"enum": ["failed"]})
    action = fields.String(required=True, metadata={"description": "the request's method"})
    target = fields.String(
        required=True, allow_none=True, metadata={"description": "the kind of object concerned"}
    )
    exception_cls = fields.String(required=True)
    exception_msg = fields.String(required=True)
    status_code = fields.Integer(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "messages per field, for invalid values"},
    )


class GoldAccuracyOut(Schema):
    """A volunteer's answers to gold tasks: how many, how many fully right, mean score."""

    n_gold = fields.Integer(required=True)
    n_correct = fields.Integer(required=True)
    accuracy = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "mean gold score, 0 to 1; null before the first gold answer"},
    )


class VolunteerAccuracyOut(GoldAccuracyOut):
    volunteer = fields.String(required=True, metadata={"enum": ["user", "external", "anonymous"]})
    user_id = fields.Integer(required=True, allow_none=True)
    external_uid = fields.String(required=True, allow_none=True)


class UserProgressOut(Schema):
    done = fields.Integer(required=True)
    total = fields.Integer(required=True)
    accuracy = fields.Nested(GoldAccuracyOut)


class GlobalStatsOut(Schema):
    n_projects = fields.Integer()
    n_users = fields.Integer()
    n_tasks = fields.Integer()
    n_task_runs = fields.Integer()
    n_pending_tasks = fields.Integer()
    n_results = fields.Integer()
    categories = fields.List(fields.Dict(keys=fields.String(), values=fields.Integer()))


class VmcpOut(Schema):
    """The query parameters echoed back, plus their signature."""

    cvm_salt = fields.String(required=True)
    cvm_hostid = fields.String()
    signature = fields.String(
        required=True,
        metadata={
            "description": "base64 RSA (PKCS#1 v1.5, SHA-512) signature of the sorted parameters "
            "followed by cvm_salt"
        },
    )


class ViewError(Schema):
    """PYBOSSA's error body of its web views (everything outside /api)."""

    code = fields.Integer(required=True, metadata={"description": "the HTTP status"})
    description = fields.String(required=True)
    template = fields.String(required=True, metadata={"example": "404.html"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "messages per field, when what was sent is refused"},
    )
    flash = fields.String(metadata={"description": "with `errors`: the message to show"})
    status = fields.String(metadata={"enum": ["error"]})


class ProjectViewOut(Schema):
    """The keys PYBOSSA's project views share (each view answers some of them, and its own)."""

    project = fields.Dict(required=True, metadata={"description": "as /api/project shows it"})
    owner = fields.Dict(allow_none=True, metadata={"description": "the owner's public profile"})
    n_tasks = fields.Integer()
    n_task_runs = fields.Integer()
    n_completed_tasks = fields.Integer()
    n_volunteers = fields.Integer()
    overall_progress = fields.Integer(metadata={"description": "completed tasks, in percent"})
    last_activity = fields.String(allow_none=True)
    pro_features = fields.Dict(keys=fields.String(), values=fields.Boolean())
    template = fields.String(required=True)
    title = fields.String(required=True)


class PaginationOut(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    next = fields.Boolean(required=True)
    prev = fields.Boolean(required=True)


class TaskBrowseOut(ProjectViewOut):
    """A page of the project's tasks, each with its answers so far and their share."""

    tasks = fields.List(fields.Dict(), required=True)
    pagination = fields.Nested(PaginationOut, required=True)
