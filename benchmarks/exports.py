"""Exports under gunicorn: the serving worker's peak memory and the throughput of streaming
10,000 and 1,000,000 task runs as CSV and NDJSON. Memory must not grow with the size.

Each project is created through the API, then filled by SQL (tasks of RUNS_PER_TASK answers
each, small `info` objects). Before each export every worker's peak RSS is reset (writing 5
to /proc/<pid>/clear_refs; where that is refused, the peak since the worker started is read
instead), the export is read as a stream and thrown away, and the worker that served it (the
one whose CPU time grew) reports its RSS before and its peak (VmHWM) during the export.
`python -m benchmarks.exports` runs this part alone on a fresh database.
"""

import dataclasses
import http.client
import json
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from benchmarks import cpu, database, fixtures, standalone
from benchmarks.config import BenchConfig

EXPORT_FORMATS = ("csv", "ndjson")
RUNS_PER_TASK = 10
READ_BYTES = 1 << 16
READ_TIMEOUT = 300
PROC = Path("/proc")

SEED_TASKS = """
INSERT INTO task (created, project_id, state, quorum, calibration, priority_0, n_answers,
                  info, n_task_runs)
SELECT now() AT TIME ZONE 'utc', %(project_id)s, 'completed', 0, 0, 0.0, %(per_task)s,
       jsonb_build_object('url', 'https://example.org/birds/' || g || '.jpg'), %(per_task)s
FROM generate_series(1, %(tasks)s) AS g
"""
SEED_RUNS = """
INSERT INTO task_run (created, finish_time, project_id, task_id, external_uid, info)
SELECT now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc', t.project_id, t.id,
       'volunteer-' || v,
       jsonb_build_object('answer', CASE WHEN (t.id + v) %% 3 = 0 THEN 'no' ELSE 'yes' END,
                          'seconds', v * 1.5)
FROM task t CROSS JOIN generate_series(1, %(per_task)s) AS v
WHERE t.project_id = %(project_id)s
ORDER BY t.id, v
"""


@dataclass(frozen=True)
class ExportMeasure:
    """One export: its size and format, how long it took, what the serving worker used."""

    runs: int
    export_format: str
    seconds: float
    rows: int
    sent_bytes: int
    complete: bool
    worker_pid: int
    rss_before_kib: int
    peak_kib: int
    peak_reset: bool

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def growth_kib(self) -> int:
        return self.peak_kib - self.rss_before_kib

    def to_json(self) -> dict:
        """The fields and the derived rates, for the JSON results."""
        return {
            **dataclasses.asdict(self),
            "rows_per_second": self.rows_per_second,
            "growth_kib": self.growth_kib,
        }


def seed_project(config: BenchConfig, base_url: str, api_key: str, runs: int) -> int:
    """A draft project holding `runs` task runs; its id."""
    created = fixtures.call(
        "POST",
        f"{base_url}/api/project?api_key={api_key}",
        {
            "name": f"Exports {runs}",
            "short_name": f"exports{runs}",
            "description": f"{runs} answers to export",
        },
    )
    project_id = int(json.loads(created)["id"])
    params = {"project_id": project_id, "per_task": RUNS_PER_TASK, "tasks": runs // RUNS_PER_TASK}
    with (
        database.connect(config.database_url, autocommit=False) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(SEED_TASKS, params)
        cursor.execute(SEED_RUNS, params)
        connection.commit()
    with database.connect(config.database_url) as connection, connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE task_run")
    return project_id


def _status(pid: int) -> dict[str, str]:
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _kib(status: dict[str, str], name: str) -> int:
    return int(status.get(name, "0 kB").split()[0])


def workers(master_pid: int) -> list[int]:
    """The live worker processes of a gunicorn master."""
    return sorted(
        int(entry.name)
        for entry in PROC.iterdir()
        if entry.name.isdigit()
        and _status(int(entry.name)).get("PPid", "").strip() == str(master_pid)
    )


def _reset_peak(pid: int) -> bool:
    """Restart the process's peak RSS (VmHWM) from its current RSS; False when refused."""
    try:
        (PROC / str(pid) / "clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _read_all(base_url: str, path: str) -> tuple[int, int, bool]:
    """GET the export as a stream, counting its bytes and lines: (bytes, lines, complete)."""
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=READ_TIMEOUT)
    sent = lines = 0
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"export answered {response.status}: {response.read()[:500]!r}")
        while chunk := response.read(READ_BYTES):
            sent, lines = sent + len(chunk), lines + chunk.count(b"\n")
        return sent, lines, True
    except http.client.IncompleteRead as cut:  # the worker died (its timeout) mid-stream
        return sent + len(cut.partial), lines + cut.partial.count(b"\n"), False
    finally:
        connection.close()


def measure_export(
    base_url: str, master_pid: int, api_key: str, project_id: int, runs: int, export_format: str
) -> ExportMeasure:
    """Stream one export and read what the worker that served it used."""
    pids = workers(master_pid)
    reset = all([_reset_peak(pid) for pid in pids])
    before = {pid: (_kib(_status(pid), "VmRSS"), cpu.process_seconds(pid) or 0.0) for pid in pids}
    path = f"/api/project/{project_id}/export?type=taskrun&format={export_format}&api_key={api_key}"
    started = time.monotonic()
    sent, lines, complete = _read_all(base_url, path)
    seconds = time.monotonic() - started
    serving = max(
        pids, key=lambda pid: (cpu.process_seconds(pid) or before[pid][1]) - before[pid][1]
    )
    rows = lines - 1 if export_format == "csv" else lines
    return ExportMeasure(
        runs,
        export_format,
        seconds,
        rows,
        sent,
        complete,
        serving,
        before[serving][0],
        _kib(_status(serving), "VmHWM"),
        reset,
    )


def measure_exports(
    config: BenchConfig, base_url: str, master_pid: int, api_key: str, say
) -> list[ExportMeasure]:
    """Seed a project per size, then export each as CSV and NDJSON, smallest first."""
    found = []
    for runs in config.sizes.export_runs:
        say(f"exports: seeding {runs:,} task runs by SQL")
        project_id = seed_project(config, base_url, api_key, runs)
        for export_format in EXPORT_FORMATS:
            m = measure_export(base_url, master_pid, api_key, project_id, runs, export_format)
            say(
                f"  {runs:,} runs as {export_format}: {m.rows:,} rows in {m.seconds:.1f} s "
                f"({m.rows_per_second:,.0f} rows/s), worker RSS {m.rss_before_kib / 1024:.1f}"
                f" MiB, peak {m.peak_kib / 1024:.1f} MiB" + ("" if m.complete else ", CUT SHORT")
            )
            found.append(m)
    return found


def main() -> int:
    """Only this part: a fresh database, the server, the exports; JSON on stdout."""
    from benchmarks import run  # run imports this module

    measures = standalone.run_alone(
        "exports",
        lambda config, app, api_key: measure_exports(
            config, app.base_url, app.process.pid, api_key, run.say
        ),
    )
    print(json.dumps([m.to_json() for m in measures], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
