"""The results as a table: on the console and in docs/benchmarks.md, with the analysis."""
import datetime
from dataclasses import dataclass, field

from benchmarks import explain_text, exports, imports
from benchmarks.cases import STACK
from benchmarks.config import N_ANSWERS, BenchConfig
from benchmarks.report_math import CYCLE_TARGET, NEWTASK_TARGET, SCALE_TARGET, pct, stack


@dataclass
class Bench:
    """Everything one run found."""

    config: BenchConfig
    facts: dict[str, str]
    revision: str
    generator: str = ""
    projects: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    profiles: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    sql_source: str = ""
    history_runs: int = 0
    statement_cost: object = None
    servers: list = field(default_factory=list)
    exports: list = field(default_factory=list)  # exports.ExportMeasure
    bulk_import: object = None  # imports.ImportResult


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    case: str
    rate: float
    p50: float
    p99: float
    limit: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""
    cpu_ratio: str = ""


def _row(bench: Bench, key: str, limit_key: str | None = None, target: float | None = None
         ) -> Row | None:
    result = bench.results.get(key)
    if result is None:
        return None
    m = result.measurement
    if limit_key is None or limit_key not in bench.results:
        return Row(result.case.label, m.rps, m.p50_ms, m.p99_ms)
    limit = bench.results[limit_key]
    ratio = m.rps / limit.measurement.rps
    met = "" if target is None else ("yes" if ratio >= target else "**no**")
    return Row(result.case.label, m.rps, m.p50_ms, m.p99_ms, limit.case.key, pct(ratio),
               f"≥ {pct(target)}" if target else "", met, pct(stack(limit) / stack(result)))


def cycle_rows(bench: Bench) -> list[Row]:
    """The cycle in cycles/s against the write limit, then each half on its own."""
    result = bench.results.get("cycle")
    if result is None:
        return []
    m, write = result.measurement, bench.results["write_limit"]
    whole = m.series.get("cycle")
    ratio = m.rate("post_ok") / write.measurement.rps
    per_cycle = stack(result) * m.requests / max(m.counters.get("post_ok", 0), 1)
    rows = [Row(result.case.label + ", cycles/s", m.rate("post_ok"), whole.p50_ms if whole
                else 0.0, whole.p99_ms if whole else 0.0, "write_limit", pct(ratio),
                f"≥ {pct(CYCLE_TARGET)}", "yes" if ratio >= CYCLE_TARGET else "**no**",
                pct(stack(write) / per_cycle))]
    halves = (("get", "  cycle half: GET newtask"), ("post", "  cycle half: POST taskrun"))
    for half, label in halves:
        if half in m.series:
            s = m.series[half]
            rows.append(Row(label, s.count / m.seconds, s.p50_ms, s.p99_ms))
    return rows


def scale(bench: Bench) -> tuple[str, float, float, float] | None:
    """(what was compared, cost ratio by req/s, p50 ratio, CPU ratio), newtask large/small."""
    big_key = "newtask_large" if "newtask_large" in bench.results else "newtask"
    small, big = bench.results.get("newtask_small"), bench.results.get(big_key)
    if small is None or big is None:
        return None
    s, b = small.measurement, big.measurement
    sizes = (bench.projects["small"].size,
             bench.projects["large" if big_key == "newtask_large" else "main"].size)
    return (f"{sizes[1]:,} vs {sizes[0]:,} tasks", s.rps / b.rps, b.p50_ms / s.p50_ms,
            stack(big) / stack(small))


def rows(bench: Bench) -> list[Row]:
    """The whole table, in reading order."""
    found = [_row(bench, "read_limit"), _row(bench, "write_limit"),
             _row(bench, "newtask", "read_limit", NEWTASK_TARGET), *cycle_rows(bench),
             _row(bench, "list", "read_limit"), _row(bench, "newtask_small", "read_limit"),
             _row(bench, "newtask_large", "read_limit"),
             _row(bench, "newtask_history", "read_limit")]
    scaled = scale(bench)
    if scaled:
        what, by_rps, p50, cpu_cost = scaled
        found.append(Row(f"newtask cost (CPU per request), {what}; by req/s {by_rps:.2f}×, "
                         f"by p50 {p50:.2f}×", 0, 0, 0, "newtask_small", f"{cpu_cost:.2f}×",
                         f"≤ {SCALE_TARGET}×", "yes" if cpu_cost <= SCALE_TARGET else "**no**",
                         f"{cpu_cost:.2f}×"))
    return [row for row in found if row is not None]


def _cells(row: Row) -> list[str]:
    numbers = ["", "", ""] if row.rate == 0 else [f"{row.rate:,.0f}", f"{row.p50:.1f}",
                                                  f"{row.p99:.1f}"]
    return [row.case, *numbers, row.limit, row.ratio, row.target, row.met, row.cpu_ratio]


HEADER = ["case", "req/s", "p50 ms", "p99 ms", "limit", "ratio", "target", "met?",
          "ratio by CPU cost"]


def table(bench: Bench) -> str:
    """The results as a Markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(_cells(row)) + " |" for row in rows(bench)]
    return "\n".join(lines)


def console(bench: Bench) -> str:
    """The results as aligned text for the terminal."""
    cells = [HEADER] + [_cells(row) for row in rows(bench)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADER))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
                     for line in cells)


def cpu_table(bench: Bench) -> str:
    """CPU milliseconds per request of each part of the stack, and how busy the machine was."""
    head = [f"{group} ms/req" for group in STACK] + [
        "machine busy", "other processes' share", "attempts", "PG backends active",
        "waiting on a lock"]
    lines = ["| case | " + " | ".join(head) + " |", "|" + "---|" * (len(head) + 1)]
    for result in bench.results.values():
        used, n = result.cpu_seconds, max(result.measurement.requests, 1)
        busy = used["machine_busy"] / used["machine_total"] if used["machine_total"] else 0
        cells = [f"{1000 * used[group] / n:.2f}" for group in STACK] + [
            pct(busy), pct(result.other_share), str(result.attempts),
            f"{result.active_backends:.1f}", f"{result.lock_waiters:.1f}"]
        lines.append(f"| {result.case.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown(bench: Bench) -> str:
    """docs/benchmarks.md."""
    c = bench.config
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = ", ".join(f"{p.size:,}" for p in bench.projects.values())
    parts = [
        "# Benchmarks", "",
        f"Written by `make bench` (`python -m benchmarks.run`) on {when}, code at "
        f"{bench.revision}{' with BENCH_LARGE=1' if c.large else ''}. Rerun it to refresh "
        "this page; every number below comes from that one run.", "",
        "## Setup", "",
        explain_text.setup(bench, sizes, N_ANSWERS), "",
        "## Results", "", table(bench), "",
        explain_text.legend(bench), "",
        *imports.markdown(bench.bulk_import),
        *exports.markdown(bench.exports),
        "## Where the CPU went", "",
        explain_text.cpu_legend(bench), "", cpu_table(bench), "",
        "## Why: analysis of the missed targets", "",
        explain_text.analysis(bench), "",
        "## Machine", "",
        *[f"- {name}: {value}" for name, value in bench.facts.items()], "",
        "## Query plans (EXPLAIN ANALYZE, BUFFERS)", "",
        explain_text.plans(bench), ""]
    return "\n".join(parts)
