"""`python -m benchmarks.run` (`make bench`): set up, drive every case, report, clean up."""
import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path

import redis

from benchmarks import (
    analysis,
    cases,
    database,
    exports,
    facts,
    fixtures,
    imports,
    profiling,
    report,
    servers,
    snapshot,
)
from benchmarks.config import LARGE_TASKS, MAIN_TASKS, REPORT_PATH, ROOT, SMALL_TASKS, BenchConfig
from benchmarks.report import Bench

HISTORY_PER_TASK = 20  # answers by others per task of the 10,000-task project: 200,000 runs
STARTED = time.monotonic()


def say(message: str) -> None:
    """Progress on standard error, with the time since the start."""
    print(f"[bench {time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def load_projects(config: BenchConfig, app: servers.Server, api_key: str) -> dict:
    """The 100,000-task project, the 10,000-task one and, with BENCH_LARGE, 1,000,000."""
    sizes = {"main": MAIN_TASKS, "small": SMALL_TASKS}
    if config.large:
        sizes["large"] = LARGE_TASKS
    projects = {}
    for name, size in sizes.items():
        say(f"loading a project of {size:,} tasks")
        projects[name] = fixtures.create_project(config, app.base_url, api_key, size)
    database.analyze(config.database_url)
    return projects


def candidate_plans(config: BenchConfig, projects: dict, when: str) -> list[analysis.Plan]:
    """EXPLAIN ANALYZE of newtask's candidate query on each project."""
    plans = []
    for project in projects.values():
        sql, _ = analysis.candidate_sql(project.id, f"explain-{when}")
        plans.append(analysis.explain(config.database_url,
                                      f"{project.size:,} tasks, {when}", sql))
    return plans


def measure(bench: Bench, case: cases.Case, drive, bases: dict, pids: dict) -> None:
    """Run one case and keep its result; show the server's log when requests failed."""
    say(f"case: {case.label}")
    result = cases.run_case(case, bench.config, bases, pids, drive)
    bench.results[case.key] = result
    m = result.measurement
    say(f"  {m.rps:.1f} req/s, p50 {m.p50_ms:.1f} ms, p99 {m.p99_ms:.1f} ms, errors {m.errors}"
        f", attempts {result.attempts}")
    if m.errors:
        server = next(s for s in bench.servers if s.name.startswith(
            "limits" if case.server == "limits" else "pybossa"))
        say(f"  {case.server} server log tail:\n{server.errors()}")


def drive_cases(bench: Bench, projects: dict, drive, bases: dict, pids: dict) -> None:
    """Every case, reads before writes; the diagnostics in between."""
    main, small, tag = projects["main"], projects["small"], f"vol-{bench.config.run_id}"
    measure(bench, cases.read_limit(main), drive, bases, pids)
    measure(bench, cases.newtask("newtask", f"newtask ({main.size:,} tasks)", main,
                                 f"{tag}-m"), drive, bases, pids)
    measure(bench, cases.newtask("newtask_small", f"newtask ({small.size:,} tasks)", small,
                                 f"{tag}-s"), drive, bases, pids)
    if "large" in projects:
        large = projects["large"]
        measure(bench, cases.newtask("newtask_large", f"newtask ({large.size:,} tasks)", large,
                                     f"{tag}-l"), drive, bases, pids)
    measure(bench, cases.task_list(main), drive, bases, pids)
    say("profiling newtask, the cycle and the task list in-process")
    bench.profiles = profiling.profile(bench.config, main)
    measure(bench, cases.cycle(main, f"{tag}-c"), drive, bases, pids)
    measure(bench, cases.write_limit(main), drive, bases, pids)
    say("timing the candidate query: planned on every call, then prepared")
    bench.statement_cost = analysis.statement_cost(bench.config.database_url, main.id)
    history(bench, projects, drive, bases, pids)


def history(bench: Bench, projects: dict, drive, bases: dict, pids: dict) -> None:
    """newtask again once task_run holds 200,000 answers of another project."""
    main, url = projects["main"], bench.config.database_url
    sql, bench.sql_source = analysis.candidate_sql(main.id, "explain-history")
    bench.plans.append(analysis.explain(url, f"{main.size:,} tasks, "
                                        f"{analysis.count_runs(url):,} task runs", sql))
    say("adding 200,000 task runs to the 10,000-task project")
    runs = analysis.load_history(url, projects["small"].id, HISTORY_PER_TASK)
    bench.history_runs = runs
    bench.plans.append(analysis.explain(url, f"{main.size:,} tasks, {runs:,} task runs", sql))
    scoped = analysis.scoped_variant(sql)
    if scoped:
        bench.plans.append(analysis.explain(
            url, f"{main.size:,} tasks, {runs:,} task runs, probe scoped by project", scoped))
    measure(bench, cases.newtask("newtask_history",
                                 f"newtask ({main.size:,} tasks, {runs:,} task runs stored)",
                                 main, f"vol-{bench.config.run_id}-h"), drive, bases, pids)


def benchmark(config: BenchConfig, log_dir: Path, started: list) -> Bench:
    """Set up, measure, analyse; `started` collects the servers for the caller to stop."""
    src, described = snapshot.take(log_dir, config.revision or None)
    config = dataclasses.replace(config, src_path=str(src))
    bench = Bench(config, facts.collect(config.pg_admin_url, config.redis_url), described)
    drive = cases.generator(config)
    bench.generator = cases.wrk.version() if drive is cases.wrk.run else "Python client"
    say(f"load generator: {bench.generator}; database {config.database}")
    api_key = fixtures.prepare_database(config)
    bench.servers = started
    started.append(app := servers.start_app(config, log_dir))
    projects = load_projects(config, app, api_key)
    bench.projects = projects
    started.append(limits := servers.start_limits(config, log_dir))
    bench.plans = candidate_plans(config, projects, "before any answer")
    bases = {"app": app.base_url, "limits": limits.base_url}
    pids = {"app": app.process.pid, "limits": limits.process.pid}
    drive_cases(bench, projects, drive, bases, pids)
    bench.exports = exports.measure_exports(config, app.base_url, app.process.pid, api_key,
                                            say)
    bench.bulk_import = imports.measure_import(app.base_url, api_key, say)
    return bench


def clean_up(config: BenchConfig, started: list, log_dir: Path) -> None:
    """Stop the servers, drop the database, delete our Redis keys, remove the logs."""
    for server in reversed(started):
        server.stop()
    database.drop_database(config.pg_admin_url, config.database)
    client = redis.Redis.from_url(config.redis_url, socket_timeout=10)
    batch = []
    for key in client.scan_iter(match=f"{config.redis_prefix}:*", count=1000):
        batch.append(key)
        if len(batch) >= 1000:
            client.delete(*batch)
            batch = []
    if batch:
        client.delete(*batch)
    shutil.rmtree(log_dir, ignore_errors=True)


def main() -> int:
    """Run the benchmark; write docs/benchmarks.md; print the table."""
    config = BenchConfig.from_env()
    log_dir = Path(tempfile.mkdtemp(prefix="pbf-bench-"))
    started: list[servers.Server] = []
    try:
        bench = benchmark(config, log_dir, started)
    except BaseException:
        for server in started:
            print(f"--- {server.name} log tail ---\n{server.errors()}", file=sys.stderr)
        raise
    finally:
        say("cleaning up")
        clean_up(config, started, log_dir)
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    REPORT_PATH.write_text(report.markdown(bench))
    print(report.console(bench))
    say(f"wrote {REPORT_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
