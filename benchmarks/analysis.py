"""EXPLAIN ANALYZE of the query newtask runs, as the server builds it, and its cost per call."""

import re
import statistics
import time
from dataclasses import dataclass

from benchmarks import database

# What adapters.sql.scheduling builds for an external volunteer in depth-first order; used
# only if that module can no longer be imported the way this benchmark expects.
FALLBACK_CANDIDATES = (
    "SELECT task.id, task.created, task.project_id, task.state, task.quorum, "
    "task.calibration, task.priority_0, task.n_answers, task.info, task.fav_user_ids, "
    "task.n_task_runs FROM task WHERE task.project_id = {project_id} AND task.state = "
    "'ongoing' AND NOT (EXISTS (SELECT 1 FROM task_run WHERE task_run.task_id = task.id "
    "AND task_run.external_uid = '{uid}')) ORDER BY task.priority_0 DESC, task.id ASC "
    "LIMIT 1 OFFSET 0"
)

HISTORY_RUNS = """
INSERT INTO task_run (created, finish_time, project_id, task_id, external_uid, info)
SELECT now(), now(), t.project_id, t.id, 'history-' || v, '{"answer": "no"}'
FROM task t CROSS JOIN generate_series(1, %(per_task)s) AS v
WHERE t.project_id = %(project_id)s
"""


@dataclass(frozen=True)
class Plan:
    """One EXPLAIN (ANALYZE, BUFFERS): what was asked, the plan, and its headline numbers."""

    label: str
    sql: str
    lines: list[str]
    execution_ms: float
    planning_ms: float

    @property
    def seq_scans(self) -> list[str]:
        """The tables read in full."""
        return sorted(
            {m.group(1) for line in self.lines if (m := re.search(r"Seq Scan on (\w+)", line))}
        )


def candidate_sql(project_id: int, uid: str) -> tuple[str, str]:
    """The candidate SELECT newtask runs for an external volunteer, and where it came from."""
    try:
        from sqlalchemy.dialects import postgresql

        from adapters.sql import orm, scheduling
        from pybossa_core import ports
        from pybossa_core.volunteers import Volunteer

        orm.start_mappers()
        statement = scheduling.candidates(
            project_id, Volunteer(external_uid=uid), ports.BY_PRIORITY, 1, 0
        )
        compiled = statement.compile(
            dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
        )
        return " ".join(str(compiled).split()), "adapters.sql.scheduling.candidates"
    except Exception as exc:  # noqa: BLE001 - the benchmark must not die on a refactoring
        return FALLBACK_CANDIDATES.format(project_id=project_id, uid=uid), f"fallback ({exc})"


def explain(url: str, label: str, sql: str) -> Plan:
    """EXPLAIN (ANALYZE, BUFFERS) the statement on a warm connection."""
    lines = database.explain(url, sql)
    return Plan(label, sql, lines, _ms(lines, "Execution Time"), _ms(lines, "Planning Time"))


def load_history(url: str, project_id: int, per_task: int) -> int:
    """Give every task of a project `per_task` answers by other volunteers; the new run count."""
    with database.connect(url, autocommit=False) as connection, connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(HISTORY_RUNS, {"per_task": per_task, "project_id": project_id})
        cursor.execute(
            "UPDATE task SET n_task_runs = n_task_runs + %s WHERE project_id = %s",
            (per_task, project_id),
        )
        connection.commit()
    database.analyze(url)
    return count_runs(url)


def count_runs(url: str) -> int:
    """Rows in task_run, all projects together."""
    with database.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM task_run")
        return cursor.fetchone()[0]


def _ms(lines: list[str], name: str) -> float:
    for line in lines:
        if line.strip().startswith(name):
            return float(line.split(":")[1].strip().split()[0])
    return 0.0


@dataclass(frozen=True)
class StatementCost:
    """Median milliseconds per execution of the candidate query, as sent now and prepared."""

    plain_ms: float
    prepared_ms: float
    executions: int


def statement_cost(url: str, project_id: int, executions: int = 300) -> StatementCost:
    """Time the candidate query for new volunteers: planned every time vs PREPAREd once."""
    sql, _ = candidate_sql(project_id, "UIDTOKEN")
    with database.connect(url) as connection, connection.cursor() as cursor:
        plain = _timed(
            cursor, executions, lambda n: cursor.execute(sql.replace("'UIDTOKEN'", f"'cost-{n}'"))
        )
        cursor.execute("PREPARE bench_candidates(text) AS " + sql.replace("'UIDTOKEN'", "$1"))
        prepared = _timed(
            cursor,
            executions,
            lambda n: cursor.execute("EXECUTE bench_candidates(%s)", (f"prep-{n}",)),
        )
        cursor.execute("DEALLOCATE bench_candidates")
    return StatementCost(plain, prepared, executions)


def _timed(cursor, executions: int, execute) -> float:
    for n in range(20):
        execute(-n - 1)
        cursor.fetchall()
    took = []
    for n in range(executions):
        started = time.perf_counter()
        execute(n)
        cursor.fetchall()
        took.append(time.perf_counter() - started)
    return statistics.median(took) * 1000
