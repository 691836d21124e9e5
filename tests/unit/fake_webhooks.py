"""The in-memory webhook repository (deliveries and attempts) used by FakeUnitOfWork."""
from __future__ import annotations

import itertools
from typing import Any

from pybossa_core import ports


class _Rows:
    """Objects by id, with ids given at `add` (rolled back with the rest of the fake uow)."""

    def __init__(self) -> None:
        self.rows: dict[int, Any] = {}
        self._ids = itertools.count(1)

    def add(self, obj: Any) -> None:
        obj.id = next(self._ids)
        self.rows[obj.id] = obj

    def check_unique(self) -> None:
        """Nothing is unique here."""


class FakeWebhookRepository(_Rows, ports.WebhookRepository):
    def __init__(self) -> None:
        super().__init__()
        self.attempt_rows = _Rows()

    def get(self, webhook_id: int) -> Any:
        try:
            return self.rows.get(webhook_id)
        except TypeError:
            return None

    def for_project(self, project_id: int, offset: int, limit: int) -> list[Any]:
        mine = sorted((d for d in self.rows.values() if d.project_id == project_id),
                      key=lambda d: d.id, reverse=True)
        return mine[offset:offset + limit]

    def add_attempt(self, attempt: Any) -> None:
        self.attempt_rows.add(attempt)

    def attempts(self, webhook_ids: list[int]) -> dict[int, list[Any]]:
        found: dict[int, list[Any]] = {}
        for attempt in sorted(self.attempt_rows.rows.values(), key=lambda a: a.id):
            if attempt.webhook_id in webhook_ids:
                found.setdefault(attempt.webhook_id, []).append(attempt)
        return found
