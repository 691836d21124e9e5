"""GET/POST /project/{short_name}/tasks/redundancy: one n_answers for every task of a project."""

import falcon

from entrypoints.resources.project_forms import ProjectForm
from entrypoints.schemas import project_forms as pages
from pybossa_core.use_cases import project_forms
from pybossa_core.use_cases.forms import Refused


class Redundancy(ProjectForm):
    """PYBOSSA's task redundancy form, as JSON: {"n_answers": N} (owners, admins).

    Tasks with enough answers complete (results, consensus and webhooks follow) and
    completed tasks short of answers reopen, which PYBOSSA does not do. A bad n_answers is
    the form sent back with its problem (200, status "error"), as PYBOSSA answers.
    """

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        resp.media = pages.redundancy_page(self.managed(req, short_name), *self.context(req))

    def on_post(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        values = pages.read_fields(req, self.ports.max_body_bytes, ("n_answers",))
        fields, problems = pages.typed(pages.RedundancyForm(), values)
        outcome = Refused(problems) if problems else self.set(req, short_name, fields)
        if isinstance(outcome, Refused):
            sent = {"values": values, "problems": outcome.problems}
            page = self.managed(req, short_name)
            resp.media = pages.refused(pages.redundancy_page(page, *self.context(req), **sent))
            return
        next_path = f"/project/{short_name}/tasks/"
        resp.media = {**pages.done("Redundancy of Tasks updated!", next_path), **outcome}

    def set(self, req: falcon.Request, short_name: str, fields: dict):
        return project_forms.set_redundancy(
            req.context.uow, short_name, fields["n_answers"], req.context.actor, self.ports.clock()
        )
