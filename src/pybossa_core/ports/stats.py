"""The read-only figures port: site-wide counts and each project's progress."""

import abc
from dataclasses import dataclass, field
from datetime import date, datetime

from pybossa_core.users import User


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
class ProjectAnswers:
    """A published project with the answers it received over some period."""

    project_id: int
    name: str
    short_name: str
    n_answers: int


@dataclass(frozen=True)
class UserAnswers:
    """A user with the answers they gave over some period."""

    user: User
    n_answers: int


# The figures of DailyCounts: new users, projects, tasks and answers, and the distinct
# signed-in and anonymous (by IP) volunteers who answered, per day.
DAILY_FIGURES = ("users", "projects", "tasks", "task_runs", "active_users", "active_anonymous")


@dataclass(frozen=True)
class DailyCounts:
    """Per figure of DAILY_FIGURES, the count of each day that has one (days without are
    absent)."""

    per_day: dict[str, dict[date, int]]


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
    def top_projects_since(self, since: datetime, limit: int) -> list[ProjectAnswers]:
        """Return the published projects with the most answers finished at or after `since`,
        most first (ties by id)."""

    @abc.abstractmethod
    def top_users_since(self, since: datetime, limit: int) -> list[UserAnswers]:
        """Return the users with the most answers finished at or after `since`, most first
        (ties by id)."""

    @abc.abstractmethod
    def n_anonymous_volunteers(self) -> int:
        """Return how many distinct anonymous volunteers (by IP, without a user or an
        external uid) ever answered."""

    @abc.abstractmethod
    def daily_counts(self, since: datetime) -> DailyCounts:
        """Return the figures of DAILY_FIGURES per day (UTC dates) from `since` on: one
        grouped query per table."""

    @abc.abstractmethod
    def project_outcomes(self, project_ids: list[int]) -> dict[int, ProjectOutcomes]:
        """Return each project's results and average answer time (projects without answers
        or results may be absent)."""
