"""Bulk-imported tasks: the rules one import row keeps, and the new task it becomes."""

import dataclasses
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core import errors, json_values
from pybossa_core.tasks import Task

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
OUT_OF_RANGE = f"must be between {INT32_MIN} and {INT32_MAX}"
DEDUPE_KEY_MAX = 255
WHOLE_NUMBER = re.compile(r"\s*[+-]?\d+\s*")
# A task made by POST /api/task starts from these values; an imported one does too.
TASK_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(Task) if f.default is not dataclasses.MISSING
}


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One row of an import file as read: its number among the data rows (from 1), the line it
    starts on (None when unknown), its values, and what the reader found wrong with it."""

    number: int
    values: dict[str, Any]
    line: int | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row cannot be imported: the field at fault (None: the row as a whole)."""

    row: int
    field: str | None
    reason: str
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        found = {"row": self.row, "field": self.field, "reason": self.reason}
        return found if self.line is None else {**found, "line": self.line}


@dataclass(slots=True)
class NewTask:
    """A task about to be imported, with the fields and defaults of a Task.

    Not a Task itself: Task is mapped by the SQL adapter, and building a mapped object costs
    some 25 µs, which 100,000 rows notice. `check` applies Task's own rules to it.
    """

    project_id: int
    created: datetime
    info: Any = field(default_factory=dict)
    n_answers: int = TASK_DEFAULTS["n_answers"]
    priority_0: float = TASK_DEFAULTS["priority_0"]
    quorum: int = TASK_DEFAULTS["quorum"]
    calibration: int = TASK_DEFAULTS["calibration"]
    gold_answers: dict[str, Any] | None = None
    dedupe_key: str | None = None
    state: str = TASK_DEFAULTS["state"]
    n_task_runs: int = TASK_DEFAULTS["n_task_runs"]
    fav_user_ids: list[int] | None = TASK_DEFAULTS["fav_user_ids"]

    KIND: ClassVar[str] = Task.KIND

    def check(self) -> None:
        """Task's rules (n_answers, priority_0, quorum); InvalidInput names the fields."""
        Task.check(self)  # type: ignore[arg-type]  # the same fields, not a mapped object

    def columns(self) -> dict[str, Any]:
        """Every stored field of the task, by name."""
        return {name: getattr(self, name) for name in self.__slots__}


def new_task(row: ImportRow, project_id: int, now: datetime) -> NewTask | list[RowError]:
    """The task a row becomes in the project, or every reason why it cannot."""
    if row.problem is not None:
        return [RowError(row.number, None, row.problem, row.line)]
    fields, problems = _fields(row.values, project_id)
    if not problems:
        task = NewTask(project_id=project_id, created=now, **fields)
        try:
            task.check()
            return task
        except errors.InvalidInput as exc:
            problems = {name: " ".join(reasons) for name, reasons in exc.errors.items()}
    return [RowError(row.number, name, reason, row.line) for name, reason in problems.items()]


def _fields(values: dict[str, Any], project_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The row's task fields, each checked by its rule, and the reasons of those refused."""
    fields, problems = {}, {}
    for name, value in values.items():
        rule = RULES.get(name)
        if rule is None:
            problems[name] = f"unknown field (allowed: {', '.join(sorted(RULES))})"
            continue
        try:
            fields[name] = rule(value)
        except _Refused as exc:
            problems[name] = str(exc)
    if "project_id" in fields and fields.pop("project_id") != project_id:
        problems["project_id"] = f"must be the id of the project imported into ({project_id})"
    return fields, problems


class _Refused(Exception):
    """A value its rule does not accept; the message says why."""


def whole_number(value: Any) -> int:
    """An int32, also as text ("5", as CSV carries it) or as a float without a fraction."""
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value):
        if len(value.strip().lstrip("+-")) > 10:  # int() of thousands of digits is refused
            raise _Refused(OUT_OF_RANGE)
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is not int:
        raise _Refused("must be a whole number")
    if not INT32_MIN <= value <= INT32_MAX:
        raise _Refused(OUT_OF_RANGE)
    return value


def number(value: Any) -> float:
    """A finite number, also as text."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _Refused("must be a number") from None
    if type(value) not in (int, float) or not math.isfinite(value):
        raise _Refused("must be a finite number")
    return float(value)


def info(value: Any) -> Any:
    """Any JSON value but null, as POST /api/task takes it."""
    if value is None:
        raise _Refused("must not be null")
    return value


def gold_answers(value: Any) -> dict[str, Any] | None:
    """A JSON object (or its text, as CSV carries it), or null."""
    if isinstance(value, str):
        try:
            value = json_values.decode(value)
        except json_values.NotJson:
            raise _Refused("must be a JSON object (this text is not JSON)") from None
    if value is not None and not isinstance(value, dict):
        raise _Refused("must be a JSON object")
    return value


def dedupe_key(value: Any) -> str | None:
    """Text of 1 to 255 characters naming the task once per project, or null."""
    if value is None:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= DEDUPE_KEY_MAX:
        raise _Refused(f"must be text of 1 to {DEDUPE_KEY_MAX} characters")
    return value


RULES = {
    "info": info,
    "n_answers": whole_number,
    "priority_0": number,
    "quorum": whole_number,
    "calibration": whole_number,
    "gold_answers": gold_answers,
    "dedupe_key": dedupe_key,
    "project_id": whole_number,
}
