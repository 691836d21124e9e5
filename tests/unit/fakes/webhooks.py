"""Webhook fakes: the in-memory repository (deliveries and attempts) used by FakeUnitOfWork,
a sender that records its POSTs, and a schedule for the inline queue that tests run by hand."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from pybossa_core import ports
from pybossa_core.webhooks import FAILED


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
        mine = sorted(
            (d for d in self.rows.values() if d.project_id == project_id),
            key=lambda d: d.id,
            reverse=True,
        )
        return mine[offset : offset + limit]

    def failed_for_project(self, project_id: int, limit: int) -> list[Any]:
        failed = [d for d in self.for_project(project_id, 0, len(self.rows)) if d.status == FAILED]
        return failed[:limit]

    def add_attempt(self, attempt: Any) -> None:
        self.attempt_rows.add(attempt)

    def attempts(self, webhook_ids: list[int]) -> dict[int, list[Any]]:
        found: dict[int, list[Any]] = {}
        for attempt in sorted(self.attempt_rows.rows.values(), key=lambda a: a.id):
            if attempt.webhook_id in webhook_ids:
                found.setdefault(attempt.webhook_id, []).append(attempt)
        return found


class FakeWebhookSender(ports.WebhookSender):
    """Keeps every POST it was given in `sent` (url, body, headers) and answers with the next
    of `answers`: a status code, or an exception to raise (DeliveryFailed: a receiver that
    cannot be reached, DestinationRefused: a forbidden address); 200 once they run out."""

    def __init__(self, *answers: int | Exception) -> None:
        self.answers = list(answers)
        self.sent: list[tuple[str, bytes, dict[str, str]]] = []

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> ports.WebhookResponse:
        self.sent.append((url, body, headers))
        answer = self.answers.pop(0) if self.answers else 200
        if isinstance(answer, Exception):
            raise answer
        return ports.WebhookResponse(answer, f"answer {answer}")


class ManualSchedule:
    """A `schedule` for InlineJobQueue that waits for the test: each call is kept with its
    delay (`delays`), and `run_pending()` runs them, with those they schedule, in order."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.pending: list[Callable[[], None]] = []

    def __call__(self, delay_seconds: float, call: Callable[[], None]) -> None:
        self.delays.append(delay_seconds)
        self.pending.append(call)

    def run_pending(self) -> int:
        """Run every pending call (and the ones they add); returns how many ran."""
        ran = 0
        while self.pending:
            self.pending.pop(0)()
            ran += 1
        return ran
