"""Contributor statements: each user with a score (runs given) and a rank among all users.

score = the number of task runs the user gave (0 for none). rank = RANK() OVER (ORDER BY score
DESC) over every user: 1 + the number of users with a strictly higher score, so users with the
same score share a rank and the next rank skips (1, 2, 2, 4). Ties within a rank are not broken;
lists order them by id where they need an order. (PYBOSSA's leaderboard view used row_number(),
which gave tied users different, arbitrary ranks.) Runs are counted per user_id first, over
ix_task_run_user_id, then joined to the users; SQLite has window functions since 3.25.
`place` is each user's position in the best-first order (score, then id): the leaderboard's
window around a user is a range of places, found in the same query.
"""

from sqlalchemy import Select, func, select

from adapters.sql import tables
from pybossa_core.users import User

_user = tables.user
_run = tables.task_run


def _ranked():
    """A CTE of (user_id, score, rank, place) for every user."""
    runs = (
        select(_run.c.user_id, func.count().label("n_runs"))
        .where(_run.c.user_id.isnot(None))
        .group_by(_run.c.user_id)
        .cte("runs_per_user")
    )
    score = func.coalesce(runs.c.n_runs, 0)
    return (
        select(
            _user.c.id.label("user_id"),
            score.label("score"),
            func.rank().over(order_by=score.desc()).label("rank"),
            func.row_number().over(order_by=(score.desc(), _user.c.id)).label("place"),
        )
        .select_from(_user.outerjoin(runs, runs.c.user_id == _user.c.id))
        .cte("ranked")
    )


def _contributors(ranked=None) -> Select:
    """Rows of (User, score, rank), in no particular order."""
    ranked = _ranked() if ranked is None else ranked
    return select(User, ranked.c.score, ranked.c.rank).join(ranked, ranked.c.user_id == _user.c.id)


def by_name(offset: int, limit: int) -> Select:
    """One page of contributors ordered by name (then id)."""
    return _contributors().order_by(_user.c.name, _user.c.id).offset(offset).limit(limit)


def best_first(limit: int) -> Select:
    """The contributors with the highest scores, ties by id."""
    statement = _contributors()
    return statement.order_by(statement.selected_columns.score.desc(), _user.c.id).limit(limit)


def one(user_id: int) -> Select:
    """The contributor with this id (the rank still counts every user)."""
    return _contributors().where(_user.c.id == user_id)


def around(user_id: int, places: int) -> Select:
    """The contributor with this id and up to `places` contributors on each side of them in
    the best-first order, in that order (nothing for an unknown id)."""
    ranked = _ranked()
    mine = select(ranked.c.place).where(ranked.c.user_id == user_id).scalar_subquery()
    return (
        _contributors(ranked)
        .where(ranked.c.place.between(mine - places, mine + places))
        .order_by(ranked.c.place)
    )
