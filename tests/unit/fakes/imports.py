"""The in-memory bulk-import writer used by FakeUnitOfWork: imported tasks land in its task
repository, so they are rolled back with the rest of the fake unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pybossa_core import ports
from pybossa_core.task_imports import NewTask
from pybossa_core.tasks import Task


class FakeTaskImportWriter(ports.TaskImportWriter):
    def __init__(self, tasks: Any) -> None:
        self.tasks = tasks  # the FakeTaskRepository of the same unit of work

    def add_many(self, tasks: Sequence[NewTask]) -> int:
        added = 0
        for new in tasks:
            if new.dedupe_key is not None and self.tasks.where(
                project_id=new.project_id, dedupe_key=new.dedupe_key
            ):
                continue
            self.tasks.add(Task(**new.columns()))
            added += 1
        return added
