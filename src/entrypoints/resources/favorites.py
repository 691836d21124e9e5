"""/api/favorites: the caller's favourite tasks (PYBOSSA's FavoritesAPI). Signed-in only."""

from typing import Any

import falcon

from entrypoints.resources.base import Resource
from entrypoints.resources.objects import page_params, path_id
from entrypoints.schemas.bodies import read_json_object
from entrypoints.schemas.render import render, render_listed
from pybossa_core import errors, permissions
from pybossa_core.clock import Clock
from pybossa_core.use_cases import favorites

TARGET = favorites.TARGET


def _task_id(body: dict[str, Any]) -> int:
    """The body's `task_id`, its only field."""
    unknown = sorted(set(body) - {"task_id"})
    if unknown:
        raise errors.UnknownAttribute(f"'{unknown[0]}' is not a field of a favorite", TARGET)
    task_id = body.get("task_id")
    if type(task_id) is not int:
        message = "task_id must be the id of a task"
        raise errors.InvalidInput(message, TARGET, {"task_id": [message]})
    return task_id


class Favorites(Resource):
    """GET lists the caller's favourite tasks (paged), POST {"task_id"} adds one."""

    target = TARGET

    def __init__(self, clock: Clock, max_body_bytes: int) -> None:
        self.clock, self.max_body_bytes = clock, max_body_bytes

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        limit, offset = page_params(req, TARGET)
        actor = req.context.actor
        rows = favorites.list_favorites(req.context.uow, actor, limit, offset)
        resp.media = [render_listed("task", row, actor, req.prefix) for row in rows]

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        task_id = _task_id(read_json_object(req, self.max_body_bytes))
        actor = req.context.actor
        task = favorites.add_favorite(req.context.uow, task_id, actor, self.clock())
        resp.media = render("task", task, permissions.hidden_fields(actor, "task", task))


class Favorite(Resource):
    """GET shows one of the caller's favourite tasks, DELETE unmarks it."""

    target = TARGET

    def on_get(self, req: falcon.Request, resp: falcon.Response, task_id: str) -> None:
        actor = req.context.actor
        row = favorites.get_favorite(req.context.uow, path_id(task_id, TARGET), actor)
        resp.media = render_listed("task", row, actor, req.prefix)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, task_id: str) -> None:
        actor = req.context.actor
        task = favorites.remove_favorite(req.context.uow, path_id(task_id, TARGET), actor)
        resp.media = render("task", task, permissions.hidden_fields(actor, "task", task))
