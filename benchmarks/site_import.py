"""The import of a PYBOSSA site as an operator runs it (`pybossa-falcon db import-pybossa`):
a PYBOSSA-shaped source of N task runs (tests/integration/pybossa_source.py, ten runs per
task) imported into a fresh, migrated PostgreSQL database, for two sizes of N. Each is timed
end to end, and the command's peak memory (its maximum RSS) is read by a small parent process
that has no other child: the two peaks show whether memory grows with the rows.
`python -m benchmarks.site_import` runs this part alone.
"""

import dataclasses
import json
import subprocess
import sys
import time
from dataclasses import dataclass

from benchmarks import database, fixtures
from benchmarks.config import ROOT, VENV_BIN, BenchConfig
from benchmarks.targets import SITE_IMPORT_MEMORY_RATIO, SITE_IMPORT_SECONDS

RUNS_PER_TASK = 10
TIMEOUT = 900
# Runs the command as its only child; prints the child's exit status and peak RSS (KiB).
MEASURING_PARENT = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'{done.returncode} {peak}\\n')\n"
    "sys.stdout.buffer.write(done.stdout)\n"
)


@dataclass(frozen=True)
class SiteImportMeasure:
    """One import: the source's size, the time, the peak memory, what the report says."""

    task_runs: int
    seconds: float
    peak_rss_kib: int
    imported_runs: int

    def to_json(self) -> dict:
        return {
            **dataclasses.asdict(self),
            "runs_per_second": self.task_runs / self.seconds if self.seconds else 0.0,
        }


def measure(config: BenchConfig, say) -> dict:
    """Both sizes, the larger one's time against its target, and the memory ratio."""
    found = [_one(config, runs, say) for runs in config.sizes.site_import_runs]
    small, large = found[0], found[-1]
    ratio = large.peak_rss_kib / small.peak_rss_kib if small.peak_rss_kib else 0.0
    return {
        "imports": [m.to_json() for m in found],
        "target_seconds": SITE_IMPORT_SECONDS,
        "seconds_met": large.seconds < SITE_IMPORT_SECONDS,
        "memory_ratio": ratio,
        "target_memory_ratio": SITE_IMPORT_MEMORY_RATIO,
        "memory_met": ratio <= SITE_IMPORT_MEMORY_RATIO,
    }


def _one(config: BenchConfig, runs: int, say) -> SiteImportMeasure:
    from tests.integration.pybossa_source import create_source, drop_source, seed_bulk

    source_name, target = f"{config.database}_src{runs}", f"{config.database}_site{runs}"
    source_url = create_source(config.pg_admin_url, source_name)
    database.create_database(config.pg_admin_url, target)
    target_url = config.pg_admin_url.rsplit("/", 1)[0] + "/" + target
    try:
        seed_bulk(source_url, tasks=max(1, runs // RUNS_PER_TASK), runs_per_task=RUNS_PER_TASK)
        fixtures.cli(config, "db", "upgrade", database_url=target_url)
        measured = _timed_import(config, source_url, target_url, runs)
    finally:
        drop_source(config.pg_admin_url, source_name)
        database.drop_database(config.pg_admin_url, target)
    say(
        f"  PYBOSSA site of {runs:,} task runs imported in {measured.seconds:.1f} s, "
        f"peak memory {measured.peak_rss_kib / 1024:.1f} MiB"
    )
    return measured


def _timed_import(
    config: BenchConfig, source_url: str, target_url: str, runs: int
) -> SiteImportMeasure:
    env = {
        "PATH": str(VENV_BIN),
        "DATABASE_URL": target_url,
        "PYTHONPATH": config.python_path,
        "SECRET_KEY": f"bench-{config.run_id}",
    }
    command = [
        str(VENV_BIN / "pybossa-falcon"),
        "db",
        "import-pybossa",
        "--from",
        source_url,
        "--json",
    ]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURING_PARENT, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    seconds = time.perf_counter() - started
    status, peak = (int(part) for part in done.stderr.split()[-2:])
    if status != 0:
        raise RuntimeError(f"db import-pybossa failed ({status}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return SiteImportMeasure(runs, seconds, peak, report["kinds"]["task_run"]["imported"])


def main() -> int:
    config = BenchConfig.from_env(smoke="--smoke" in sys.argv)
    print(json.dumps(measure(config, print), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
