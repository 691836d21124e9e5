"""Generic collection and item resources for the /api object kinds."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import falcon

from entrypoints.errors import BadBody
from entrypoints.resources.base import Resource
from entrypoints.resources.catalog import Kind, ObjectPorts
from entrypoints.schemas.bodies import read_json_object, split_fields
from entrypoints.schemas.render import render, render_listed
from pybossa_core import errors, permissions
from pybossa_core.entity import Changes
from pybossa_core.queries import DEFAULT_LIMIT, MAX_LIMIT, parse_list_query, parse_value
from pybossa_core.use_cases import reading

ID_MAX = 2**31 - 1  # ids are 32-bit columns; a larger one cannot exist


def path_id(raw: str, target: str) -> int:
    """A path id: a positive 32-bit integer, or NotFound."""
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= ID_MAX:
        raise errors.NotFound(target, raw)
    return int(raw)


def project_key(raw: str) -> int | str:
    """A project sub-route's key: an id (digits) or else a short name."""
    return path_id(raw, "project") if raw.isascii() and raw.isdigit() else raw


class NotAProjectId(errors.NotFound):
    """GET /api/project/<text>: ids are numbers; say how to find a project by short name."""

    def __init__(self, raw: str) -> None:
        super().__init__("project", raw)
        self.message = (
            f"Project ids are numbers, and '{raw}' is not one: look a project up "
            f"by its short name with /api/project?short_name={quote(raw, safe='')}"
        )


def item_id(raw: str, target: str) -> int:
    """An item path's id; a project's that is not a number says how to use its short name."""
    if target == "project" and not (raw.isascii() and raw.isdigit()):
        raise NotAProjectId(raw)
    return path_id(raw, target)


PAGE_PARAMS = frozenset({"limit", "offset", "api_key"})


def refuse_repeated(params: Mapping[str, Any]) -> None:
    """A parameter given more than once is a 400: which of its values was meant is unknown."""
    repeated = sorted(name for name, value in params.items() if isinstance(value, list))
    if repeated:
        raise BadBody(400, "BadRequest", f"'{repeated[0]}' is given more than once")


def page_params(
    req: falcon.Request, target: str, also: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """`limit` (default 20, at most 100) and `offset` of a plain paged list; any other
    parameter (but those it `also` takes) is UnknownAttribute, a limit below 1 or a negative
    offset InvalidInput."""
    unknown = sorted(set(req.params) - PAGE_PARAMS - also)
    if unknown:
        raise errors.UnknownAttribute(f"This list has no parameter '{unknown[0]}'", target)
    limit = parse_value("limit", req.get_param("limit") or str(DEFAULT_LIMIT), int, target)
    offset = parse_value("offset", req.get_param("offset") or "0", int, target)
    if limit < 1 or offset < 0:
        field = "limit" if limit < 1 else "offset"
        raise errors.InvalidInput(
            "limit must be at least 1 and offset at least 0", target, {field: ["out of range"]}
        )
    return min(limit, MAX_LIMIT), offset


class ObjectResource(Resource):
    """Shared plumbing: the kind, its operations' ports, and reading a request's parameters."""

    def __init__(self, kind: Kind, ports: ObjectPorts, max_json_bytes: int) -> None:
        self.kind, self.target = kind, kind.name
        self.ports, self.max_json_bytes = ports, max_json_bytes

    def query_params(self, req: falcon.Request) -> dict[str, str]:
        params = {k: v for k, v in req.params.items() if k != "api_key"}
        refuse_repeated(params)
        return params

    def fields(self, req: falcon.Request, schema, creating: bool) -> Changes:
        if schema is None:
            raise errors.MethodNotAllowed(
                f"{req.method} is not allowed on {self.target}", self.target
            )
        body = read_json_object(req, self.max_json_bytes)
        return split_fields(body, schema, self.kind.entity, self.target, creating)

    def operation(self, req: falcon.Request, op):
        if op is None:
            raise errors.MethodNotAllowed(
                f"{req.method} is not allowed on {self.target}", self.target
            )
        return op


class CollectionResource(ObjectResource):
    """GET (list) and POST (create) on /api/<kind>."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        query = parse_list_query(self.query_params(req), self.kind.entity, self.target)
        actor = req.context.actor
        rows = reading.list_objects(req.context.uow, self.target, query, actor)
        resp.media = [render_listed(self.target, row, actor, req.prefix) for row in rows]

    on_head = on_get

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        create = self.operation(req, self.kind.create)
        fields = self.fields(req, self.kind.create_schema, creating=True).values
        actor = req.context.actor
        created = create(req.context.uow, self.ports, fields, actor)
        resp.media = render(
            self.target, created, permissions.hidden_from_writer(actor, self.target, created)
        )


class ItemResource(ObjectResource):
    """GET, PUT and DELETE on /api/<kind>/<id>."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        related = parse_value("related", req.get_param("related") or "false", bool, self.target)
        actor = req.context.actor
        row = reading.get_object(
            req.context.uow, self.target, item_id(object_id, self.target), actor, related
        )
        resp.media = render_listed(self.target, row, actor, req.prefix)

    on_head = on_get

    def on_put(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        update = self.operation(req, self.kind.update)
        actor = req.context.actor
        changes = self.fields(req, self.kind.schema_for_update(actor), creating=False)
        updated = update(
            req.context.uow, self.ports, item_id(object_id, self.target), changes, actor
        )
        resp.media = render(
            self.target, updated, permissions.hidden_from_writer(actor, self.target, updated)
        )

    def on_delete(self, req: falcon.Request, resp: falcon.Response, object_id: str) -> None:
        delete = self.operation(req, self.kind.delete)
        delete(req.context.uow, self.ports, item_id(object_id, self.target), req.context.actor)
        resp.status = falcon.HTTP_204
