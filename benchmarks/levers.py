"""`python -m benchmarks.levers` (`make bench-levers`): the levers of issue #13 one at a time.

Each lever is the revision that pulled it. For each, in order, the volunteer-loop cases are
served from that revision's src/ with everything else alike (this harness, database, Redis,
load generator), each against the limits measured beside it; the table shows every ratio and
its change from the revision before. `python -m benchmarks.levers REV [REV ...]` compares
other revisions instead (`worktree` is the work tree).
"""

import argparse
import dataclasses
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks import cases, fixtures, results, run, servers, snapshot
from benchmarks.config import RESULTS_DIR, BenchConfig
from benchmarks.results import Bench

WORK_TREE = "worktree"


@dataclass(frozen=True)
class Lever:
    """A revision and what it changed against the one before it."""

    revision: str
    change: str


LEVERS = (
    Lever("bd53006", "before issue #13"),
    Lever(
        "959b190",
        "no ping per checkout, reads in autocommit (no BEGIN/ROLLBACK), "
        "candidates as one prepared statement",
    ),
    Lever("5d363f2", "the project row from a per-process cache, invalidated through Redis"),
    Lever(
        "5cb18da", "the answer as Core statements (lock, insert, update); rendering from __dict__"
    ),
    Lever("a49c7f0", "PostgreSQL reads on a pool of autocommit connections"),
    Lever("817d4f7", "lists read as Core rows"),
    Lever("f70f97a", "concurrent volunteers spread over the tasks nobody is answering"),
    Lever("295742d", "JSON bodies encoded by orjson"),
    Lever("d097780", "what an answer leaves (stamp, hold) forgotten in one Redis round trip"),
)
# The ratios the table shows: case key -> its limit's key.
RATIOS = {"newtask": "read_limit", "list": "read_limit", "cycle": "limit_cycle"}


def measure_lever(config: BenchConfig, lever: Lever) -> dict:
    """The cases on one revision, in a database and servers of its own."""
    log_dir = Path(tempfile.mkdtemp(prefix="pbf-levers-"))
    config = dataclasses.replace(config, run_id=f"{config.run_id}{lever.revision[:7]}")
    revision = None if lever.revision == WORK_TREE else lever.revision
    src, described = snapshot.take(log_dir, revision)
    config = dataclasses.replace(config, src_path=str(src))
    bench = Bench(config, described, {})
    started: dict[str, servers.Server] = {}
    try:
        main = fixtures.served_project(config, log_dir, started)
        started["limits"] = servers.start_limits(config, log_dir)
        stage = run.Stage(cases.generator(config), started)
        tag = f"vol-{config.run_id}"
        for case in (
            cases.read_limit(main),
            cases.newtask("newtask", main, f"{tag}-n"),
            cases.task_list("list", main),
            cases.cycle("cycle", main, f"{tag}-c"),
            cases.limit_cycle(main),
        ):
            run.measure(bench, stage, case)
    finally:
        run.clean_up(config, started, log_dir)
        sys.path.remove(str(src))
    return {
        "revision": lever.revision,
        "change": lever.change,
        "code": described,
        "cases": {key: _case(result) for key, result in bench.results.items()},
    }


def _case(result: cases.Result) -> dict:
    p50, p99 = results.latency_ms(result)
    return {
        "rate": results.rate(result),
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": result.measurement.errors,
        "stack_cpu_ms": results.stack_ms_per_unit(result),
        "lock_waiters": result.lock_waiters,
    }


def ratios(measured: dict) -> dict[str, float]:
    """Each case's rate over its limit's, measured on the same revision."""
    found = measured["cases"]
    return {
        key: found[key]["rate"] / found[limit]["rate"]
        for key, limit in RATIOS.items()
        if key in found and found.get(limit, {}).get("rate")
    }


def markdown(levers: list[dict]) -> str:
    """One row per lever: its ratios and their change from the row before (after/before)."""
    header = (
        ["revision", "change"]
        + [f"{key} ratio (×before)" for key in RATIOS]
        + ["cycle lock waiters"]
    )
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    before: dict[str, float] = {}
    for measured in levers:
        now = ratios(measured)
        cells = [
            f"{100 * now[key]:.0f} %"
            + (f" ({now[key] / before[key]:.2f}×)" if before.get(key) else "")
            if key in now
            else ""
            for key in RATIOS
        ]
        waiters = measured["cases"].get("cycle", {}).get("lock_waiters")
        lines.append(
            "| "
            + " | ".join(
                [
                    measured["revision"],
                    measured["change"],
                    *cells,
                    "" if waiters is None else f"{waiters:.2f}",
                ]
            )
            + " |"
        )
        before = now
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.levers")
    parser.add_argument("revisions", nargs="*", help=f"git revisions, or {WORK_TREE}")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny projects, 1 s per case: proves the harness works"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=RESULTS_DIR / "levers-latest.json",
        help="the JSON results; the table goes beside it with .md",
    )
    args = parser.parse_args(argv)
    chosen = [Lever(rev, "") for rev in args.revisions] if args.revisions else list(LEVERS)
    config = BenchConfig.from_env(smoke=args.smoke)
    started, machine = results.now(), results.machine(config)
    measured = []
    for lever in chosen:
        run.say(f"lever {lever.revision}: {lever.change}")
        measured.append(measure_lever(config, lever))
    output = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "started": started,
                "finished": results.now(),
                "machine": machine,
                "config": {
                    "seconds": config.seconds,
                    "warmup": config.warmup,
                    "connections": config.connections,
                    "workers": config.workers,
                },
                "levers": measured,
            },
            indent=1,
        )
        + "\n"
    )
    table = markdown(measured)
    output.with_suffix(".md").write_text(table + "\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
