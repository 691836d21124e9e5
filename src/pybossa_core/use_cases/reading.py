"""Reading objects one at a time or in pages, as the caller is allowed to see them."""
import dataclasses

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.queries import Listed, ListQuery
from pybossa_core.use_cases.common import load
from pybossa_core.users import Actor

UNSCOPED = frozenset({"category", "user"})
WITH_GOLD = frozenset({"task", "taskrun"})  # kinds with fields only permissions.sees_gold shows
# What the output hides from some audience of each kind (entrypoints/schemas/render.py; a test
# keeps the two equal): a caller who is not shown a field on every object of a list may not
# filter, order or search by it either, or the answer's order or count would tell it. "info"
# is the full-text and `info=` search; "id" also stands for `last_id` paging.
HIDDEN = {
    "user": frozenset({"id", "created", "fullname", "email_addr", "admin", "privacy_mode",
                       "info"}),
    "project": frozenset({"secret_key", "webhook", "allow_anonymous_contributors",
                          "published", "zip_download", "contacted"}),
    "task": frozenset({"gold_answers", "dedupe_key"}),
    "taskrun": frozenset({"gold_score"}),
    "category": frozenset(), "result": frozenset(), "helpingmaterial": frozenset(),
}


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
    """Forbidden when the query filters, orders or searches by what the output hides."""
    if actor.admin or (kind == "project" and actor.authenticated and not query.all):
        return  # admins see every field; a signed-in owner lists only their own projects
    hidden = sorted(queried_fields(query) & HIDDEN[kind])
    if hidden:
        raise errors.Forbidden(f"You may not filter, order or search {kind} by {hidden[0]}",
                               kind)


def queried_fields(query: ListQuery) -> set[str]:
    """The fields a query filters, orders (other than the default id order) or searches by."""
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
            project = uow.projects.snapshot(project_id) if needed else None
            by_project[project_id] = permissions.sees_gold(actor, project)
        row.sees_private = by_project[project_id]
