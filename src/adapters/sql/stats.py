"""Site-wide counts read straight from the tables."""

from sqlalchemy import Table, and_, func, select
from sqlalchemy.orm import Session

from adapters.sql import tables
from pybossa_core import ports
from pybossa_core.tasks import COMPLETED


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
