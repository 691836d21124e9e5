"""The fake repositories' common ground: objects by id, list queries, scopes, uniques."""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from pybossa_core import errors, permissions, ports
from pybossa_core.queries import Listed, ListQuery

from . import fake_listing as listing

if TYPE_CHECKING:
    from .fakes import FakeUnitOfWork

_MISSING = object()


class FakeRepository(ports.Repository):
    """Objects by id in a dict; ids are given at `add`; `uow` serves cascades and scopes."""

    UNIQUE: tuple[str, ...] = ()

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow
        self.rows: dict[int, Any] = {}
        self._ids = itertools.count(1)

    def get(self, object_id: int) -> Any:
        try:
            return self.rows.get(object_id)
        except TypeError:  # an unhashable id names nothing
            return None

    def add(self, obj: Any) -> None:
        obj.id = next(self._ids)
        self.rows[obj.id] = obj

    def delete(self, obj: Any) -> None:
        self.rows.pop(obj.id, None)
        self._cascade(obj)

    def list(self, query: ListQuery) -> list[Listed]:
        listed = []
        for obj in self.rows.values():
            extra = self._match(obj, query)
            if extra is not None:
                listed.append(Listed(obj, extra))
        return listing.page(listed, query)

    def where(self, **values: Any) -> list[Any]:
        """Every stored object whose attributes equal `values`, by id."""
        return [o for o in self.rows.values()
                if all(getattr(o, k, _MISSING) == v for k, v in values.items())]

    def check_unique(self) -> None:
        """Raise DuplicateValue when two stored objects share a UNIQUE value (as the DB would)."""
        for name in self.UNIQUE:
            seen = set()
            for obj in self.rows.values():
                value = getattr(obj, name)
                if value is not None and value in seen:
                    raise errors.DuplicateValue(f"duplicate {name}: {value}", obj.KIND)
                seen.add(value)

    def _cascade(self, obj: Any) -> None:
        """Remove what belongs to `obj` (the SQL foreign keys cascade)."""

    def _owners(self, obj: Any) -> set[int | None] | None:
        """Users whose own objects include `obj`, each way permissions.OWNED_THROUGH names;
        None when lists of this kind are not scoped."""
        ways = permissions.OWNED_THROUGH.get(obj.KIND)
        if not ways:
            return None
        return {self._owner_through(way, obj) for way in ways}

    def _owner_through(self, way: str, obj: Any) -> int | None:
        if way == permissions.OWNER:
            return obj.owner_id
        if way == permissions.AUTHOR:
            return obj.user_id
        if way == permissions.PROJECT_OWNER:
            return self._project_owner(obj.project_id)
        raise KeyError(f"no fake for owning an object as its {way}")

    def _visible(self, obj: Any, query: ListQuery) -> bool:
        return True

    def _project_owner(self, project_id: int) -> int | None:
        project = self.uow.projects.rows.get(project_id)
        return project.owner_id if project is not None else None

    def _match(self, obj: Any, query: ListQuery) -> dict[str, Any] | None:
        """The extras of `obj` when the query selects it, else None."""
        if any(getattr(obj, k, _MISSING) != v for k, v in query.filters.items()):
            return None
        if not self._visible(obj, query):
            return None
        owners = self._owners(obj)
        if query.owner_scope is not None and owners is not None \
                and query.owner_scope not in owners:
            return None
        info = obj.info if isinstance(obj.info, dict) else {}
        if query.info_contains and any(info.get(k, _MISSING) != v
                                       for k, v in query.info_contains.items()):
            return None
        return listing.match_info_pairs(info, query)
