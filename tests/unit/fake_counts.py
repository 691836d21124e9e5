"""What the fakes derive from stored rows: whose a run is, unique keys, ranks, site counts."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pybossa_core import gold, ports
from pybossa_core.tasks import COMPLETED
from pybossa_core.volunteers import Volunteer

if TYPE_CHECKING:
    from .fakes import FakeUnitOfWork


def by(run: Any, volunteer: Volunteer) -> bool:
    """True when the run is the volunteer's (an anonymous volunteer owns only anonymous runs)."""
    if volunteer.user_id is not None:
        return run.user_id == volunteer.user_id
    if volunteer.external_uid is not None:
        return run.external_uid == volunteer.external_uid
    return run.user_id is None and run.external_uid is None and run.user_ip == volunteer.user_ip


def run_keys(run: Any) -> list[tuple]:
    """The run's entries in each partial unique index that covers it."""
    keys = []
    if run.user_id is not None:
        keys.append((run.task_id, "user_id", run.user_id))
    if run.external_uid is not None:
        keys.append((run.task_id, "external_uid", run.external_uid))
    if run.user_id is None and run.external_uid is None and run.user_ip is not None:
        keys.append((run.task_id, "user_ip", run.user_ip))
    return keys


def accuracy_rows(runs: list[Any]) -> list[gold.VolunteerAccuracy]:
    """The scored runs summed per (user_id, external_uid): users by id, then external uids,
    then every anonymous run together, as the SQL groups them."""
    scores: dict[tuple, list[float]] = {}
    for run in runs:
        if run.gold_score is not None:
            scores.setdefault((run.user_id, run.external_uid), []).append(run.gold_score)
    order = sorted(scores, key=lambda k: (k[0] is None, k[0] or 0, k[1] is None, k[1] or ""))
    return [gold.VolunteerAccuracy(user_id, uid, gold.Accuracy.of(scores[(user_id, uid)]))
            for user_id, uid in order]


def ranked(uow: FakeUnitOfWork) -> list[ports.Contributor]:
    """Every user with their score (task runs given), best first, ties by id; rank 1 = best."""
    scores = Counter(run.user_id for run in uow.task_runs.rows.values())
    users = sorted(uow.users.rows.values(), key=lambda u: (-scores[u.id], u.id))
    return [ports.Contributor(user=u, score=scores[u.id], rank=n)
            for n, u in enumerate(users, start=1)]


class FakeStatsReader(ports.StatsReader):
    """Counts what the fake repositories hold; pending tasks are those not completed."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    def global_stats(self) -> ports.GlobalStats:
        uow = self.uow
        projects = list(uow.projects.rows.values())
        published = [p for p in projects if p.published]
        return ports.GlobalStats(
            n_projects=len(projects), n_users=len(uow.users.rows),
            n_tasks=len(uow.tasks.rows), n_task_runs=len(uow.task_runs.rows),
            n_pending_tasks=sum(t.state != COMPLETED for t in uow.tasks.rows.values()),
            n_results=len(uow.results.rows),
            published_per_category={
                c.short_name: sum(p.category_id == c.id for p in published)
                for c in uow.categories.rows.values()},
            n_featured=sum(p.featured for p in projects),
            n_drafts=len(projects) - len(published))

    def project_stats(self, project_ids: list[int]) -> dict[int, ports.ProjectStats]:
        found = {}
        for project_id in project_ids:
            tasks = self.uow.tasks.where(project_id=project_id)
            if not tasks:
                continue
            runs = self.uow.task_runs.where(project_id=project_id)
            found[project_id] = ports.ProjectStats(
                n_tasks=len(tasks), n_completed_tasks=sum(t.state == COMPLETED for t in tasks),
                n_volunteers=len({_volunteer(run) for run in runs}), n_task_runs=len(runs),
                last_activity=max((run.finish_time for run in runs), default=None))
        return found


def _volunteer(run: Any) -> tuple:
    """Who gave the run: a user, an app's external uid, or an anonymous IP."""
    if run.user_id is not None:
        return ("user", run.user_id)
    if run.external_uid is not None:
        return ("external", run.external_uid)
    return ("ip", run.user_ip)
