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
