"""Volunteers' accuracy on gold tasks: sums over the scored runs of one project.

Only runs with a gold score count, so every statement filters on the partial index
ix_task_run_project_id_gold (project_id WHERE gold_score IS NOT NULL).
"""

from sqlalchemy import Select, case, func, select

from adapters.sql import scheduling, tables
from pybossa_core import gold
from pybossa_core.volunteers import Volunteer

_run = tables.task_run
_SUMS = (
    func.count(),
    func.coalesce(func.sum(case((_run.c.gold_score >= 1.0, 1), else_=0)), 0),
    func.avg(_run.c.gold_score),
)


def of_volunteer(project_id: int, volunteer: Volunteer) -> Select:
    """One row: (n_gold, n_correct, mean score or NULL) of the volunteer in the project."""
    return select(*_SUMS).where(
        _run.c.project_id == project_id, tables.IS_GOLD_RUN, scheduling.by_volunteer(volunteer)
    )


def by_volunteer(project_id: int, limit: int, offset: int) -> Select:
    """(user_id, external_uid, n_gold, n_correct, mean) per volunteer: users by id, then
    external uids, then one row for every anonymous run together (both NULL: IPs, and the
    answers of deleted users)."""
    user_id, external_uid = _run.c.user_id, _run.c.external_uid
    return (
        select(user_id, external_uid, *_SUMS)
        .where(_run.c.project_id == project_id, tables.IS_GOLD_RUN)
        .group_by(user_id, external_uid)
        .order_by(user_id.is_(None), user_id, external_uid.is_(None), external_uid)
        .limit(limit)
        .offset(offset)
    )


def summary(n_gold: int, n_correct: int, mean: float | None) -> gold.Accuracy:
    """The domain's summary of one row of sums (drivers may hand back Decimal or int)."""
    return gold.Accuracy(int(n_gold), int(n_correct), None if mean is None else float(mean))
