"""A Python load client (one process per keep-alive connection) for when wrk is missing.

It runs the same cases as the Lua scripts under lua/ and prints the same report, so the
numbers are read the same way; it costs far more CPU per request than wrk does.
"""

import http.client
import json
import multiprocessing
import random
import re
import time
import urllib.parse
from collections import Counter, defaultdict

from benchmarks.measurement import Measurement, from_report

TASK_ID = re.compile(rb'"id":\s*(\d+)')


class Recorder:
    """Latencies (microseconds) per series, counters, errors of one connection."""

    def __init__(self) -> None:
        self.series: dict[str, list[float]] = defaultdict(list)
        self.counters: Counter = Counter()
        self.errors = Counter()

    def call(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        path: str,
        headers: dict[str, str],
        body: str | None = None,
    ) -> tuple[int, bytes, float]:
        """One request on the connection; (status, body, microseconds)."""
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1e6
        self.series["all"].append(elapsed)
        if response.status >= 400:
            self.errors["status"] += 1
        return response.status, data, elapsed


def newtask(path: str, args: list[str], tid: int):
    """Distinct volunteers: a new external_uid per request."""
    headers = {"Authorization": f"Bearer {args[2]}"}
    prefix, counter = f"{args[0]}-{tid}-", iter(range(1, 1 << 62))

    def step(conn, rec: Recorder) -> None:
        status, body, _ = rec.call(
            conn, "GET", f"{args[1]}?external_uid={prefix}{next(counter)}", headers
        )
        rec.counters["served" if status == 200 and b'"id":' in body else "not_served"] += 1

    return step


def cycle(path: str, args: list[str], tid: int):
    """GET newtask then POST taskrun, a new volunteer per cycle."""
    get_headers = {"Authorization": f"Bearer {args[2]}"}
    post_headers = {**get_headers, "Content-Type": "application/json"}
    prefix, counter = f"{args[0]}-{tid}-", iter(range(1, 1 << 62))

    def step(conn, rec: Recorder) -> None:
        uid = f"{prefix}{next(counter)}"
        status, body, got = rec.call(conn, "GET", f"{args[1]}?external_uid={uid}", get_headers)
        rec.series["get"].append(got)
        found = TASK_ID.search(body) if status == 200 else None
        rec.counters["get_ok" if found else "get_failed"] += 1
        if not found:
            return
        payload = json.dumps(
            {"project_id": int(args[3]), "task_id": int(found.group(1)), "info": {"answer": "yes"}}
        )
        status, _, posted = rec.call(
            conn, "POST", f"/api/taskrun?external_uid={uid}", post_headers, payload
        )
        rec.series["post"].append(posted)
        rec.counters["post_ok" if status == 200 else "post_failed"] += 1
        if status == 200:
            rec.series["cycle"].append(got + posted)

    return step


def read(path: str, args: list[str], tid: int):
    """GET /read/{random task id}."""
    first, last = int(args[0]), int(args[1])
    chooser = random.Random(tid)

    def step(conn, rec: Recorder) -> None:
        rec.call(conn, "GET", f"/read/{chooser.randint(first, last)}", {})

    return step


def limit_cycle(path: str, args: list[str], tid: int):
    """GET /read/{random task id} then POST /write?project_id=N, back to back."""
    first, last, write_path = int(args[0]), int(args[1]), f"/write?project_id={args[2]}"
    chooser = random.Random(tid)

    def step(conn, rec: Recorder) -> None:
        status, _, got = rec.call(conn, "GET", f"/read/{chooser.randint(first, last)}", {})
        rec.series["get"].append(got)
        rec.counters["get_ok" if status == 200 else "get_failed"] += 1
        status, _, posted = rec.call(conn, "POST", write_path, {})
        rec.series["post"].append(posted)
        rec.counters["post_ok" if status == 200 else "post_failed"] += 1
        if status == 200:
            rec.series["cycle"].append(got + posted)

    return step


def static(path: str, args: list[str], tid: int):
    """The URL's own path and query, with the method in args[0]."""
    method = args[0] if args else "GET"

    def step(conn, rec: Recorder) -> None:
        status, _, _ = rec.call(conn, method, path, {})
        rec.counters["ok" if status < 300 else "failed"] += 1

    return step


CASES = {
    "newtask": newtask,
    "cycle": cycle,
    "read": read,
    "limit_cycle": limit_cycle,
    "static": static,
}


def _connection_loop(case: str, url: str, args: list[str], seconds: int, tid: int, results) -> None:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    step = CASES[case](path, args, tid)
    rec = Recorder()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        try:
            step(conn, rec)
        except (OSError, http.client.HTTPException):
            rec.errors["read"] += 1
            conn.close()
    results.put(
        {
            "series": dict(rec.series),
            "counters": dict(rec.counters),
            "errors": dict(rec.errors),
            "seconds": time.perf_counter() - started,
        }
    )


def _summary(values: list[float]) -> dict:
    values = sorted(values)
    if not values:
        return {"count": 0, "p50": 0.0, "p99": 0.0, "mean": 0.0}
    pick = lambda p: values[max(0, -(-len(values) * p // 100) - 1)]  # noqa: E731
    return {
        "count": len(values),
        "p50": pick(50),
        "p99": pick(99),
        "mean": sum(values) / len(values),
    }


def run(case: str, url: str, args: list[str], seconds: int, connections: int) -> Measurement:
    """Drive `url` from `connections` processes for `seconds`; the merged measurement."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(target=_connection_loop, args=(case, url, args, seconds, tid, results))
        for tid in range(1, connections + 1)
    ]
    for worker in workers:
        worker.start()
    parts = [results.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join(30)
    series, counters, errors = defaultdict(list), Counter(), Counter()
    for part in parts:
        for name, values in part["series"].items():
            series[name].extend(values)
        counters.update(part["counters"])
        errors.update(part["errors"])
    every = _summary(series.pop("all", []))
    return from_report(
        {
            "requests": every["count"],
            "duration_us": max(p["seconds"] for p in parts) * 1e6,
            "errors": {
                name: errors.get(name, 0)
                for name in ("connect", "read", "write", "status", "timeout")
            },
            "latency": every,
            "series": {name: _summary(v) for name, v in series.items()},
            "counters": dict(counters),
        }
    )
