"""What importing a PYBOSSA site needs: its database to read, and ours to fill in one go."""

import abc
from collections.abc import Iterator, Mapping
from typing import Any

from pybossa_core.tasks import Standing


class PybossaSource(abc.ABC):
    """A PYBOSSA database, only ever read."""

    @abc.abstractmethod
    def count(self, table: str) -> int | None:
        """The rows in one of its tables; None when this PYBOSSA has no such table."""

    @abc.abstractmethod
    def rows(self, kind: str) -> Iterator[dict[str, Any]]:
        """A kind's rows (pybossa_core.site_import.KINDS), streamed, each a dict of the
        columns this PYBOSSA has: by id, except users by lower-cased name then id and task
        runs by task then id (so collisions and duplicates arrive next to each other)."""


class SiteImportTarget(abc.ABC):
    """This project's database receiving an import: one transaction from `with` to commit;
    leaving the `with` without `commit` rolls everything back."""

    @abc.abstractmethod
    def __enter__(self) -> "SiteImportTarget":
        """Begin the transaction."""

    @abc.abstractmethod
    def __exit__(self, *exc_info) -> None:
        """Roll back unless committed; release the connection."""

    @abc.abstractmethod
    def is_empty(self) -> bool:
        """True when no user, project or task is stored yet."""

    @abc.abstractmethod
    def remove_categories(self) -> None:
        """Remove the categories a migrated database starts with (no project uses them yet),
        which the imported ones replace."""

    @abc.abstractmethod
    def insert(self, kind: str, rows: list[dict[str, Any]]) -> None:
        """Store rows of one kind, with their ids."""

    @abc.abstractmethod
    def count_runs(self, standings_by_state: Mapping[str, frozenset[Standing]]) -> None:
        """Give every task its number of runs, then the state its kind of task is in (judged
        by its own n_answers): pybossa_core.tasks.standings_by_state()."""

    @abc.abstractmethod
    def completed_without_result(self) -> Iterator[tuple[int, int, list[int]]]:
        """(project id, task id, run ids in id order) of each completed task that has no
        current result."""

    @abc.abstractmethod
    def continue_ids(self) -> None:
        """Make the next id of every kind follow the highest imported one."""

    @abc.abstractmethod
    def commit(self) -> None:
        """Make everything durable."""
