"""The volunteer loop over HTTP: newtask, task-run creation, user progress, project tokens."""

import dataclasses

import falcon

from entrypoints.errors import BadBody
from entrypoints.resources.base import Resource
from entrypoints.resources.catalog import Kind, ObjectPorts
from entrypoints.resources.objects import CollectionResource, project_key, refuse_repeated
from entrypoints.schemas.render import render
from pybossa_core import errors, permissions
from pybossa_core.clock import Clock
from pybossa_core.ports import TokenSigner
from pybossa_core.queries import parse_value
from pybossa_core.task_runs import SubmitAnswer
from pybossa_core.use_cases import contributions, projects
from pybossa_core.use_cases.contributions import VolunteerPorts

NEWTASK_PARAMS = frozenset({"limit", "offset", "orderby", "desc", "external_uid", "api_key"})


class NewTask(Resource):
    """GET /api/project/{id or short_name}/newtask (and /api/{id}/newtask): the next task, a
    list, or {}."""

    target = "task"

    def __init__(self, volunteer_ports: VolunteerPorts, clock: Clock) -> None:
        self.volunteer_ports, self.clock = volunteer_ports, clock

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        actor = req.context.actor
        tasks = contributions.request_tasks(
            req.context.uow,
            project_key(object_id),
            actor,
            ports=self.volunteer_ports,
            now=self.clock(),
            **_newtask_params(req),
        )
        rendered = [
            render("task", task, permissions.hidden_from_volunteer(actor, "task", task))
            for task in tasks
        ]
        resp.media = rendered[0] if len(rendered) == 1 else (rendered or {})


class TaskRunCollection(CollectionResource):
    """POST /api/taskrun: an answer, by whoever is calling (never by the body's say-so)."""

    def __init__(
        self, kind: Kind, ports: ObjectPorts, max_json_bytes: int, volunteer_ports: VolunteerPorts
    ) -> None:
        super().__init__(kind, ports, max_json_bytes)
        self.volunteer_ports = volunteer_ports

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        fields = dict(self.fields(req, self.kind.create_schema, creating=True).values)
        actor = _with_external_uid(req.context.actor, fields.pop("external_uid", None))
        run = contributions.submit_task_run(
            req.context.uow,
            SubmitAnswer(**fields),
            actor,
            ports=self.volunteer_ports,
            now=self.ports.clock(),
        )
        resp.media = render(
            self.target, run, permissions.hidden_from_volunteer(actor, self.target, run)
        )


class UserProgress(Resource):
    """GET /api/project/{id or short_name}/userprogress: {"done": n, "total": n}."""

    target = "project"

    def __init__(self, volunteer_ports: VolunteerPorts, clock: Clock) -> None:
        self.volunteer_ports, self.clock = volunteer_ports, clock

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        resp.media = contributions.user_progress(
            req.context.uow,
            project_key(object_id),
            req.context.actor,
            ports=self.volunteer_ports,
            now=self.clock(),
        )


class ProjectToken(Resource):
    """GET /api/auth/project/{short_name}/token with `Authorization: <secret key>`: a JWT."""

    target = "project"
    authorization_is_not_an_api_key = True

    def __init__(self, signer: TokenSigner, clock: Clock, token_seconds: int) -> None:
        self.signer, self.clock, self.token_seconds = signer, clock, token_seconds

    def on_get(self, req: falcon.Request, resp: falcon.Response, short_name: str) -> None:
        token = projects.issue_project_token(
            req.context.uow,
            short_name,
            _raw_authorization(req),
            signer=self.signer,
            now=self.clock(),
            ttl_seconds=self.token_seconds,
        )
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = token


def _newtask_params(req: falcon.Request) -> dict:
    """limit, offset and the optional orderby/desc (checked by the scheduler)."""
    unknown = sorted(set(req.params) - NEWTASK_PARAMS)
    if unknown:
        raise errors.UnknownAttribute(f"newtask has no parameter '{unknown[0]}'", "task")
    refuse_repeated(req.params)
    desc = req.get_param("desc")
    return {
        "limit": parse_value("limit", req.get_param("limit") or "1", int, "task"),
        "offset": parse_value("offset", req.get_param("offset") or "0", int, "task"),
        "orderby": req.get_param("orderby"),
        "desc": None if desc is None else parse_value("desc", desc, bool, "task"),
    }


def _with_external_uid(actor, body_uid):
    """PYBOSSA clients repeat external_uid in the body; it must agree with the query's."""
    if body_uid is None:
        return actor
    if actor.external_uid is not None and actor.external_uid != body_uid:
        raise BadBody(400, "BadRequest", "external_uid differs between query and body")
    return dataclasses.replace(actor, external_uid=body_uid)


def _raw_authorization(req: falcon.Request) -> str | None:
    """The project secret key sent as the bare Authorization header."""
    header = (req.get_header("Authorization") or "").strip()
    return header or None
