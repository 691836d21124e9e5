"""The throw-away PostgreSQL database: create, bulk-load tasks, analyse, explain, drop."""

import contextlib
from collections.abc import Iterator

import psycopg2

from benchmarks.config import N_ANSWERS

EXPLAIN_RUNS = 5

LOAD_TASKS = """
INSERT INTO task (created, project_id, state, quorum, calibration, priority_0, n_answers,
                  info, n_task_runs)
SELECT now() AT TIME ZONE 'utc', %(project_id)s, 'ongoing', 0, 0, 0.0, %(n_answers)s,
       jsonb_build_object('question', 'Is there a bird in picture ' || g || '?',
                          'url', 'https://example.org/birds/' || g || '.jpg'),
       0
FROM generate_series(1, %(count)s) AS g
"""


@contextlib.contextmanager
def connect(url: str, autocommit: bool = True) -> Iterator[psycopg2.extensions.connection]:
    """A psycopg2 connection, closed on exit."""
    connection = psycopg2.connect(url)
    connection.autocommit = autocommit
    try:
        yield connection
    finally:
        connection.close()


def create_database(admin_url: str, name: str) -> None:
    """CREATE DATABASE name (the name is ours: pbf_bench_<hex>)."""
    with connect(admin_url) as connection, connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    """DROP DATABASE name, ending any session still connected to it."""
    with connect(admin_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def load_tasks(url: str, project_id: int, count: int) -> None:
    """Bulk-load `count` ongoing tasks into the project with one INSERT ... SELECT."""
    with connect(url, autocommit=False) as connection, connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            LOAD_TASKS, {"project_id": project_id, "count": count, "n_answers": N_ANSWERS}
        )
        connection.commit()


def analyze(url: str) -> None:
    """VACUUM ANALYZE the tables (autovacuum may be off): fresh statistics, visibility map."""
    with connect(url) as connection, connection.cursor() as cursor:
        for table in ("task", "task_run", "project", '"user"'):
            cursor.execute(f"VACUUM ANALYZE {table}")


def task_ids(url: str, project_id: int) -> tuple[int, int]:
    """The lowest and highest task id of the project."""
    with connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM task WHERE project_id = %s", (project_id,))
        low, high = cursor.fetchone()
        return low, high


def explain(url: str, sql: str, params: dict | tuple = ()) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of one statement, rolled back, as plan lines.

    The statement runs twice first on the same connection, so the plan shows a warm backend
    (catalog caches filled, pages in shared buffers) as a pooled server connection is; of
    `EXPLAIN_RUNS` plans the fastest is kept, so a preempted run does not count.
    """
    with connect(url, autocommit=False) as connection, connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(sql, params)
            cursor.fetchall()
        plans = []
        for _ in range(EXPLAIN_RUNS):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plans.append([row[0] for row in cursor.fetchall()])
        connection.rollback()
        return min(plans, key=_execution_ms)


def _execution_ms(lines: list[str]) -> float:
    found = [line for line in lines if line.startswith("Execution Time:")]
    return float(found[0].split(":")[1].split()[0]) if found else 0.0


def server_facts(url: str) -> dict[str, str]:
    """PostgreSQL version and the settings that shape these numbers."""
    names = ("shared_buffers", "synchronous_commit", "fsync", "max_connections", "autovacuum")
    with connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        facts = {"server_version": cursor.fetchone()[0]}
        for name in names:
            cursor.execute(f"SHOW {name}")
            facts[name] = cursor.fetchone()[0]
        return facts
