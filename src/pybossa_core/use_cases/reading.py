"""Reading objects one at a time or in pages, as the caller is allowed to see them."""
import dataclasses

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.use_cases.common import load
from pybossa_core.users import Actor

UNSCOPED = frozenset({"category", "user"})
WITH_GOLD = frozenset({"task", "taskrun"})  # kinds with fields only permissions.sees_gold shows


def get_object(uow: AbstractUnitOfWork, kind: str, object_id: int, actor: Actor,
               related: bool = False) -> Listed:
    """One object the actor may read (NotFound, AuthenticationRequired or Forbidden)."""
    with uow:
        obj = load(uow, kind, object_id)
        permissions.ensure(actor, permissions.READ, kind, obj)
        listed = Listed(obj)
        if related and kind == "task":
            _attach_related(uow, [listed])
        _mark_gold_readers(uow, kind, [listed], actor)
        return listed


def list_objects(uow: AbstractUnitOfWork, kind: str, query: ListQuery,
                 actor: Actor) -> list[Listed]:
    """One page of the objects the actor may read, scoped to theirs unless `all` is asked."""
    _refuse_private_filters(kind, query, actor)
    with uow:
        rows = uow.repository(kind).list(scope(kind, query, actor))
        if query.related and kind == "task":
            _attach_related(uow, rows)
        _mark_gold_readers(uow, kind, rows, actor)
        return rows


def scope(kind: str, query: ListQuery, actor: Actor) -> ListQuery:
    """Context-aware lists: a signed-in caller sees their own objects unless all=1."""
    owner = actor.user_id if actor.authenticated and not query.all and kind not in UNSCOPED \
        else None
    return dataclasses.replace(query, owner_scope=owner, draft_viewer=actor.user_id,
                               include_drafts=actor.admin)


def _refuse_private_filters(kind: str, query: ListQuery, actor: Actor) -> None:
    if kind != "user" or actor.admin:
        return
    private = sorted(set(query.filters) & {"email_addr", "admin"})
    if private:
        raise errors.Forbidden(f"Only admins may filter users by {private[0]}", kind)


def _attach_related(uow: AbstractUnitOfWork, rows: list[Listed]) -> None:
    for row in rows:
        row.extra["task_runs"] = uow.task_runs.for_task(row.item.id)
        row.extra["result"] = uow.results.for_task(row.item.id)


def _mark_gold_readers(uow: AbstractUnitOfWork, kind: str, rows: list[Listed],
                       actor: Actor) -> None:
    """Flag the rows whose gold answers (or gold scores) the actor may see."""
    if kind not in WITH_GOLD:
        return
    by_project: dict[int, bool] = {}
    for row in rows:
        project_id = row.item.project_id
        if project_id not in by_project:
            needed = actor.authenticated and not actor.admin  # else the answer needs no project
            project = uow.projects.get(project_id) if needed else None
            by_project[project_id] = permissions.sees_gold(actor, project)
        row.sees_private = by_project[project_id]
