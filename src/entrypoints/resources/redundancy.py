"""POST /project/{short_name}/tasks/redundancy: one n_answers for every task of a project."""

import falcon
from marshmallow import Schema, ValidationError

from entrypoints.resources.base import Resource
from entrypoints.schemas.bodies import read_json_object
from entrypoints.schemas.inputs import INT32, WholeNumber
from pybossa_core import errors
from pybossa_core.clock import Clock
from pybossa_core.use_cases import tasks


class RedundancyBody(Schema):
    n_answers = WholeNumber(required=True, validate=INT32)


class Redundancy(Resource):
    """PYBOSSA's task redundancy setting, as JSON: {"n_answers": N} (owner or admin).

    Tasks with enough answers complete (results, consensus and webhooks follow) and
    completed tasks short of answers reopen, which PYBOSSA does not do.
    """

    target = "project"

    def __init__(self, clock: Clock, max_body_bytes: int) -> None:
        self.clock, self.max_body_bytes = clock, max_body_bytes

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        n_answers = _n_answers(read_json_object(req, self.max_body_bytes))
        report = tasks.set_redundancy(
            req.context.uow, short_name, n_answers, req.context.actor, self.clock()
        )
        resp.media = {"status": "success", "flash": "Redundancy updated", **report}


def _n_answers(body: dict) -> int:
    unknown = sorted(set(body) - {"n_answers"})
    if unknown:
        raise errors.UnknownAttribute(f"'{unknown[0]}' is not a redundancy setting", "project")
    try:
        return RedundancyBody().load(body)["n_answers"]
    except ValidationError as exc:
        reasons = exc.messages.get("n_answers", ["Invalid value"])
        raise errors.InvalidInput(
            "Invalid n_answers: " + " ".join(map(str, reasons)),
            "project",
            {"n_answers": [str(r) for r in reasons]},
        ) from None
