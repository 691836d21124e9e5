"""The analysis of each target, from the measurements, profiles and plans of the run."""

import re

from benchmarks.report_math import (
    CYCLE_TARGET,
    NEWTASK_TARGET,
    SCALE_TARGET,
    group_ms,
    pct,
    profile,
    result,
    share_ms,
    stack,
    statements,
)


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def newtask_section(bench) -> str | None:
    """newtask against the read limit: CPU per request, where it goes, what it would take."""
    nt, rl = result(bench, "newtask"), result(bench, "read_limit")
    if nt is None or rl is None:
        return None
    ratio = nt.measurement.rps / rl.measurement.rps
    need = stack(nt) / (2 * stack(rl))
    return "\n".join([
        f"### newtask: {pct(ratio)} of the read limit (target ≥ 50 %) — "
        f"{_verdict(ratio >= NEWTASK_TARGET)}", "",
        _saturation(bench),
        f"The stack spends {stack(nt):.2f} ms of CPU per newtask ({_split(nt)}) against "
        f"{stack(rl):.2f} ms per read-limit request ({_split(rl)}): CPU alone predicts "
        f"{pct(stack(rl) / stack(nt))}, the run measured {pct(ratio)}.", "",
        _newtask_app(bench), _newtask_db(bench), "",
        f"**What it would take**: 50 % means at most {2 * stack(rl):.2f} ms of stack CPU per "
        f"newtask, {need:.1f}× less than now. {_newtask_levers(bench)}", ""])


def _saturation(bench) -> str:
    busy = [r.cpu_seconds["machine_busy"] / r.cpu_seconds["machine_total"]
            for r in bench.results.values() if r.cpu_seconds.get("machine_total")]
    if not busy:
        return ""
    other = max(r.other_share for r in bench.results.values())
    noise = (f" Other programs took up to {pct(other)} of the machine during a case, so "
             "req/s moved with them; the CPU per request below is the steadier measure."
             if other > 0.15 else "")
    return (f"Every case keeps both cores busy ({pct(min(busy))}–{pct(max(busy))} of the "
            "machine, *Where the CPU went*), so req/s is set by the CPU a request costs the "
            f"whole stack.{noise}")


def _split(r) -> str:
    n = max(r.measurement.requests, 1)
    used = r.cpu_seconds
    parts = [(name, used.get(key, 0.0)) for name, key in (
        ("gunicorn app", "app"), ("gunicorn app", "limits"), ("PostgreSQL", "postgres"),
        ("Redis", "redis"), ("load generator", "load generator"))]
    return ", ".join(f"{name} {1000 * seconds / n:.2f}" for name, seconds in parts
                     if 1000 * seconds / n >= 0.005)


def _newtask_app(bench) -> str:
    p = profile(bench, "newtask")
    if p is None:
        return ""
    return (f"- **In the app** (in-process: {p.wall_ms:.2f} ms per newtask, median): "
            f"SQLAlchemy's own Python code takes {share_ms(p, 'SQLAlchemy'):.2f} ms, "
            f"waiting on PostgreSQL {share_ms(p, 'PostgreSQL round trips (psycopg2)'):.2f} ms, "
            f"Redis {share_ms(p, 'Redis round trips'):.2f} ms, Falcon "
            f"{share_ms(p, 'Falcon'):.2f} ms, PyJWT {share_ms(p, 'PyJWT'):.2f} ms "
            f"(cProfile's own overhead weighs on the Python parts). Each newtask sends "
            f"{statements(p)} to PostgreSQL — plus the BEGIN psycopg2 puts before the first "
            "statement — where the read limit sends one SELECT.")


def _newtask_db(bench) -> str:
    plan = next((p for p in bench.plans if "before any answer" in p.label), None)
    nt, rl, p = result(bench, "newtask"), result(bench, "read_limit"), profile(bench, "newtask")
    cost = bench.statement_cost
    if plan is None or cost is None or p is None:
        return ""
    trips = round(sum(n for _, n in p.statements)) + 1  # and the BEGIN psycopg2 sends
    return (f"- **In PostgreSQL**: {group_ms(nt, 'postgres'):.2f} ms per newtask for {trips} "
            f"round trips (BEGIN and the {trips - 1} above), "
            f"{group_ms(nt, 'postgres') / trips:.2f} ms each, against "
            f"{group_ms(rl, 'postgres'):.2f} ms for the read limit's one SELECT: PostgreSQL's "
            "share follows the number of statements, not their work. The candidate query "
            f"itself executes in {plan.execution_ms:.2f} ms and plans in "
            f"{plan.planning_ms:.2f} ms (EXPLAIN ANALYZE on a warm connection); psycopg2 plans "
            f"it on every request — over {cost.executions} calls from one client it takes "
            f"{cost.plain_ms:.2f} ms (median) as sent now, {cost.prepared_ms:.2f} ms PREPAREd.")


def _newtask_levers(bench) -> str:
    p = profile(bench, "newtask")
    orm = f" (≈ {share_ms(p, 'SQLAlchemy'):.2f} ms of SQLAlchemy per request)" if p else ""
    return ("The levers: (1) the hot path on SQLAlchemy Core rows instead of ORM entities "
            f"and the identity map{orm}; (2) fewer round trips, each of which costs CPU in "
            "psycopg2/SQLAlchemy and in a PostgreSQL backend: `pool_pre_ping` sends a "
            "`SELECT 1` on every checkout (a disconnect can be retried instead), the project "
            "row could come with the candidate query or from a short per-worker cache (its "
            "secret key and scheduler rarely change), and a read-only request needs no "
            f"BEGIN/ROLLBACK pair. {_prepared(bench)}Even then gunicorn, Falcon, the "
            "JWT check, the Redis stamp and rendering stay: 50 % means a newtask may cost no "
            "more than two requests of the minimal one-SELECT app, which leaves little room "
            "for an ORM and a domain layer in Python on these two cores.")


def _prepared(bench) -> str:
    """Whether prepared statements would help, from the timing of the candidate query."""
    cost = bench.statement_cost
    if cost is None:
        return ""
    saved = cost.plain_ms - cost.prepared_ms
    if saved > 0.05:
        return (f"(3) Prepared statements would save ≈ {saved:.2f} ms per request (psycopg 3 "
                "prepares repeated statements itself, `prepare_threshold`). ")
    return (f"Prepared statements would not help: planning the candidate query is cheap on a "
            f"warm connection ({cost.plain_ms:.2f} ms as sent vs {cost.prepared_ms:.2f} ms "
            "PREPAREd, medians above). ")


def cycle_section(bench) -> str | None:
    """The cycle against the write limit: two requests for one, the statements, the lock."""
    cy, wl, rl = result(bench, "cycle"), result(bench, "write_limit"), result(bench, "read_limit")
    if cy is None or wl is None or rl is None:
        return None
    m = cy.measurement
    cycles = max(m.counters.get("post_ok", 0), 1)
    per_cycle = stack(cy) * m.requests / cycles
    ratio = m.rate("post_ok") / wl.measurement.rps
    ceiling = stack(wl) / (stack(rl) + stack(wl))
    return "\n".join([
        f"### newtask → taskrun cycle: {pct(ratio)} of the write limit (target ≥ 60 %) — "
        f"{_verdict(ratio >= CYCLE_TARGET)}", "",
        f"A cycle is two HTTP requests (GET newtask, POST taskrun); the write limit is one. "
        f"The stack spends {per_cycle:.2f} ms of CPU per cycle against {stack(wl):.2f} ms per "
        f"write-limit transaction ({_split(wl)}): CPU alone predicts "
        f"{pct(stack(wl) / per_cycle)}, the run measured {pct(ratio)}. Even the minimal app "
        f"would spend {stack(rl):.2f} + {stack(wl):.2f} ms on one read and one write, which "
        f"caps the ratio at {pct(ceiling)} on this machine: 60 % leaves the real app almost "
        "no CPU beyond the minimal one's.", "",
        _cycle_statements(bench), _cycle_lock(bench), "", CYCLE_LEVERS, ""])


CYCLE_LEVERS = (
    "**What it would take**: everything listed for newtask, for both requests, and a "
    "leaner POST: the task is read twice (plain, then `FOR UPDATE`) and the project once "
    "more; the earlier-answer check repeats what the partial unique index "
    "`uq_task_run_task_id_external_uid` already enforces (the code already turns its "
    "violation into the 403), so the write could be the limit's shape — lock the task, "
    "insert, update, commit — after the Redis stamp check. A scheduler that spreads "
    "concurrent volunteers (`breadth_first`, or skipping locked rows as the limit does) "
    "removes the lock queue. Still, with two requests per cycle against one per "
    "transaction, 60 % is out of reach of any version of this stack on these two cores "
    "unless a request costs less than the minimal app's.")


def _cycle_statements(bench) -> str:
    p = profile(bench, "newtask → taskrun cycle")
    if p is None:
        return ""
    return (f"- **Round trips**: one cycle sends {statements(p)} to PostgreSQL "
            f"({p.wall_ms:.2f} ms per cycle in-process); the write limit sends BEGIN, three "
            "statements and COMMIT. The POST also checks the stamp in Redis and, after the "
            "commit, clears it and releases any hold there.")


def _cycle_lock(bench) -> str:
    cy, wl = result(bench, "cycle"), result(bench, "write_limit")
    get, post = cy.measurement.series.get("get"), cy.measurement.series.get("post")
    halves = (f" GET newtask took p50 {get.p50_ms:.1f} ms, POST taskrun p50 {post.p50_ms:.1f} "
              "ms." if get and post else "")
    return (f"- **One hot row**: the default (depth-first) scheduler hands every new volunteer "
            "the same first task, so the concurrent POSTs queue on that task's row lock "
            f"(`SELECT … FOR UPDATE`): {cy.lock_waiters:.1f} backends waited on a lock on "
            f"average during the cycle, {wl.lock_waiters:.1f} during the write limit, whose "
            f"`SKIP LOCKED` spreads the writers over different tasks.{halves}")


def scale_section(bench) -> str | None:
    """newtask's cost on the large project over the small one."""
    small, big_key = result(bench, "newtask_small"), (
        "newtask_large" if result(bench, "newtask_large") else "newtask")
    big = result(bench, big_key)
    if small is None or big is None:
        return None
    cost = stack(big) / stack(small)
    plans = [p for p in bench.plans if "before any answer" in p.label]
    timings = "; ".join(f"{p.label.split(' tasks')[0]} tasks: {p.execution_ms:.2f} ms "
                        f"execution, {_buffers(p)} buffers" for p in plans)
    return "\n".join([
        f"### newtask cost vs project size: {cost:.2f}× the CPU per request (target ≤ 1.5×) — "
        f"{_verdict(cost <= SCALE_TARGET)}{_proxy(bench)}", "",
        f"{stack(small):.2f} ms of stack CPU per newtask on "
        f"{bench.projects['small'].size:,} tasks ({small.measurement.rps:,.0f} req/s), "
        f"{stack(big):.2f} ms on {big.case.label.split('(')[1].rstrip(')')} "
        f"({big.measurement.rps:,.0f} req/s). "
        "The candidate query walks `ix_task_candidates_by_priority` (project_id, state, "
        "priority_0 DESC, id) from its start and stops at the first task the volunteer has "
        f"not answered, so its cost does not grow with the project: {timings}.", ""])


def _proxy(bench) -> str:
    if result(bench, "newtask_large"):
        return " (1,000,000 vs 10,000 tasks)"
    return (" for 100,000 vs 10,000 tasks; the target's 1,000,000 tasks are loaded by "
            "`BENCH_LARGE=1 make bench`")


def _buffers(plan) -> str:
    for line in plan.lines:
        if (found := re.search(r"Buffers: shared hit=(\d+)", line)):
            return found.group(1)
    return "?"


def history_section(bench) -> str | None:
    """newtask once task_run holds many answers of another project: the unscoped probe."""
    before, after = result(bench, "newtask"), result(bench, "newtask_history")
    grown = next((p for p in bench.plans if p.label.endswith(f"{bench.history_runs:,} task runs")),
                 None)
    scoped = next((p for p in bench.plans if "scoped" in p.label), None)
    if before is None or after is None or grown is None:
        return None
    return "\n".join([
        "### Answers stored in other projects", "",
        f"With {bench.history_runs:,} task runs stored (200,000 of them answers to the "
        f"10,000-task project), newtask on the 100,000-task project ran at "
        f"{after.measurement.rps:,.0f} req/s ({before.measurement.rps:,.0f} before) with "
        f"{group_ms(after, 'postgres'):.2f} ms of PostgreSQL CPU per request "
        f"({group_ms(before, 'postgres'):.2f} before). The NOT EXISTS probe of the candidate "
        "query names the project (`task_run.project_id = :project_id` beside the task and the "
        f"volunteer), so it looks up (project_id, volunteer) exactly: {_probe(grown)} — "
        f"{grown.execution_ms:.2f} ms, {_buffers(grown)} buffers. An earlier version probed "
        "without the project, and its cost then grew with every task run of every project "
        "(348 req/s in the same case, depending on task_run's statistics)."
        + (f" The hand-written scoped query for comparison: {scoped.execution_ms:.2f} ms, "
           f"{_buffers(scoped)} buffers." if scoped else ""), ""])


def _probe(plan) -> str:
    text = "\n".join(plan.lines)
    if "Seq Scan on task_run" in text:
        return "PostgreSQL reads task_run in full (Seq Scan) and materialises the uid's runs"
    if re.search(r"Index Cond: \(external_uid = ", text):
        return ("PostgreSQL scans the whole of `ix_task_run_project_id_external_uid` for the "
                "uid (its first column, project_id, is not constrained) and materialises it")
    return "the plan is below"


def list_section(bench) -> str | None:
    """The task list against the read limit (no target): where its time goes."""
    found, rl = result(bench, "list"), result(bench, "read_limit")
    p = profile(bench, "GET /api/task?limit=100")
    if found is None or rl is None or p is None:
        return None
    ratio = found.measurement.rps / rl.measurement.rps
    return "\n".join([
        f"### GET /api/task?project_id=..&limit=100: {pct(ratio)} of the read limit (no "
        "target)", "",
        f"One indexed SELECT, like the limit, but of 100 rows, each turned into an ORM "
        f"entity and rendered through marshmallow: {stack(found):.2f} ms of stack CPU per "
        f"request ({_split(found)}). In-process ({p.wall_ms:.2f} ms per request) marshmallow "
        f"takes {share_ms(p, 'marshmallow (rendering)'):.2f} ms, SQLAlchemy "
        f"{share_ms(p, 'SQLAlchemy'):.2f} ms and json {share_ms(p, 'json'):.2f} ms; rendering "
        "rows with plain functions (or serialising straight from Core rows) is where a faster "
        "list would come from.", ""])
