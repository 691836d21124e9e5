"""A run's results as one JSON document: every case with its limit, ratio and target, the
scaling comparison, the machine, the query plans, the profiles, the exports and the import."""

import dataclasses
import datetime
import os
import platform
from dataclasses import dataclass, field

import falcon
import gunicorn
import redis
import sqlalchemy

from benchmarks import database, targets
from benchmarks.cases import STACK, Result
from benchmarks.config import BenchConfig

SCHEMA_VERSION = 1
CYCLE_SCRIPTS = ("cycle", "limit_cycle")


def now() -> str:
    """The time in UTC, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@dataclass
class Bench:
    """Everything one run found."""

    config: BenchConfig
    code: str
    machine: dict
    started: str = field(default_factory=now)
    generator: str = ""
    embedded_threads: int = 0
    projects: dict = field(default_factory=dict)  # database -> name -> BenchProject
    results: dict[str, Result] = field(default_factory=dict)  # case key -> Result, run order
    profiles: list = field(default_factory=list)  # profiling.Profile
    layers: list = field(default_factory=list)  # layers.Layer
    plans: list = field(default_factory=list)  # analysis.Plan
    statement_cost: object = None  # analysis.StatementCost
    exports: list = field(default_factory=list)  # exports.ExportMeasure
    bulk_import: object = None  # imports.ImportResult
    site_import: dict | None = None  # site_import.measure


def machine(config: BenchConfig) -> dict:
    """Facts of the machine and software this run measured on."""
    uname = platform.uname()
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": round(_memory_kib() / 1024 / 1024, 1),
        "kernel": f"{uname.system} {uname.release}",
        "python": platform.python_version(),
        "postgresql": database.server_facts(config.pg_admin_url),
        "redis": _redis_version(config.redis_url),
        "libraries": {
            "falcon": falcon.__version__,
            "gunicorn": gunicorn.__version__,
            "sqlalchemy": sqlalchemy.__version__,
        },
        "load_average_before": os.getloadavg(),
    }


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_kib() -> int:
    with open("/proc/meminfo") as meminfo:
        return int(meminfo.readline().split()[1])


def _redis_version(url: str) -> str:
    try:
        return redis.Redis.from_url(url, socket_timeout=5).info("server")["redis_version"]
    except redis.RedisError as exc:
        return f"unknown ({exc})"


def per_cycle(result: Result) -> bool:
    """Cycle cases count completed cycles (a successful POST), not requests."""
    return result.case.script in CYCLE_SCRIPTS


def units(result: Result) -> int:
    """Completed cycles of a cycle case, responses of any other."""
    m = result.measurement
    return m.counters.get("post_ok", 0) if per_cycle(result) else m.requests


def rate(result: Result) -> float:
    """Cycles or responses per second."""
    seconds = result.measurement.seconds
    return units(result) / seconds if seconds else 0.0


def latency_ms(result: Result) -> tuple[float, float]:
    """(p50, p99) of a whole cycle for cycle cases, of a request otherwise."""
    m = result.measurement
    if per_cycle(result):
        whole = m.series.get("cycle")
        return (whole.p50_ms, whole.p99_ms) if whole else (0.0, 0.0)
    return m.p50_ms, m.p99_ms


def cpu_ms_per_request(result: Result) -> dict[str, float]:
    """CPU milliseconds per request of each part of the stack."""
    n = max(result.measurement.requests, 1)
    return {group: 1000 * result.cpu_seconds.get(group, 0.0) / n for group in STACK}


def stack_ms_per_unit(result: Result) -> float:
    """CPU milliseconds of the whole stack per cycle (cycle cases) or per request."""
    spent = sum(result.cpu_seconds.get(group, 0.0) for group in STACK)
    return 1000 * spent / max(units(result), 1)


def tail(result: Result) -> dict:
    """p99 over p50, against the target for every case."""
    p50, p99 = latency_ms(result)
    ratio = p99 / p50 if p50 else None
    return {
        "p99_over_p50": ratio,
        "target": targets.TAIL_P99_OVER_P50,
        "met": ratio is not None and ratio <= targets.TAIL_P99_OVER_P50,
    }


def comparison(bench: Bench, key: str) -> dict | None:
    """The case against its limit: ratio by rate and by stack CPU, target, met."""
    limit_key, target = targets.COMPARISONS.get(key, (None, None))
    case, limit = bench.results.get(key), bench.results.get(limit_key)
    if case is None or limit is None or not rate(limit):
        return None
    ratio = rate(case) / rate(limit)
    return {
        "limit": limit_key,
        "ratio": ratio,
        "cpu_ratio": stack_ms_per_unit(limit) / stack_ms_per_unit(case),
        "target": target,
        "met": None if target is None else ratio >= target,
    }


def computed_limit_cycle(bench: Bench) -> float | None:
    """Cycles/s the limits would allow if a cycle cost one read plus one write."""
    read, write = bench.results.get("read_limit"), bench.results.get("write_limit")
    if read is None or write is None or not rate(read) or not rate(write):
        return None
    return 1 / (1 / rate(read) + 1 / rate(write))


def scaling(bench: Bench) -> dict | None:
    """newtask's cost on the largest project over the 10,000-task one (by stack CPU)."""
    big_key = "newtask_large" if "newtask_large" in bench.results else "newtask"
    small, big = bench.results.get("newtask_small"), bench.results.get(big_key)
    if small is None or big is None or not rate(big):
        return None
    projects = bench.projects["postgresql"]
    cost = stack_ms_per_unit(big) / stack_ms_per_unit(small)
    return {
        "case": big_key,
        "baseline": "newtask_small",
        "tasks": projects["large" if big_key == "newtask_large" else "main"].size,
        "baseline_tasks": projects["small"].size,
        "cpu_cost_ratio": cost,
        "rps_cost_ratio": rate(small) / rate(big),
        "p50_ratio": latency_ms(big)[0] / latency_ms(small)[0],
        "target": targets.SCALE_COST,
        "met": cost <= targets.SCALE_COST,
    }


def case_json(bench: Bench, result: Result) -> dict:
    """One case: what it drove, what it measured, its CPU, its comparisons."""
    m, case = result.measurement, result.case
    p50, p99 = latency_ms(result)
    used = result.cpu_seconds
    found = {
        "key": case.key,
        "label": case.label,
        "database": case.database,
        "server": case.server,
        "unit": "cycle" if per_cycle(result) else "request",
        "rate": rate(result),
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": m.errors,
        "requests": m.requests,
        "seconds": m.seconds,
        "requests_per_s": m.rps,
        "request_p50_ms": m.p50_ms,
        "request_p99_ms": m.p99_ms,
        "series": {name: dataclasses.asdict(s) for name, s in m.series.items()},
        "counters": m.counters,
        "cpu_ms_per_request": cpu_ms_per_request(result),
        "stack_cpu_ms_per_unit": stack_ms_per_unit(result),
        "machine_busy_share": used["machine_busy"] / used["machine_total"]
        if used.get("machine_total")
        else None,
        "other_processes_share": result.other_share,
        "attempts": result.attempts,
        "pg_active_backends": result.active_backends,
        "pg_lock_waiters": result.lock_waiters,
        "tail": tail(result),
        "comparison": comparison(bench, case.key),
    }
    if case.key == "limit_cycle":
        found["computed_cycles_per_s"] = computed_limit_cycle(bench)
    return found


def _profile_json(profile) -> dict:
    return {
        "label": profile.label,
        "requests": profile.requests,
        "wall_ms": profile.wall_ms,
        "own_time_percent": dict(profile.shares),
        "top_functions_percent": dict(profile.top),
        "statements_per_request": dict(profile.statements),
    }


def _plan_json(plan) -> dict:
    return {
        "label": plan.label,
        "sql": plan.sql,
        "execution_ms": plan.execution_ms,
        "planning_ms": plan.planning_ms,
        "seq_scans": plan.seq_scans,
        "lines": plan.lines,
    }


def document(bench: Bench) -> dict:
    """The whole run as JSON-ready data."""
    c = bench.config
    cost = bench.statement_cost
    return {
        "schema_version": SCHEMA_VERSION,
        "mode": "smoke" if c.smoke else "full",
        "started": bench.started,
        "finished": now(),
        "code": bench.code,
        "config": {
            "seconds": c.seconds,
            "warmup": c.warmup,
            "connections": c.connections,
            "workers": c.workers,
            "embedded_threads": bench.embedded_threads,
            "attempts": c.attempts,
            "large": c.large,
            "load_generator": bench.generator,
            "sizes": dataclasses.asdict(c.sizes),
        },
        "machine": bench.machine,
        "targets": targets.as_dict(),
        "projects": {
            db: {name: {"id": p.id, "tasks": p.size} for name, p in found.items()}
            for db, found in bench.projects.items()
        },
        "cases": [case_json(bench, result) for result in bench.results.values()],
        "scaling": scaling(bench),
        "profiles": [_profile_json(p) for p in bench.profiles],
        "newtask_app_cpu_us": [dataclasses.asdict(layer) for layer in bench.layers],
        "plans": [_plan_json(p) for p in bench.plans],
        "candidate_statement_ms": dataclasses.asdict(cost) if cost else None,
        "exports": [m.to_json() for m in bench.exports],
        "bulk_import": bench.bulk_import.to_json() if bench.bulk_import else None,
        "site_import": bench.site_import,
    }
