"""ListQuery → SELECT: whitelisted columns, bound parameters, visibility before paging."""

from collections.abc import Collection
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, Table, or_, select
from sqlalchemy.orm import Session

from adapters.sql import dialects, orm, tables
from pybossa_core import errors, permissions
from pybossa_core.queries import ORDER_ONLY, Listed, ListQuery

T = TypeVar("T")


def list_objects(
    session: Session, entity_type: type[T], table: Table, query: ListQuery
) -> list[Listed[T]]:
    """One page of `entity_type` objects stored in `table`, as the query asks.

    Lists are only read (GET): the rows become entities without the ORM's identity map
    (orm.from_row), which costs a fraction of loading them through it; the session does not
    track them.
    """
    kind, whitelist = entity_type.KIND, entity_type.FILTERS
    search = _fulltext(session, table, query)
    extra_columns = search.columns if search is not None else ()
    statement = select(table, *extra_columns).where(*conditions(table, kind, whitelist, query))
    if search is not None:
        statement = statement.where(search.condition)
    rank = extra_columns[1] if search is not None else None
    statement = page(statement, table, kind, whitelist, query, rank)
    rows = session.connection().execute(statement).all()
    names = table.columns.keys()
    found = _entities(session, entity_type, [dict(zip(names, row, strict=False)) for row in rows])
    if search is None:
        return [Listed(item) for item in found]
    extra = len(names)
    return [
        Listed(item, search.extra(row[extra], row[extra + 1]))
        for item, row in zip(found, rows, strict=True)
    ]


def _entities(session: Session, entity_type: type[T], rows: list[dict[str, Any]]) -> list[T]:
    if entity_type.KIND == "project":
        return orm.projects_from_rows(session, rows)
    return [orm.from_row(entity_type, row) for row in rows]


def conditions(
    table: Table, kind: str, whitelist: Collection[str], query: ListQuery
) -> list[ColumnElement[bool]]:
    """Every WHERE condition of the query except full-text search."""
    found = [column(table, whitelist, name, kind) == value for name, value in query.filters.items()]
    if not query.fulltext:
        found += [dialects.info_equals(table.c.info, key, value) for key, value in query.info_pairs]
    if query.info_contains is not None:
        found.append(dialects.info_contains(table.c.info, query.info_contains))
    if query.owner_scope is not None:
        found += owner_scope(table, kind, query.owner_scope)
    if kind == "project" and not query.include_drafts:
        found.append(visible_projects(table, query.draft_viewer))
    if not query.include_drafts:
        found += shown_with_project(table, kind, query.draft_viewer)
    return found


def shown_with_project(table: Table, kind: str, viewer: int | None) -> list[ColumnElement[bool]]:
    """Objects of the projects the viewer sees, unpublished ones only to those
    permissions.UNPUBLISHED_SHOWN_TO names (admins list everything: include_drafts)."""
    found = []
    if kind in permissions.SHOWN_WITH_PROJECT:
        project = tables.project
        shown = select(project.c.id).where(visible_projects(project, viewer))
        found.append(table.c.project_id.in_(shown))
    ways = permissions.UNPUBLISHED_SHOWN_TO.get(kind)
    if ways is not None:
        owners = [_owned_through(way, table, viewer) for way in ways] if viewer else []
        found.append(or_(table.c.published.is_(True), *owners))
    return found


def column(table: Table, whitelist: Collection[str], name: str, kind: str) -> ColumnElement:
    """The column a client named, only when the entity lets clients filter or order by it."""
    if name not in whitelist or name not in table.c:
        raise errors.UnknownAttribute(f"Cannot filter or order {kind} by '{name}'", kind)
    return table.c[name]


def owner_scope(table: Table, kind: str, user_id: int) -> list[ColumnElement[bool]]:
    """What belongs to the user, each way permissions.OWNED_THROUGH names for the kind."""
    ways = permissions.OWNED_THROUGH.get(kind, ())
    if not ways:
        return []
    return [or_(*(_owned_through(way, table, user_id) for way in ways))]


def _owned_through(way: str, table: Table, user_id: int) -> ColumnElement[bool]:
    if way == permissions.OWNER:
        return owned_projects(table, user_id)
    if way == permissions.AUTHOR:
        return table.c.user_id == user_id
    if way == permissions.PROJECT_OWNER:
        projects = tables.project
        owned = select(projects.c.id).where(owned_projects(projects, user_id))
        return table.c.project_id.in_(owned)
    raise KeyError(f"no SQL for owning an object as its {way}")


def visible_projects(table: Table, viewer: int | None) -> ColumnElement[bool]:
    """Published projects, plus the drafts of the viewer permissions.list_scope names."""
    if viewer is None:
        return table.c.published.is_(True)
    return or_(table.c.published.is_(True), owned_projects(table, viewer))


def owned_projects(projects: Table, user_id: int) -> ColumnElement[bool]:
    """The projects the user owns or co-owns (one condition: the list stays one query)."""
    coowned = select(tables.project_coowner.c.project_id).where(
        tables.project_coowner.c.user_id == user_id
    )
    return or_(projects.c.owner_id == user_id, projects.c.id.in_(coowned))


def page(
    statement: Select,
    table: Table,
    kind: str,
    whitelist: Collection[str],
    query: ListQuery,
    rank: ColumnElement | None = None,
) -> Select:
    """Order and cut the page: keyset after `last_id`, else ORDER BY ... LIMIT/OFFSET."""
    if query.last_id is not None:
        after = table.c.id < query.last_id if query.desc else table.c.id > query.last_id
        return statement.where(after).order_by(_directed(table.c.id, query.desc)).limit(query.limit)
    ordering = [rank.desc()] if rank is not None else []
    if query.orderby != "id":
        orderby = column(table, set(whitelist) | ORDER_ONLY, query.orderby, kind)
        ordering.append(_directed(orderby, query.desc))
    ordering.append(_directed(table.c.id, query.desc))
    return statement.order_by(*ordering).limit(query.limit).offset(query.offset)


def _directed(expression: ColumnElement, descending: bool) -> Any:
    return expression.desc() if descending else expression.asc()


def _fulltext(session: Session, table: Table, query: ListQuery) -> dialects.FullTextSearch | None:
    if not (query.fulltext and query.info_pairs):
        return None
    dialect_name = session.get_bind().dialect.name
    return dialects.fulltext_search(dialect_name, table.c.info, query.info_pairs)
