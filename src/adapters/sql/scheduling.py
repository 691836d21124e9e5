"""Candidate SQL for the schedulers: ongoing tasks a volunteer has not answered, in order.

Each order has an index on `task` that starts with (project_id, state) and continues with the
order's columns (see tables.py), so PostgreSQL walks it in order (forwards or backwards) and
stops after `limit` rows; the NOT EXISTS probes task_run through the partial unique index of
the volunteer's kind ((task_id, user_id), (task_id, external_uid) or (task_id, user_ip)). The
cost therefore stays flat however many tasks the project has, growing only with the tasks the
volunteer skipped.

Newtask is the hottest request: its statements are built once per shape (order, kind of
volunteer, gold filter) with bound parameters, and return plain rows.
"""
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, exists, select

from adapters.sql import tables
from pybossa_core import scheduler
from pybossa_core.tasks import ONGOING
from pybossa_core.volunteers import Volunteer

_task = tables.task
_run = tables.task_run
# pybossa_core.tasks.Task.is_gold in SQL (calibration is NOT NULL, so NOT(...) is exact).
IS_GOLD_TASK = tables.IS_GOLD_TASK

# The schedulers' orders and newtask's orderby/desc, each once (pybossa_core.scheduler).
ORDERS: dict[str, tuple[ColumnElement, ...]] = {
    name: tuple(_task.c[column].desc() if descending else _task.c[column].asc()
                for column, descending in keys)
    for name, keys in scheduler.ORDER_KEYS.items()
}


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


def answered_by(volunteer: Volunteer, task_id: ColumnElement | int,
                project_id: int | None = None) -> ColumnElement[bool]:
    """True where the volunteer has a run for the task.

    Naming the project too lets PostgreSQL probe (project_id, volunteer) exactly; without
    it a plan may scan the volunteer's runs in every project (seen in the benchmark).
    """
    conditions = [_run.c.task_id == task_id, by_volunteer(volunteer)]
    if project_id is not None:
        conditions.append(_run.c.project_id == project_id)
    return exists(select(1).where(*conditions))


def candidates(project_id: int, volunteer: Volunteer, order: str, limit: int,
               offset: int = 0, gold: bool | None = None) -> Select:
    """The statement selecting one page of the volunteer's candidates (task rows) in
    `order`, its parameters bound; see `candidate_statement`."""
    return candidate_statement(order, volunteer.kind, gold).params(
        candidate_params(project_id, volunteer, limit, offset))


@cache
def candidate_statement(order: str, volunteer_kind: str, gold: bool | None = None) -> Select:
    """The candidate SELECT for one shape, with parameters project_id, volunteer, limit and
    offset (`candidate_params`); `gold` True keeps only gold tasks, False only the others,
    None both.

    An unknown order is a programming error (ValueError), never a client's.
    """
    if order not in ORDERS:
        raise ValueError(f"unknown candidate order: {order!r}")
    project_id = bindparam("project_id", type_=Integer)
    probe = Volunteer(**{volunteer_kind: bindparam("volunteer")})
    conditions = [_task.c.project_id == project_id, _task.c.state == ONGOING,
                  ~answered_by(probe, _task.c.id, project_id)]
    if gold is not None:
        conditions.append(IS_GOLD_TASK if gold else ~IS_GOLD_TASK)
    return (select(*_task.c).where(*conditions)
            .order_by(*ORDERS[order])
            .limit(bindparam("limit", type_=Integer))
            .offset(bindparam("offset", type_=Integer)))


def candidate_params(project_id: int, volunteer: Volunteer, limit: int,
                     offset: int) -> dict[str, Any]:
    return {"project_id": project_id, "volunteer": volunteer.identity, "limit": limit,
            "offset": offset}
