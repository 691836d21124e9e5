"""The read-only figures port: site-wide counts and each project's progress."""

import abc
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class GlobalStats:
    """Site-wide counts, as /api/globalstats reports them."""

    n_projects: int
    n_users: int
    n_tasks: int
    n_task_runs: int
    n_pending_tasks: int
    n_results: int
    published_per_category: dict[str, int] = field(default_factory=dict)
    n_featured: int = 0
    n_drafts: int = 0


@dataclass(frozen=True)
class ProjectStats:
    """A project's progress: tasks, completed tasks, distinct volunteers, their answers and
    when the latest one was given."""

    n_tasks: int = 0
    n_completed_tasks: int = 0
    n_volunteers: int = 0
    n_task_runs: int = 0
    last_activity: datetime | None = None

    @property
    def overall_progress(self) -> int:
        """The share of completed tasks, in whole percent (0 without tasks)."""
        return self.n_completed_tasks * 100 // self.n_tasks if self.n_tasks else 0


@dataclass(frozen=True)
class ProjectOutcomes:
    """What a project's answers came to: its current results, and how long an answer took on
    average (seconds from a task's serving to its answer; 0 without answers)."""

    n_results: int = 0
    average_time: float = 0.0


class StatsReader(abc.ABC):
    @abc.abstractmethod
    def global_stats(self) -> GlobalStats:
        """Return the site-wide counts."""

    @abc.abstractmethod
    def project_stats(self, project_ids: list[int]) -> dict[int, ProjectStats]:
        """Return the progress of each project (projects without tasks are absent)."""

    @abc.abstractmethod
    def project_outcomes(self, project_ids: list[int]) -> dict[int, ProjectOutcomes]:
        """Return each project's results and average answer time (projects without answers
        or results may be absent)."""
