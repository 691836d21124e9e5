"""The embedded server's SQLite file: its owner, bulk-loaded tasks (a recursive CTE), ANALYZE."""

import contextlib
import datetime
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from benchmarks import fixtures
from benchmarks.config import N_ANSWERS, BenchConfig

BUSY_MS = 30_000  # the server may hold the write lock for a moment; wait for it

# SQLite has no generate_series without an extension; a recursive CTE counts instead.
LOAD_TASKS = """
INSERT INTO task (created, project_id, state, quorum, calibration, priority_0, n_answers,
                  info, n_task_runs)
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :count)
SELECT :created, :project_id, 'ongoing', 0, 0, 0.0, :n_answers,
       json_object('question', 'Is there a bird in picture ' || n || '?',
                   'url', 'https://example.org/birds/' || n || '.jpg'),
       0
FROM g
"""


def database_path(data_dir: Path) -> Path:
    """Where the embedded default keeps its database when the server runs in data_dir."""
    return data_dir / "var" / "pybossa.db"


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the server's SQLite file (WAL: it reads and writes beside the server)."""
    connection = sqlite3.connect(path, timeout=BUSY_MS / 1000)
    try:
        yield connection
    finally:
        connection.close()


def prepare(config: BenchConfig, data_dir: Path) -> str:
    """A new SQLite file under data_dir at the newest schema; its owner's api key."""
    return fixtures.migrate_and_create_owner(config, None, data_dir)


def load_tasks(path: Path, project_id: int, count: int) -> None:
    """Bulk-load `count` ongoing tasks into the project with one INSERT ... SELECT."""
    # SQLAlchemy's SQLite DateTime is text in this format.
    created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with connect(path) as connection:
        connection.execute(
            LOAD_TASKS,
            {"count": count, "created": created, "project_id": project_id, "n_answers": N_ANSWERS},
        )
        connection.commit()


def analyze(path: Path) -> None:
    """ANALYZE, as the PostgreSQL fixture does: the planner sees the loaded tables."""
    with connect(path) as connection:
        connection.execute("ANALYZE")


def task_ids(path: Path, project_id: int) -> tuple[int, int]:
    """The lowest and highest task id of the project."""
    with connect(path) as connection:
        row = connection.execute(
            "SELECT min(id), max(id) FROM task WHERE project_id = ?", (project_id,)
        ).fetchone()
    return row[0], row[1]
