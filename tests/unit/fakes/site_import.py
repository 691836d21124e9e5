"""In-memory fakes of pybossa_core.ports.site_import: a PYBOSSA database as lists of rows, and
a target that keeps what its transactions committed in `committed` (the port reads none back)."""

from collections.abc import Iterator, Mapping
from typing import Any

from pybossa_core.ports.site_import import PybossaSource, SiteImportTarget
from pybossa_core.site_import import REPORTED
from pybossa_core.tasks import Standing, standing


class FakePybossaSource(PybossaSource):
    def __init__(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        self.tables = tables

    def count(self, table: str) -> int | None:
        return len(self.tables[table]) if table in self.tables else None

    def rows(self, kind: str) -> Iterator[dict[str, Any]]:
        order = {
            "user": lambda r: (r["name"].lower(), r["id"]),
            "task_run": lambda r: (r["task_id"], r["id"]),
        }.get(kind, lambda r: r["id"])
        yield from (dict(row) for row in sorted(self.tables.get(kind, []), key=order))


class FakeSiteImportTarget(SiteImportTarget):
    def __init__(self, stored: dict[str, list[dict[str, Any]]] | None = None) -> None:
        self.committed = stored or {kind: [] for kind in REPORTED}
        self.pending: dict[str, list[dict[str, Any]]] = {}

    def __enter__(self) -> "FakeSiteImportTarget":
        self.pending = {kind: list(rows) for kind, rows in self.committed.items()}
        return self

    def __exit__(self, *exc_info) -> None:
        self.pending = {}

    def is_empty(self) -> bool:
        return not any(self.pending[kind] for kind in ("user", "project", "task"))

    def remove_categories(self) -> None:
        self.pending["category"] = []

    def insert(self, kind: str, rows: list[dict[str, Any]]) -> None:
        stored = self.pending.setdefault(kind, [])
        for row in rows:
            row = dict(row)
            row.setdefault("id", max((r["id"] for r in stored), default=0) + 1)
            stored.append(row)

    def count_runs(self, standings_by_state: Mapping[str, frozenset[Standing]]) -> None:
        for task in self.pending["task"]:
            task["n_task_runs"] = sum(r["task_id"] == task["id"] for r in self.pending["task_run"])
            is_gold = task.get("calibration") == 1 and task.get("gold_answers") is not None
            kind = standing(is_gold, task["n_task_runs"], task["n_answers"])
            task["state"] = next(
                state for state, kinds in standings_by_state.items() if kind in kinds
            )

    def completed_without_result(self):
        with_result = {r["task_id"] for r in self.pending["result"] if r["last_version"]}
        for task in self.pending["task"]:
            if task["state"] == "completed" and task["id"] not in with_result:
                runs = sorted(
                    r["id"] for r in self.pending["task_run"] if r["task_id"] == task["id"]
                )
                yield task["project_id"], task["id"], runs

    def continue_ids(self) -> None:
        pass

    def commit(self) -> None:
        self.committed = self.pending
