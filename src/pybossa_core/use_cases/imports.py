"""Bulk task imports: every row of a file becomes a task, in one transaction, or none does."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from pybossa_core import errors, permissions
from pybossa_core.ports import AbstractUnitOfWork, TaskImportWriter
from pybossa_core.task_imports import ImportRow, NewTask, RowError, new_task
from pybossa_core.use_cases.common import load_project
from pybossa_core.users import Actor

BATCH_SIZE = 2_000  # tasks per write: large enough to be fast, small enough to stay light
MAX_REPORTED_ERRORS = 100


@dataclass(frozen=True)
class ImportReport:
    """What an import did: tasks added, rows skipped as already known (dedupe_key), rows read."""

    imported: int
    skipped_duplicates: int
    rows: int


def check_importer(actor: Actor) -> None:
    """Refuse an anonymous caller before its file is received (AuthenticationRequired)."""
    permissions.ensure_authenticated(actor, "task")


def import_tasks(
    uow: AbstractUnitOfWork,
    project_key: int | str,
    rows: Iterable[ImportRow],
    actor: Actor,
    *,
    now: datetime,
    max_rows: int,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Add a task per row to the project (by id or short name), as its owner or an admin.

    `rows` is read lazily, after the permission check, and written in batches as it goes.
    Any invalid row (InvalidRows, listing up to 100 reasons) or more than `max_rows` rows
    (TooLarge) and nothing is kept. `progress` hears the number of rows read after each batch.
    """
    permissions.ensure_authenticated(actor, "task")
    with uow:
        project = load_project(uow, project_key)
        permissions.ensure(actor, permissions.CREATE, "task", project=project)
        run = _ImportRun(uow.task_imports, project.id, now, progress)
        for row in rows:
            if run.rows >= max_rows:
                raise errors.TooLarge(f"An import holds at most {max_rows} rows", "task")
            if not run.take(row):
                break
        report = run.finish()
        uow.commit()
        return report


class _ImportRun:
    """The rows of one import: valid tasks go out in batches until a row fails; then only
    the reasons are collected."""

    def __init__(
        self,
        writer: TaskImportWriter,
        project_id: int,
        now: datetime,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.writer, self.project_id, self.now, self.progress = writer, project_id, now, progress
        self.pending: list[NewTask] = []
        self.problems: list[RowError] = []
        self.rows = self.written = self.imported = 0

    def take(self, row: ImportRow) -> bool:
        """Check one row; False once more reasons were found than are reported."""
        self.rows += 1
        task = new_task(row, self.project_id, self.now)
        if not isinstance(task, NewTask):
            self.problems.extend(task)
        elif not self.problems:
            self.pending.append(task)
            if len(self.pending) >= BATCH_SIZE:
                self._write()
        return len(self.problems) <= MAX_REPORTED_ERRORS

    def finish(self) -> ImportReport:
        """Write what is left, or raise InvalidRows when any row failed."""
        if self.problems:
            first = self.problems[0]
            where = f"{first.field}: " if first.field else ""
            raise errors.InvalidRows(
                f"Nothing was imported: row {first.row} is invalid ({where}{first.reason})",
                "task",
                [p.as_dict() for p in self.problems[:MAX_REPORTED_ERRORS]],
                more_errors=len(self.problems) > MAX_REPORTED_ERRORS,
            )
        self._write()
        return ImportReport(self.imported, self.written - self.imported, self.rows)

    def _write(self) -> None:
        if self.pending:
            self.imported += self.writer.add_many(self.pending)
            self.written += len(self.pending)
            self.pending = []
        if self.progress is not None:
            self.progress(self.rows)
