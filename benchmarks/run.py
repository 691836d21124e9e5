"""`python -m benchmarks.run [--smoke]` (`make bench`): set up, drive every case, write the
JSON results and the table, clean up."""

import argparse
import dataclasses
import functools
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis

from benchmarks import (
    analysis,
    cases,
    database,
    embedded,
    exports,
    fixtures,
    imports,
    layers,
    profiling,
    results,
    servers,
    site_import,
    snapshot,
    table,
)
from benchmarks.config import ROOT, BenchConfig
from benchmarks.results import Bench

STARTED = time.monotonic()


def say(message: str) -> None:
    """Progress on standard error, with the time since the start."""
    print(f"[bench {time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Stage:
    """The load generator and the running servers by role: "app", "limits", "embedded"."""

    drive: Callable
    servers: dict[str, servers.Server]

    @property
    def bases(self) -> dict[str, str]:
        return {role: server.base_url for role, server in self.servers.items()}

    @property
    def pids(self) -> dict[str, int]:
        return {role: server.process.pid for role, server in self.servers.items()}


def load_projects(config: BenchConfig, app: servers.Server, api_key: str) -> dict:
    """The main project (100,000 tasks), the 10,000-task one and, with BENCH_LARGE, the large."""
    sizes = {"main": config.sizes.main_tasks, "small": config.sizes.small_tasks}
    if config.large:
        sizes["large"] = config.sizes.large_tasks
    url = config.database_url
    projects = {}
    for name, size in sizes.items():
        say(f"loading a PostgreSQL project of {size:,} tasks")
        projects[name] = fixtures.create_project(
            app.base_url,
            api_key,
            size,
            functools.partial(database.load_tasks, url),
            functools.partial(database.task_ids, url),
        )
    database.analyze(url)
    return projects


def candidate_plans(config: BenchConfig, projects: dict, when: str) -> list[analysis.Plan]:
    """EXPLAIN ANALYZE of newtask's candidate query on each project."""
    plans = []
    for project in projects.values():
        sql, _ = analysis.candidate_sql(project.id, f"explain-{when}")
        plans.append(analysis.explain(config.database_url, f"{project.size:,} tasks, {when}", sql))
    return plans


def measure(bench: Bench, stage: Stage, case: cases.Case) -> None:
    """Run one case and keep its result; show the server's log when requests failed."""
    say(f"case: {case.label} ({case.database})")
    result = cases.run_case(case, bench.config, stage.bases, stage.pids, stage.drive)
    bench.results[case.key] = result
    m = result.measurement
    say(
        f"  {m.rps:.1f} req/s, p50 {m.p50_ms:.1f} ms, p99 {m.p99_ms:.1f} ms, errors {m.errors}"
        f", attempts {result.attempts}"
    )
    if m.errors:
        say(f"  {case.server} server log tail:\n{stage.servers[case.server].errors()}")


def postgres_cases(bench: Bench, stage: Stage) -> None:
    """Every PostgreSQL case, reads before writes; the profile and statement cost between."""
    projects = bench.projects["postgresql"]
    main, small, tag = projects["main"], projects["small"], f"vol-{bench.config.run_id}"
    measure(bench, stage, cases.read_limit(main))
    measure(bench, stage, cases.newtask("newtask", main, f"{tag}-m"))
    measure(bench, stage, cases.newtask("newtask_small", small, f"{tag}-s"))
    if "large" in projects:
        measure(bench, stage, cases.newtask("newtask_large", projects["large"], f"{tag}-l"))
    measure(bench, stage, cases.task_list("list", main))
    measure(bench, stage, cases.project_list())
    measure(bench, stage, cases.project_page(main))
    measure(bench, stage, cases.task_browse(main))
    say("profiling newtask, the cycle and the task list in-process")
    bench.profiles = profiling.profile(bench.config, main, bench.config.sizes.profile_requests)
    say("newtask's app CPU, part by part, in-process")
    bench.layers = layers.measure(bench.config, main, bench.config.sizes.profile_requests)
    for layer in bench.layers:
        say(f"  {layer.cpu_us:7.0f} µs  {layer.label}")
    measure(bench, stage, cases.cycle("cycle", main, f"{tag}-c"))
    measure(bench, stage, cases.limit_cycle(main))
    measure(bench, stage, cases.write_limit(main))
    say("timing the candidate query: planned on every call, then prepared")
    bench.statement_cost = analysis.statement_cost(bench.config.database_url, main.id)
    history(bench, stage)


def history(bench: Bench, stage: Stage) -> None:
    """newtask again once task_run holds answers to every task of the 10,000-task project."""
    projects, url = bench.projects["postgresql"], bench.config.database_url
    main = projects["main"]
    sql, _ = analysis.candidate_sql(main.id, "explain-history")
    bench.plans.append(
        analysis.explain(url, f"{main.size:,} tasks, {analysis.count_runs(url):,} task runs", sql)
    )
    per_task = bench.config.sizes.history_runs_per_task
    say(f"adding {per_task} task runs to each task of the {projects['small'].size:,}-task project")
    runs = analysis.load_history(url, projects["small"].id, per_task)
    bench.plans.append(analysis.explain(url, f"{main.size:,} tasks, {runs:,} task runs", sql))
    measure(
        bench,
        stage,
        cases.newtask(
            "newtask_history",
            main,
            f"vol-{bench.config.run_id}-h",
            note=f", {runs:,} task runs stored",
        ),
    )


def embedded_cases(bench: Bench, stage: Stage, log_dir: Path) -> None:
    """The embedded default (SQLite, no Redis): its own server, project and three cases."""
    config = bench.config
    data_dir = log_dir / "embedded"
    data_dir.mkdir()
    api_key = embedded.prepare(config, data_dir)
    server = servers.start_embedded(config, log_dir, data_dir)
    stage.servers["embedded"] = server
    bench.embedded_threads = _embedded_threads(config)
    path, size = embedded.database_path(data_dir), config.sizes.sqlite_tasks
    say(f"loading a SQLite project of {size:,} tasks")
    loaded = time.monotonic()
    project = fixtures.create_project(
        server.base_url,
        api_key,
        size,
        functools.partial(embedded.load_tasks, path),
        functools.partial(embedded.task_ids, path),
    )
    embedded.analyze(path)
    say(f"  loaded in {time.monotonic() - loaded:.1f} s")
    bench.projects["sqlite"] = {"main": project}
    tag = f"vol-{config.run_id}-e"
    measure(bench, stage, cases.newtask("sqlite_newtask", project, f"{tag}-n", "embedded"))
    measure(bench, stage, cases.task_list("sqlite_list", project, "embedded"))
    measure(bench, stage, cases.cycle("sqlite_cycle", project, f"{tag}-c", "embedded"))


def _embedded_threads(config: BenchConfig) -> int:
    """WEB_THREADS as the embedded server read it (its environment, the shipped default)."""
    from entrypoints.settings import Settings  # the run's snapshot of src/

    return Settings.from_env(servers.embedded_env(config, "127.0.0.1:8080")).web_threads


def benchmark(config: BenchConfig, log_dir: Path, started: dict) -> Bench:
    """Set up, measure, analyse; `started` collects the servers for the caller to stop."""
    src, described = snapshot.take(log_dir, config.revision or None)
    config = dataclasses.replace(config, src_path=str(src))
    bench = Bench(config, described, results.machine(config))
    drive = cases.generator(config)
    bench.generator = cases.wrk.version() if drive is cases.wrk.run else "Python client"
    say(f"load generator: {bench.generator}; database {config.database}")
    api_key = fixtures.prepare_database(config)
    started["app"] = app = servers.start_app(config, log_dir)
    bench.projects["postgresql"] = load_projects(config, app, api_key)
    started["limits"] = servers.start_limits(config, log_dir)
    bench.plans = candidate_plans(config, bench.projects["postgresql"], "before any answer")
    stage = Stage(drive, started)
    postgres_cases(bench, stage)
    embedded_cases(bench, stage, log_dir)
    bench.exports = exports.measure_exports(config, app.base_url, app.process.pid, api_key, say)
    bench.bulk_import = imports.measure_import(
        app.base_url, api_key, say, config.sizes.import_tasks
    )
    say("importing PYBOSSA sites (db import-pybossa)")
    bench.site_import = site_import.measure(config, say)
    return bench


def clean_up(config: BenchConfig, started: dict, log_dir: Path) -> None:
    """Stop the servers, drop the database, delete our Redis keys, remove the logs."""
    for server in reversed(started.values()):
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


def write(config: BenchConfig, document: dict) -> None:
    """The JSON results and, beside them, the table in Markdown."""
    config.output.parent.mkdir(parents=True, exist_ok=True)
    config.output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    config.output.with_suffix(".md").write_text(table.markdown(document) + "\n")
    shown = config.output.relative_to(ROOT) if config.output.is_relative_to(ROOT) else config.output
    say(f"wrote {shown} and its table beside it (.md)")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; write the results; print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny projects, 1 s per case: proves the harness works"
    )
    config = BenchConfig.from_env(smoke=parser.parse_args(argv).smoke)
    log_dir = Path(tempfile.mkdtemp(prefix="pbf-bench-"))
    started: dict[str, servers.Server] = {}
    try:
        bench = benchmark(config, log_dir, started)
    except BaseException:
        for server in started.values():
            print(f"--- {server.name} log tail ---\n{server.errors()}", file=sys.stderr)
        raise
    finally:
        say("cleaning up")
        clean_up(config, started, log_dir)
    document = results.document(bench)
    write(bench.config, document)
    print(table.console(document))
    return 0


if __name__ == "__main__":
    sys.exit(main())
