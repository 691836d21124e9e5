"""Statements choosing the published projects the front page shows.

A volunteer is counted as in adapters.sql.stats: a user id, else an app's external uid, else an
anonymous (hashed) IP. `most_active` counts them over the task runs of every published project:
one grouped scan of task_run per call, so a busy site should cache the front page in front of it.
"""

from sqlalchemy import Select, func, select

from adapters.sql import tables
from pybossa_core.projects import Project

_project = tables.project
_run = tables.task_run
_published = _project.c.published.is_(True)


def published_by_category(per_category: int) -> Select:
    """Up to `per_category` published projects of each category (by name, then id)."""
    place = func.row_number().over(
        partition_by=_project.c.category_id, order_by=(_project.c.name, _project.c.id)
    )
    ranked = select(_project.c.id, place.label("place")).where(_published).subquery("ranked")
    return (
        select(Project)
        .join(ranked, ranked.c.id == _project.c.id)
        .where(ranked.c.place <= per_category)
        .order_by(_project.c.category_id, _project.c.name, _project.c.id)
    )


def featured(limit: int) -> Select:
    """Published featured projects by name, then id."""
    return (
        select(Project)
        .where(_published, _project.c.featured.is_(True))
        .order_by(_project.c.name, _project.c.id)
        .limit(limit)
    )


def most_active(limit: int) -> Select:
    """Published projects with at least one volunteer, the most volunteers first, then by id."""
    published_ids = select(_project.c.id).where(_published)
    n_volunteers = func.count(tables.VOLUNTEER.distinct()).label("volunteers")
    counted = (
        select(_run.c.project_id, n_volunteers)
        .where(_run.c.project_id.in_(published_ids))
        .group_by(_run.c.project_id)
        .subquery("counted")
    )
    return (
        select(Project)
        .join(counted, counted.c.project_id == _project.c.id)
        .order_by(counted.c.volunteers.desc(), _project.c.id)
        .limit(limit)
    )
