"""pybossa_core.tasks.Standing in SQL: which rows of the task table are of which kind."""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, not_, or_

from adapters.sql import tables
from pybossa_core.tasks import Standing

_IS_GOLD = tables.IS_GOLD_TASK  # calibration is NOT NULL, so NOT(...) is exact


def of_standing(standing: Standing, n_answers: int | ColumnElement[int]) -> ColumnElement[bool]:
    """Tasks of this standing when they need `n_answers` (a number, or a column for each
    task's own), as pybossa_core.tasks.standing tells them apart."""
    runs = tables.task.c.n_task_runs
    if standing is Standing.GOLD:
        return _IS_GOLD
    if standing is Standing.ANSWERED:
        return and_(not_(_IS_GOLD), runs >= n_answers)
    return and_(not_(_IS_GOLD), runs < n_answers)


def of_standings(
    standings: Iterable[Standing], n_answers: int | ColumnElement[int]
) -> ColumnElement[bool]:
    """Tasks of any of these standings."""
    ordered = sorted(standings, key=lambda standing: standing.value)  # the same SQL each time
    return or_(*(of_standing(standing, n_answers) for standing in ordered))
