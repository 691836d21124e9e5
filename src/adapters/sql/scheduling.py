"""Candidate SQL for the schedulers: ongoing tasks a volunteer has not answered, in order.

Each order has an index on `task` that starts with (project_id, state) and continues with the
order's columns (see tables.py), so PostgreSQL walks it in order (forwards or backwards) and
stops after `limit` rows; the NOT EXISTS probes task_run through the partial unique index of
the volunteer's kind ((task_id, user_id), (task_id, external_uid) or (task_id, user_ip)). The
cost therefore stays flat however many tasks the project has, growing only with the tasks the
volunteer skipped.

Newtask is the hottest request: its statements are built once per shape (order, kind of
volunteer, gold filter) with bound parameters, and return plain rows.

On PostgreSQL an answer being recorded announces itself (`announcing_answer`), and a spread
candidate query (`spread_candidate_statement`) puts the tasks so announced after the others:
without it every new volunteer of a depth-first project is handed the same first task and
their answers queue on its row lock one after the other.
"""

from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    exists,
    func,
    select,
)

from adapters.sql import tables
from pybossa_core import scheduler
from pybossa_core.tasks import ONGOING
from pybossa_core.volunteers import Volunteer

_task = tables.task
_run = tables.task_run
# pybossa_core.tasks.Task.is_gold in SQL (calibration is NOT NULL, so NOT(...) is exact).
IS_GOLD_TASK = tables.IS_GOLD_TASK

# The advisory lock space of answers being recorded: (ANSWERING, task id), held by the
# answer's transaction; "pbf" and 1, so it stays clear of other users of advisory locks.
ANSWERING = 0x70626601
# A spread query looks this many tasks past the `limit` it needs for tasks nobody is answering:
# about as many as answers can be in flight at once on a busy server.
SPREAD_WINDOW = 16


def _ordering(columns, keys: tuple[tuple[str, bool], ...]) -> tuple[ColumnElement, ...]:
    return tuple(
        columns[name].desc() if descending else columns[name].asc() for name, descending in keys
    )


# The schedulers' orders and newtask's orderby/desc, each once (pybossa_core.scheduler).
ORDERS: dict[str, tuple[ColumnElement, ...]] = {
    name: _ordering(_task.c, keys) for name, keys in scheduler.ORDER_KEYS.items()
}


def announcing_answer(task_id: ColumnElement) -> ColumnElement[bool]:
    """Takes (ANSWERING, task id) for the transaction recording an answer, if it is free.

    It never waits: the row lock already counts answers one at a time, and a newtask reading
    the task at that moment (holding the lock shared) must not hold an answer up.
    """
    return func.pg_try_advisory_xact_lock(ANSWERING, task_id, type_=Boolean)


def _being_answered(task_id: ColumnElement) -> ColumnElement[bool]:
    """True while another transaction records an answer to the task. Holding the lock
    shared for a moment is how PostgreSQL tells; a spread query runs in autocommit, so
    it lets go when the statement ends."""
    return ~func.pg_try_advisory_xact_lock_shared(ANSWERING, task_id, type_=Boolean)


def by_volunteer(volunteer: Volunteer) -> ColumnElement[bool]:
    """Task runs given by the volunteer: by user id, else external uid, else anonymous IP.

    The anonymous test repeats the predicate of the (task_id, user_ip) unique index, so a
    signed-in user or an external uid sharing the IP is never taken for the visitor.
    """
    if volunteer.user_id is not None:
        return _run.c.user_id == volunteer.user_id
    if volunteer.external_uid is not None:
        return _run.c.external_uid == volunteer.external_uid
    return and_(_run.c.user_ip == volunteer.user_ip, tables.BY_ANONYMOUS_IP)


def answered_by(
    volunteer: Volunteer, task_id: ColumnElement | int, project_id: int | None = None
) -> ColumnElement[bool]:
    """True where the volunteer has a run for the task.

    Naming the project too lets PostgreSQL probe (project_id, volunteer) exactly; without
    it a plan may scan the volunteer's runs in every project (seen in the benchmark).
    """
    conditions = [_run.c.task_id == task_id, by_volunteer(volunteer)]
    if project_id is not None:
        conditions.append(_run.c.project_id == project_id)
    return exists(select(1).where(*conditions))


def candidates(
    project_id: int,
    volunteer: Volunteer,
    order: str,
    limit: int,
    offset: int = 0,
    gold: bool | None = None,
) -> Select:
    """The statement selecting one page of the volunteer's candidates (task rows) in
    `order`, its parameters bound; see `candidate_statement`."""
    return candidate_statement(order, volunteer.kind, gold).params(
        candidate_params(project_id, volunteer, limit, offset)
    )


@cache
def candidate_statement(order: str, volunteer_kind: str, gold: bool | None = None) -> Select:
    """The candidate SELECT for one shape, with parameters project_id, volunteer, limit and
    offset (`candidate_params`); `gold` True keeps only gold tasks, False only the others,
    None both.

    An unknown order is a programming error (ValueError), never a client's.
    """
    return (
        _candidate_select(order, volunteer_kind, gold)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


@cache
def spread_candidate_statement(order: str, volunteer_kind: str, gold: bool | None = None) -> Select:
    """`candidate_statement` on PostgreSQL, except that among the first `limit` +
    SPREAD_WINDOW candidates the tasks whose answer is being recorded right now come last
    (still in order among themselves), so they are served only when nothing else is left.

    The window bounds the work: a few more index probes than the plain query, one
    statement all the same.
    """
    window = (
        _candidate_select(order, volunteer_kind, gold)
        .limit(bindparam("window", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("candidate")
    )
    in_order = _ordering(window.c, scheduler.ORDER_KEYS[order])
    return (
        select(*window.c)
        .order_by(_being_answered(window.c.id), *in_order)
        .limit(bindparam("limit", type_=Integer))
    )


def _candidate_select(order: str, volunteer_kind: str, gold: bool | None) -> Select:
    """The candidates of one shape in order, without limit or offset."""
    if order not in ORDERS:
        raise ValueError(f"unknown candidate order: {order!r}")
    project_id = bindparam("project_id", type_=Integer)
    probe = Volunteer(**{volunteer_kind: bindparam("volunteer")})
    conditions = [
        _task.c.project_id == project_id,
        _task.c.state == ONGOING,
        ~answered_by(probe, _task.c.id, project_id),
    ]
    if gold is not None:
        conditions.append(IS_GOLD_TASK if gold else ~IS_GOLD_TASK)
    return select(*_task.c).where(*conditions).order_by(*ORDERS[order])


def candidate_params(
    project_id: int, volunteer: Volunteer, limit: int, offset: int
) -> dict[str, Any]:
    """The parameters of either candidate statement."""
    return {
        "project_id": project_id,
        "volunteer": volunteer.identity,
        "limit": limit,
        "offset": offset,
        "window": limit + SPREAD_WINDOW,
    }
