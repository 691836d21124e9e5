"""The prose of docs/benchmarks.md, written from what the run measured."""
from benchmarks.explain_findings import (
    cycle_section,
    history_section,
    list_section,
    newtask_section,
    scale_section,
)


def setup(bench, sizes: str, n_answers: int) -> str:
    """How the numbers were taken."""
    c = bench.config
    return "\n".join([
        f"- **Server**: `pybossa-falcon serve` — gunicorn with the shipped settings "
        f"(`entrypoints/gunicorn_config.py`: {c.workers} `sync` workers via WEB_CONCURRENCY, "
        "keep-alive 5 s, access log on, `max_requests` 10,000), PostgreSQL through SQLAlchemy, "
        "requested-task stamps in Redis under a private prefix.",
        "- **Limits**: `benchmarks/limits_app.py`, a minimal Falcon app under the same gunicorn "
        "settings (`benchmarks/limits_gunicorn.py` imports them and only swaps the app), one "
        "psycopg2 connection per worker, on the same database. *Read limit*: one `SELECT` of a "
        "random task by primary key. *Write limit*: one transaction — "
        "`SELECT … FOR UPDATE SKIP LOCKED` claims the first ongoing task, a task run is "
        "inserted, `task.n_task_runs` is updated, `COMMIT`.",
        f"- **Load**: {bench.generator}, {c.connections} keep-alive connections on loopback "
        f"(one {'thread' if bench.generator.startswith('wrk') else 'process'} per "
        f"connection), {c.warmup} s warm-up, then {c.seconds} s "
        "measured per case, cases one after the other.",
        f"- **Data**: a fresh database; published projects of {sizes} tasks, created through "
        "the API and bulk-loaded with one `INSERT … SELECT generate_series`, then "
        f"`VACUUM ANALYZE` (autovacuum is off on this PostgreSQL). `n_answers` = {n_answers:,} "
        "so no task completes during the run; default (depth-first) scheduler.",
        "- **Volunteers**: external volunteers of an app — a project token from "
        "`/api/auth/project/{short_name}/token`, then `?external_uid=` with a new uid per "
        "newtask request (per cycle in the cycle case), so each request is a new volunteer.",
        "- **Machine sharing**: the server, PostgreSQL, Redis and the load generator share the "
        "machine's cores (see *Machine*), so every req/s below is what the whole stack "
        "does on them together, and a lighter request leaves more CPU to the others.",
    ])


def legend(bench) -> str:
    """How to read the table."""
    return ("*limit* names the limit a case is compared with, *ratio* is the case's req/s "
            "over the limit's (for the cycle: completed cycles/s over the write limit's "
            "transactions/s; a cycle is one GET newtask plus one POST taskrun). The cost row "
            "compares the CPU the whole stack spends per newtask on the larger project with "
            "the 10,000-task one, and shows the same comparison by req/s (cost = 1/req/s at "
            f"the same concurrency) and by p50; {_scale_note(bench)} *Ratio by CPU cost* "
            "divides the CPU the whole stack spends per request (per cycle) of the limit by "
            "the case's (for the cost row: larger project over smaller): it is what the "
            "req/s ratio would be on a machine running nothing else, and it barely moves when "
            "other programs take CPU "
            "during a run (their share is in *Where the CPU went*). "
            "Errors (non-2xx or no task served): "
            + ", ".join(f"{r.case.key} {r.measurement.errors}" for r in bench.results.values())
            + ".")


def cpu_legend(bench) -> str:
    """How the CPU table was measured."""
    return (f"CPU time per request, read from /proc over each case's {bench.config.seconds} s "
            "measurement: *app* and *limits* are the gunicorn masters with their workers, "
            "*postgres* the backends of the benchmark database plus PostgreSQL's background "
            "processes, *load generator* wrk or the Python client. *Other processes' share* is "
            "the part of the machine used by anything else (other databases on the same "
            "PostgreSQL, other programs). Each attempt starts once other programs leave the "
            "machine nearly idle for a second (waiting 15 s at most); a case where their share "
            "still exceeded 15 % was measured again "
            f"(at most {bench.config.attempts} attempts) and the quietest attempt kept. *PG "
            "backends active* and *waiting on a lock* are averages of pg_stat_activity "
            "sampled 5 times a second.")


def _scale_note(bench) -> str:
    if bench.config.large:
        return "with BENCH_LARGE=1 it is 1,000,000 vs 10,000 tasks, as the target states."
    return ("without BENCH_LARGE=1 it is 100,000 vs 10,000 tasks; run `BENCH_LARGE=1 make bench` "
            "for the 1,000,000-task comparison the target names.")


def profile_text(bench) -> str:
    """The in-process profiles: wall time, shares by category, statements per request."""
    out = []
    for p in bench.profiles:
        shares = ", ".join(f"{name} {share:.0f} %" for name, share in p.shares if share >= 1)
        statements = "; ".join(f"{n:g}× {sql}" for sql, n in p.statements)
        unit = "cycle" if "cycle" in p.label else "request"
        out.append(f"- **{p.label}**: {p.wall_ms:.2f} ms per {unit} in-process (median, one "
                   f"at a time). Own time under cProfile: {shares}. Sent to PostgreSQL per "
                   f"{unit}: {statements}.")
    return "\n".join(out)


def analysis(bench) -> str:
    """Findings, written from the numbers."""
    sections = [newtask_section(bench), cycle_section(bench), scale_section(bench),
                history_section(bench), list_section(bench),
                "### In-process profiles (cProfile, Falcon's test client, 300 requests each)",
                "", profile_text(bench), "", "### Every query plan in one line", "",
                plan_summary(bench)]
    return "\n".join(section for section in sections if section is not None)


def plan_summary(bench) -> str:
    """One line per EXPLAIN ANALYZE."""
    lines = []
    for plan in bench.plans:
        scans = ", ".join(plan.seq_scans) or "none"
        lines.append(f"- {plan.label}: planning {plan.planning_ms:.2f} ms, execution "
                     f"{plan.execution_ms:.2f} ms; sequential scans: {scans}.")
    return "\n".join(lines)


def plans(bench) -> str:
    """Every plan in full."""
    out = [f"The candidate query is compiled from `{bench.sql_source}` for a new external "
           "volunteer:", "", "```sql", bench.plans[0].sql if bench.plans else "", "```", ""]
    for plan in bench.plans:
        out += [f"**{plan.label}**", "", "```", *plan.lines, "```", ""]
    return "\n".join(out)
