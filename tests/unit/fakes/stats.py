"""FakeStatsReader: the counts of pybossa_core.ports.stats over the fake repositories."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pybossa_core import ports
from pybossa_core.ports.stats import DAILY_FIGURES, DailyCounts
from pybossa_core.tasks import COMPLETED

if TYPE_CHECKING:
    from .unit_of_work import FakeUnitOfWork


class FakeStatsReader(ports.StatsReader):
    """Counts what the fake repositories hold; pending tasks are those not completed."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    def global_stats(self) -> ports.GlobalStats:
        uow = self.uow
        projects = list(uow.projects.rows.values())
        published = [p for p in projects if p.published]
        return ports.GlobalStats(
            n_projects=len(projects),
            n_users=len(uow.users.rows),
            n_tasks=len(uow.tasks.rows),
            n_task_runs=len(uow.task_runs.rows),
            n_pending_tasks=sum(t.state != COMPLETED for t in uow.tasks.rows.values()),
            n_results=len(uow.results.rows),
            published_per_category={
                c.short_name: sum(p.category_id == c.id for p in published)
                for c in uow.categories.rows.values()
            },
            n_featured=sum(p.featured for p in projects),
            n_drafts=len(projects) - len(published),
        )

    def project_stats(self, project_ids: list[int]) -> dict[int, ports.ProjectStats]:
        found = {}
        for project_id in project_ids:
            tasks = self.uow.tasks.where(project_id=project_id)
            if not tasks:
                continue
            runs = self.uow.task_runs.where(project_id=project_id)
            found[project_id] = ports.ProjectStats(
                n_tasks=len(tasks),
                n_completed_tasks=sum(t.state == COMPLETED for t in tasks),
                n_volunteers=len({_volunteer(run) for run in runs}),
                n_task_runs=len(runs),
                last_activity=max((run.finish_time for run in runs), default=None),
            )
        return found

    def top_projects_since(self, since: datetime, limit: int) -> list[ports.ProjectAnswers]:
        projects = self.uow.projects.rows
        counts = Counter(
            run.project_id
            for run in self.uow.task_runs.rows.values()
            if run.finish_time >= since and projects[run.project_id].published
        )
        best = sorted(counts, key=lambda pid: (-counts[pid], pid))[:limit]
        return [
            ports.ProjectAnswers(pid, projects[pid].name, projects[pid].short_name, counts[pid])
            for pid in best
        ]

    def top_users_since(self, since: datetime, limit: int) -> list[ports.UserAnswers]:
        runs = self.uow.task_runs.rows.values()
        counts = Counter(r.user_id for r in runs if r.finish_time >= since and r.user_id)
        best = sorted(counts, key=lambda uid: (-counts[uid], uid))[:limit]
        return [ports.UserAnswers(self.uow.users.rows[uid], counts[uid]) for uid in best]

    def n_anonymous_volunteers(self) -> int:
        runs = self.uow.task_runs.rows.values()
        return len({_volunteer(r) for r in runs if _volunteer(r)[0] == "ip"})

    def daily_counts(self, since: datetime) -> DailyCounts:
        uow = self.uow
        runs = [r for r in uow.task_runs.rows.values() if r.finish_time >= since]
        per_day: dict[str, Counter] = {name: Counter() for name in DAILY_FIGURES}
        for name, repository in (("users", uow.users), ("projects", uow.projects)):
            per_day[name].update(
                o.created.date() for o in repository.rows.values() if o.created >= since
            )
        per_day["tasks"].update(
            t.created.date() for t in uow.tasks.rows.values() if t.created >= since
        )
        per_day["task_runs"].update(r.finish_time.date() for r in runs)
        by_day = {(r.finish_time.date(), _volunteer(r)) for r in runs}
        per_day["active_users"].update(day for day, who in by_day if who[0] == "user")
        per_day["active_anonymous"].update(day for day, who in by_day if who[0] == "ip")
        return DailyCounts({name: dict(counts) for name, counts in per_day.items()})

    def project_outcomes(self, project_ids: list[int]) -> dict[int, ports.ProjectOutcomes]:
        return {project_id: _outcomes(self.uow, project_id) for project_id in project_ids}


def _outcomes(uow: FakeUnitOfWork, project_id: int) -> ports.ProjectOutcomes:
    runs = uow.task_runs.where(project_id=project_id)
    seconds = [(run.finish_time - run.created).total_seconds() for run in runs]
    results = uow.results.where(project_id=project_id, last_version=True)
    return ports.ProjectOutcomes(len(results), sum(seconds) / len(seconds) if seconds else 0.0)


def _volunteer(run: Any) -> tuple:
    """Who gave the run: a user, an app's external uid, or an anonymous IP."""
    if run.user_id is not None:
        return ("user", run.user_id)
    if run.external_uid is not None:
        return ("external", run.external_uid)
    return ("ip", run.user_ip)
