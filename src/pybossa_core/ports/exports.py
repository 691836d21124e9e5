"""The export port: one project's tasks, task runs or results, read as a stream of plain rows.

It is not part of the unit of work: a stream outlives the transaction of the use case that
checked who may read it, so the reader reads on a connection of its own and gives it back
once the stream is exhausted or closed.
"""

import abc
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

# The fields of each exported kind, `id` first and `info` last: those the API shows. Tasks
# and task runs go to their project's owner and admins only, so tasks carry their gold
# answers and import keys, task runs their gold scores; results carry nothing the public
# API hides.
EXPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "task": (
        "id",
        "created",
        "project_id",
        "state",
        "quorum",
        "calibration",
        "priority_0",
        "n_answers",
        "fav_user_ids",
        "gold_answers",
        "dedupe_key",
        "info",
    ),
    "taskrun": (
        "id",
        "created",
        "project_id",
        "task_id",
        "user_id",
        "user_ip",
        "finish_time",
        "timeout",
        "calibration",
        "external_uid",
        "media_url",
        "gold_score",
        "info",
    ),
    "result": ("id", "created", "project_id", "task_id", "task_run_ids", "last_version", "info"),
}

# The fields of the admins' export of every user (/admin/users/export), as PYBOSSA's: who they
# are and how to reach them, never a credential (password hash, api key).
USER_EXPORT_FIELDS = ("id", "name", "fullname", "email_addr", "created", "locale", "admin")

# A lazy stream of rows; `close()` gives its connection back before the end.
ExportRows = Generator[dict[str, Any], None, None]


@dataclass(frozen=True)
class InfoLayout:
    """The shape of `info` over an export's rows.

    `keys`: the top-level keys of the `info` objects, sorted; `other`: some row's `info` is
    a value that is not an object (a string, a number, a list...).
    """

    keys: tuple[str, ...]
    other: bool


class ExportReader(abc.ABC):
    """Reads the rows of one kind (task, taskrun, result) of one project, in id order."""

    @abc.abstractmethod
    def info_layout(self, kind: str, project_id: int) -> InfoLayout:
        """Return the shape of `info` over the project's rows of `kind`."""

    @abc.abstractmethod
    def rows(self, kind: str, project_id: int) -> ExportRows:
        """Return the project's rows of `kind` by id, as dicts of EXPORT_FIELDS[kind].

        Nothing is read before the first row is asked for; the stream reads in batches
        (memory stays flat whatever the project's size) and releases its connection when
        exhausted or closed.
        """

    @abc.abstractmethod
    def user_rows(self) -> ExportRows:
        """Return every user by id, as dicts of USER_EXPORT_FIELDS, read in batches as
        `rows` reads (memory stays flat whatever the number of users)."""
