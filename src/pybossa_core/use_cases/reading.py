"""Reading objects one at a time or in pages, as the caller is allowed to see them."""

import dataclasses

from pybossa_core import permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.use_cases.common import load
from pybossa_core.users import Actor

WITH_GOLD = frozenset(permissions.GOLD)  # kinds with fields only permissions.sees_gold shows


def get_object(
    uow: AbstractUnitOfWork, kind: str, object_id: int, actor: Actor, related: bool = False
) -> Listed:
    """One object the actor may read (NotFound, AuthenticationRequired or Forbidden)."""
    with uow:
        obj = load(uow, kind, object_id)
        project = None
        if kind in permissions.SHOWN_WITH_PROJECT and not actor.admin:
            project = uow.projects.snapshot(obj.project_id)
        permissions.ensure(actor, permissions.READ, kind, obj, project)
        listed = Listed(obj)
        if related and kind == "task":
            _attach_related(uow, [listed])
        mark_gold_readers(uow, kind, [listed], actor)
        return listed


def list_objects(
    uow: AbstractUnitOfWork, kind: str, query: ListQuery, actor: Actor
) -> list[Listed]:
    """One page of the objects the actor may read, scoped to theirs unless `all` is asked."""
    scoped = scope(kind, query, actor)
    with uow:
        rows = uow.repository(kind).list(scoped)
        if query.related and kind == "task":
            _attach_related(uow, rows)
        mark_gold_readers(uow, kind, rows, actor)
        return rows


def scope(kind: str, query: ListQuery, actor: Actor) -> ListQuery:
    """The query as permissions scope it for the actor (their own objects unless all=1, the
    drafts they may see); Forbidden when it is filtered, ordered or searched by a field
    some of its objects hide from them."""
    allowed = permissions.list_scope(actor, kind, everything=query.all)
    permissions.ensure_queryable(allowed, kind, queried_fields(query))
    return dataclasses.replace(
        query,
        owner_scope=allowed.owner_scope,
        draft_viewer=allowed.draft_viewer,
        include_drafts=allowed.include_drafts,
    )


def queried_fields(query: ListQuery) -> set[str]:
    """The fields a query filters, orders (other than the default id order) or searches by:
    "info" stands for the full-text and `info=` search, "id" also for `last_id` paging."""
    fields = set(query.filters)
    if query.orderby != "id":
        fields.add(query.orderby)
    if query.last_id is not None:
        fields.add("id")
    if query.info_pairs or query.info_contains is not None:
        fields.add("info")
    return fields


def _attach_related(uow: AbstractUnitOfWork, rows: list[Listed]) -> None:
    for row in rows:
        row.extra["task_runs"] = uow.task_runs.for_task(row.item.id)
        row.extra["result"] = uow.results.for_task(row.item.id)


def mark_gold_readers(uow: AbstractUnitOfWork, kind: str, rows: list[Listed], actor: Actor) -> None:
    """Flag the rows whose gold answers (or gold scores) the actor may see."""
    if kind not in WITH_GOLD:
        return
    by_project: dict[int, bool] = {}
    for row in rows:
        project_id = row.item.project_id
        if project_id not in by_project:
            needed = actor.authenticated and not actor.admin  # else the answer needs no project
            project = uow.projects.snapshot(project_id) if needed else None
            by_project[project_id] = permissions.sees_gold(actor, project)
        row.sees_gold = by_project[project_id]
