"""Site-wide counts read straight from the tables.

The figures of a period (the last 24 hours, the last week) filter on the rows' times, which
no index covers: each is one grouped scan of its table, for the statistics page and the
admins' dashboard, not for pages every visitor opens.
"""

from datetime import date, datetime

from sqlalchemy import Table, and_, func, select
from sqlalchemy.orm import Session

from adapters.sql import tables
from pybossa_core import ports
from pybossa_core.ports.stats import DAILY_FIGURES, DailyCounts
from pybossa_core.tasks import COMPLETED
from pybossa_core.users import User

_run = tables.task_run


class SqlStatsReader(ports.StatsReader):
    """Counts for /api/globalstats; every category appears in `published_per_category`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def global_stats(self) -> ports.GlobalStats:
        project = tables.project
        return ports.GlobalStats(
            n_projects=self._count(project),
            n_users=self._count(tables.user),
            n_tasks=self._count(tables.task),
            n_task_runs=self._count(tables.task_run),
            n_pending_tasks=self._count(tables.task, tables.task.c.state != COMPLETED),
            n_results=self._count(tables.result),
            published_per_category=self._published_per_category(),
            n_featured=self._count(project, project.c.featured.is_(True)),
            n_drafts=self._count(project, project.c.published.is_(False)),
        )

    def project_stats(self, project_ids: list[int]) -> dict[int, ports.ProjectStats]:
        """Per project: tasks, completed tasks, distinct volunteers, answers and the latest
        answer's time (two grouped queries)."""
        if not project_ids:
            return {}
        task, run = tables.task, tables.task_run
        tasks = (
            select(task.c.project_id, func.count(), func.count().filter(task.c.state == COMPLETED))
            .where(task.c.project_id.in_(project_ids))
            .group_by(task.c.project_id)
        )
        runs = (
            select(
                run.c.project_id,
                func.count(tables.VOLUNTEER.distinct()),
                func.count(),
                func.max(run.c.finish_time),
            )
            .where(run.c.project_id.in_(project_ids))
            .group_by(run.c.project_id)
        )
        counted = {
            pid: {"n_volunteers": volunteers, "n_task_runs": answers, "last_activity": latest}
            for pid, volunteers, answers, latest in self.session.execute(runs)
        }
        return {
            pid: ports.ProjectStats(n_tasks=n, n_completed_tasks=done, **counted.get(pid, {}))
            for pid, n, done in self.session.execute(tasks)
        }

    def project_outcomes(self, project_ids: list[int]) -> dict[int, ports.ProjectOutcomes]:
        """Per project: current results, and the average answer time (two grouped queries)."""
        if not project_ids:
            return {}
        result, run = tables.result, tables.task_run
        results = (
            select(result.c.project_id, func.count())
            .where(result.c.project_id.in_(project_ids), result.c.last_version.is_(True))
            .group_by(result.c.project_id)
        )
        times = (
            select(run.c.project_id, func.avg(self._seconds(run.c.created, run.c.finish_time)))
            .where(run.c.project_id.in_(project_ids))
            .group_by(run.c.project_id)
        )
        n_results = dict(self.session.execute(results).all())
        averages = {pid: float(avg or 0) for pid, avg in self.session.execute(times)}
        return {
            pid: ports.ProjectOutcomes(n_results.get(pid, 0), averages.get(pid, 0.0))
            for pid in n_results.keys() | averages.keys()
        }

    def _seconds(self, start, end):
        """The seconds from `start` to `end` (two timestamps), as the database counts them."""
        if self.session.get_bind().dialect.name == "postgresql":
            return func.extract("epoch", end - start)
        return (func.julianday(end) - func.julianday(start)) * 86400.0

    def _count(self, table: Table, *where) -> int:
        return self.session.scalar(select(func.count()).select_from(table).where(*where))

    def _published_per_category(self) -> dict[str, int]:
        category, project = tables.category, tables.project
        joined = category.outerjoin(
            project, and_(project.c.category_id == category.c.id, project.c.published.is_(True))
        )
        statement = (
            select(category.c.short_name, func.count(project.c.id))
            .select_from(joined)
            .group_by(category.c.id, category.c.short_name)
            .order_by(category.c.id)
        )
        return {short_name: n for short_name, n in self.session.execute(statement)}

    def top_projects_since(self, since: datetime, limit: int) -> list[ports.ProjectAnswers]:
        project = tables.project
        n_answers = func.count(_run.c.id).label("n_answers")
        statement = (
            select(project.c.id, project.c.name, project.c.short_name, n_answers)
            .join(_run, _run.c.project_id == project.c.id)
            .where(_run.c.finish_time >= since, project.c.published.is_(True))
            .group_by(project.c.id, project.c.name, project.c.short_name)
            .order_by(n_answers.desc(), project.c.id)
            .limit(limit)
        )
        return [ports.ProjectAnswers(*row) for row in self.session.execute(statement)]

    def top_users_since(self, since: datetime, limit: int) -> list[ports.UserAnswers]:
        counted = (
            select(_run.c.user_id, func.count().label("n_answers"))
            .where(_run.c.finish_time >= since, _run.c.user_id.isnot(None))
            .group_by(_run.c.user_id)
            .subquery("recent")
        )
        statement = (
            select(User, counted.c.n_answers)
            .join(counted, counted.c.user_id == tables.user.c.id)
            .order_by(counted.c.n_answers.desc(), tables.user.c.id)
            .limit(limit)
        )
        return [ports.UserAnswers(user, n) for user, n in self.session.execute(statement)]

    def n_anonymous_volunteers(self) -> int:
        statement = select(func.count(_run.c.user_ip.distinct())).where(tables.BY_ANONYMOUS_IP)
        return self.session.scalar(statement)

    def daily_counts(self, since: datetime) -> DailyCounts:
        day = func.date(_run.c.finish_time)
        runs = (
            select(
                day,
                func.count(),
                func.count(_run.c.user_id.distinct()),
                func.count(_run.c.user_ip.distinct()).filter(tables.BY_ANONYMOUS_IP),
            )
            .where(_run.c.finish_time >= since)
            .group_by(day)
        )
        per_day: dict[str, dict[date, int]] = {name: {} for name in DAILY_FIGURES}
        for when, n_runs, n_users, n_anonymous in self.session.execute(runs):
            per_day["task_runs"][_day(when)] = n_runs
            per_day["active_users"][_day(when)] = n_users
            per_day["active_anonymous"][_day(when)] = n_anonymous
        for name, table in (
            ("users", tables.user),
            ("projects", tables.project),
            ("tasks", tables.task),
        ):
            created = func.date(table.c.created)
            statement = (
                select(created, func.count()).where(table.c.created >= since).group_by(created)
            )
            per_day[name] = {_day(when): n for when, n in self.session.execute(statement)}
        return DailyCounts(per_day)


def _day(value: date | str) -> date:
    """date() is a date on PostgreSQL and 'YYYY-MM-DD' text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(value)
