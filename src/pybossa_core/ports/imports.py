"""The port bulk imports write through: many new tasks at once, inside the unit of work."""

import abc
from collections.abc import Sequence

from pybossa_core.task_imports import NewTask


class TaskImportWriter(abc.ABC):
    """Adds imported tasks in the unit of work's transaction; never commits on its own."""

    @abc.abstractmethod
    def add_many(self, tasks: Sequence[NewTask]) -> int:
        """Add the tasks and return how many were added: a task whose dedupe_key its project
        already holds (stored, or added earlier in this transaction) is skipped."""
