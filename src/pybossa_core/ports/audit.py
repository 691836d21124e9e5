"""The audit log port: where the changes of projects' settings are kept."""

import abc

from pybossa_core.audit import AuditEntry


class AuditLogRepository(abc.ABC):
    """The entries of every project's audit log; never commits on its own."""

    @abc.abstractmethod
    def add(self, entry: AuditEntry) -> None:
        """Stage an entry; it commits with the change it logs."""

    @abc.abstractmethod
    def for_project(self, project_id: int, offset: int, limit: int) -> list[AuditEntry]:
        """Return one page of the project's entries, newest first."""

    @abc.abstractmethod
    def count_for_project(self, project_id: int) -> int:
        """Return how many entries the project's log holds."""
