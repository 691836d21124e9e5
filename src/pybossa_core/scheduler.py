"""Task schedulers: which ongoing task a volunteer gets next, chosen per project by info.sched.

* ``default`` / ``depth_first``: highest ``priority_0`` first, then lowest id; everybody gets
  the same task until it has its ``n_answers``, so tasks complete one after another.
* ``breadth_first``: the task with the fewest answers first (then priority, id), so answers
  spread over every task before any is completed.
* ``depth_first_all``: the task with the most answers first (then priority, id): whatever is
  nearest to completion, anywhere in the project, is finished first.
* ``incremental``: depth-first order; the task comes with ``info.last_answer``, the latest
  answer given to it, so each volunteer improves on the previous one (transcriptions).
* ``locked``: depth-first order, but a task is held by at most ``n_answers`` volunteers at a
  time (minus the answers it already has); a hold expires after ``info.timeout`` seconds
  (default 3600) or when the holder answers.

A completed task, or one the volunteer answered, is never served. An unknown name is
``default``.

A client may order the candidates itself with newtask's ``orderby`` and ``desc``: the scheduler
still decides which tasks are candidates (locks, gold pacing, ``last_answer``), the column only
their order. Each order ends on the id, so none is ambiguous; its tie-breaks are chosen so
that every order walks one of the task table's indexes (forwards or backwards). A column order
that is a scheduler's order goes by the scheduler's name, so each order is defined once.
"""

from dataclasses import dataclass
from typing import Any

from pybossa_core import errors
from pybossa_core.ports import BY_FEWEST_RUNS, BY_MOST_RUNS, BY_PRIORITY

DEFAULT_LOCK_SECONDS = 3600
MAX_LOCK_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Strategy:
    name: str
    order: str
    locked: bool = False
    incremental: bool = False


STRATEGIES = {
    "default": Strategy("default", BY_PRIORITY),
    "depth_first": Strategy("depth_first", BY_PRIORITY),
    "breadth_first": Strategy("breadth_first", BY_FEWEST_RUNS),
    "depth_first_all": Strategy("depth_first_all", BY_MOST_RUNS),
    "incremental": Strategy("incremental", BY_PRIORITY, incremental=True),
    "locked": Strategy("locked", BY_PRIORITY, locked=True),
}


# Every candidate order -> its sort keys (column, descending); the adapters build their
# ORDER BY from these.
ORDER_KEYS: dict[str, tuple[tuple[str, bool], ...]] = {
    BY_PRIORITY: (("priority_0", True), ("id", False)),
    BY_FEWEST_RUNS: (("n_task_runs", False), ("priority_0", True), ("id", False)),
    BY_MOST_RUNS: (("n_task_runs", True), ("priority_0", True), ("id", False)),
    "id asc": (("id", False),),
    "id desc": (("id", True),),
    "priority_0 asc": (("priority_0", False), ("id", True)),
    "created asc": (("created", False), ("id", False)),
    "created desc": (("created", True), ("id", True)),
}
# newtask's orderby column -> the names of its ascending and its descending order.
_COLUMN_ORDERS: dict[str, tuple[str, str]] = {
    "id": ("id asc", "id desc"),
    "priority_0": ("priority_0 asc", BY_PRIORITY),
    "n_task_runs": (BY_FEWEST_RUNS, BY_MOST_RUNS),
    "created": ("created asc", "created desc"),
}
ORDERABLE = tuple(_COLUMN_ORDERS)


def order_for(strategy: Strategy, orderby: str | None, desc: bool | None) -> str:
    """The candidates' order: the strategy's, unless the client named a column (or `desc`,
    which then orders by id). An unknown column is UnknownAttribute."""
    if orderby is None and desc is None:
        return strategy.order
    column = "id" if orderby is None else orderby
    if column not in _COLUMN_ORDERS:
        raise errors.UnknownAttribute(
            f"newtask cannot order by '{column}': use one of {', '.join(ORDERABLE)}", "task"
        )
    return _COLUMN_ORDERS[column][bool(desc)]


def strategy_for(info: dict[str, Any] | None) -> Strategy:
    """The project's scheduler; an unknown or missing name is the default."""
    name = (info or {}).get("sched")
    return (
        STRATEGIES.get(name, STRATEGIES["default"])
        if isinstance(name, str)
        else STRATEGIES["default"]
    )


def lock_seconds(info: dict[str, Any] | None) -> int:
    """How long a `locked` hold lasts: info.timeout seconds, bounded to one day."""
    timeout = (info or {}).get("timeout")
    if isinstance(timeout, int) and not isinstance(timeout, bool) and timeout > 0:
        return min(timeout, MAX_LOCK_SECONDS)
    return DEFAULT_LOCK_SECONDS
