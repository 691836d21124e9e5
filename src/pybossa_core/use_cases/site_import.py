"""Import a whole PYBOSSA site into an empty database, all or nothing, keeping every id."""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from pybossa_core import errors, tasks
from pybossa_core.ports import FileStorage, RandomKeys
from pybossa_core.ports.site_import import PybossaSource, SiteImportTarget
from pybossa_core.site_import import (
    CONVERTERS,
    COOWNERS,
    FAVORITE,
    KINDS,
    LEFT_BEHIND,
    ImportReport,
    KindReport,
    NewKey,
    Skip,
    coowner_rows,
    volunteer_of,
)
from pybossa_core.use_cases.site_files import SiteFiles

BATCH_ROWS = 1000
PROJECT_COOWNER = "project_coowner"  # the target's kind of co-owner rows
# (kind, total rows) -> a function told how many more rows were read; the default says nothing.
Progress = Callable[[str, int], Callable[[int], None]]
# What a row refers to, by kind: (column, kind it names).
REFERENCES = {
    "project": (("owner_id", "user"), ("category_id", "category")),
    "task": (("project_id", "project"),),
    "task_run": (("task_id", "task"), ("user_id", "user")),
    "result": (("task_id", "task"),),
    "helpingmaterial": (("project_id", "project"),),
    "announcement": (("user_id", "user"),),
    "blogpost": (("project_id", "project"), ("user_id", "user")),
    "pages": (("project_id", "project"),),
}


def import_pybossa_site(
    source: PybossaSource,
    target: SiteImportTarget,
    *,
    now: datetime,
    keys: RandomKeys,
    uploads: FileStorage | None = None,
    storage: FileStorage | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Copy every user, category, project, task, task run, result, helping material,
    announcement, blog post, page and favourite (and the files of avatars and materials,
    from `uploads` into `storage`), then count runs,
    complete tasks, continue the ids and give completed tasks lacking one their result. A
    dry run does all of it but write files, and rolls back."""
    report = ImportReport(dry_run=dry_run)
    report.left_behind = {table: rows for table in LEFT_BEHIND if (rows := source.count(table))}
    files = SiteFiles(uploads, None if dry_run else storage, keys)
    try:
        with target:
            _import(source, target, report, files, now, keys, progress or _silent)
            if not dry_run:
                target.commit()
                files.copied = []  # durable now: nothing to undo
    finally:
        files.undo()
    return report


def _import(
    source: PybossaSource,
    target: SiteImportTarget,
    report: ImportReport,
    files: SiteFiles,
    now: datetime,
    keys: RandomKeys,
    progress: Progress,
) -> None:
    if not target.is_empty():
        raise errors.Conflict(
            "The target database already holds users, projects or tasks: "
            "import into an empty, migrated database",
            "database",
        )
    if source.count("category"):
        target.remove_categories()
    skipped: dict[str, set[int]] = {kind: set() for kind in KINDS}
    owners = _Owners()
    favorites = FavoriteMarks(report.kinds[FAVORITE])
    for kind in KINDS:
        tick = progress(kind, source.count(kind) or 0)
        rows = _converted(
            kind, source.rows(kind), report.kinds[kind], skipped, now, keys.new_key, tick
        )
        rows = favorites.watch(kind, owners.noted(kind, rows))
        for batch in _batches(_with_files(kind, rows, files, report.kinds[kind])):
            target.insert(kind, batch)
        if kind == "project":
            target.insert(PROJECT_COOWNER, owners.coowner_rows(report.kinds[kind]))
    for batch in _batches(favorites.rows(now)):
        target.insert(FAVORITE, batch)
    target.count_runs(tasks.standings_by_state())
    target.continue_ids()  # before the results made below take ids of their own
    _give_results(target, report.kinds["result"], now)


class _Owners:
    """Who co-owns each imported project: the ids of the imported users, and each project's
    co-owners, taken out of its row (they are stored apart, once users and projects are)."""

    def __init__(self) -> None:
        self.user_ids: set[int] = set()
        self.projects: list[tuple[int, list[int]]] = []

    def noted(self, kind: str, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            if kind == "user":
                self.user_ids.add(row["id"])
            elif kind == "project":
                self.projects.append((row["id"], row.pop(COOWNERS)))
            yield row

    def coowner_rows(self, report: KindReport) -> list[dict[str, Any]]:
        return coowner_rows(self.projects, self.user_ids, report.notes)


def _with_files(
    kind: str, rows: Iterable[dict[str, Any]], files: SiteFiles, report: KindReport
) -> Iterator[dict[str, Any]]:
    copy = {"user": files.user, "helpingmaterial": files.helping}.get(kind)
    for row in rows:
        if copy is not None:
            copy(row, report.notes)
        yield row


def _converted(
    kind: str,
    rows: Iterable[dict[str, Any]],
    report: KindReport,
    skipped: dict[str, set[int]],
    now: datetime,
    new_key: NewKey,
    tick: Callable[[int], None],
) -> Iterator[dict[str, Any]]:
    """The kind's rows to store; each refused one is counted with its reason, its id kept so
    that rows referring to it are refused too."""
    guard = _Guard(kind)
    for source_row in rows:
        report.source_rows += 1
        tick(1)
        try:
            _check_references(kind, source_row, skipped)
            row = guard.checked(CONVERTERS[kind](source_row, now, report.notes, new_key), report)
        except Skip as reason:
            report.skipped[str(reason)] += 1
            skipped[kind].add(source_row["id"])
            continue
        report.imported += 1
        yield row


def _check_references(kind: str, row: dict[str, Any], skipped: dict[str, set[int]]) -> None:
    for column, named in REFERENCES.get(kind, ()):
        if row.get(column) in skipped[named]:
            raise Skip(f"its {named} ({column} {row[column]}) was not imported")


class _Guard:
    """What the rows of one kind must not repeat, checked on rows that arrive sorted so that
    repeats are neighbours: a second answer by one volunteer to one task (PYBOSSA can store
    it under load; this project's one-answer rule cannot), a user name equal to another but
    for case (renamed: name_<id>)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.group: Any = None
        self.seen: set[Any] = set()

    def checked(self, row: dict[str, Any], report: KindReport) -> dict[str, Any]:
        if self.kind == "task_run":
            self._one_answer_each(row)
        elif self.kind == "user":
            self._distinct_name(row, report)
        return row

    def _one_answer_each(self, run: dict[str, Any]) -> None:
        if run["task_id"] != self.group:
            self.group, self.seen = run["task_id"], set()
        volunteer = volunteer_of(run)
        if volunteer is not None and volunteer in self.seen:
            raise Skip("a second answer by the same volunteer to the same task")
        self.seen.add(volunteer)

    def _distinct_name(self, user: dict[str, Any], report: KindReport) -> None:
        lowered = user["name"].lower()
        if lowered == self.group:
            user["name"] = f"{user['name']}_{user['id']}"
            report.notes["name equal to another's but for case: renamed name_<id>"] += 1
        self.group = lowered


class FavoriteMarks:
    """The favourites of the imported tasks' fav_user_ids, kept for users imported before
    them (a mark of any other user is dropped from the task too and counted as skipped)."""

    def __init__(self, report: KindReport) -> None:
        self.report = report
        self.users: set[int] = set()
        self.marks: list[tuple[int, int]] = []

    def watch(self, kind: str, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The rows of `kind` as they are stored, users noted and tasks' marks taken."""
        for row in rows:
            if kind == "user":
                self.users.add(row["id"])
            elif kind == "task":
                self._take(row)
            yield row

    def rows(self, now: datetime) -> Iterator[dict[str, Any]]:
        for user_id, task_id in self.marks:
            yield {"user_id": user_id, "task_id": task_id, "created": now}

    def _take(self, task: dict[str, Any]) -> None:
        kept = []
        for user_id in dict.fromkeys(task.get("fav_user_ids") or []):
            self.report.source_rows += 1
            if user_id in self.users:
                kept.append(user_id)
                self.marks.append((user_id, task["id"]))
                self.report.imported += 1
            else:
                self.report.skipped["its user was not imported"] += 1
        task["fav_user_ids"] = kept or None


def _give_results(target: SiteImportTarget, report: KindReport, now: datetime) -> None:
    """A completed task always has its result: PYBOSSA's missing ones are made here."""
    made = (
        {
            "project_id": project_id,
            "task_id": task_id,
            "task_run_ids": run_ids,
            "last_version": True,
            "info": None,
            "created": now,
        }
        for project_id, task_id, run_ids in target.completed_without_result()
    )
    for batch in _batches(made):
        target.insert("result", batch)
        report.notes["completed task without a result: one made from its runs"] += len(batch)


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _silent(kind: str, total: int) -> Callable[[int], None]:
    return lambda read: None
