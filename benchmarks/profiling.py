"""Where a request's time goes: the app in-process (Falcon's test client) under cProfile."""

import cProfile
import pstats
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass

from benchmarks.config import BenchConfig
from benchmarks.fixtures import BenchProject
from benchmarks.servers import server_env

# (category, test on "file:function") in order; the first that matches wins.
CATEGORIES = (
    ("test client (not served)", lambda f: "falcon/testing" in f or "wsgiref" in f),
    ("PostgreSQL round trips (psycopg2)", lambda f: "psycopg2" in f),
    ("Redis round trips", lambda f: "/redis/" in f or "_socket.socket" in f),
    ("SQLAlchemy", lambda f: "/sqlalchemy/" in f),
    ("marshmallow (rendering)", lambda f: "/marshmallow/" in f),
    ("Falcon", lambda f: "/falcon/" in f),
    ("PyJWT", lambda f: "/jwt/" in f),
    ("json", lambda f: "json" in f),
    ("pybossa-falcon (src/)", lambda f: "/src/" in f),
)


@dataclass(frozen=True)
class Profile:
    """Median wall milliseconds per request (unprofiled), shares of own time by category."""

    label: str
    requests: int
    wall_ms: float
    shares: list[tuple[str, float]]
    top: list[tuple[str, float]]
    statements: list[tuple[str, float]]


def _client(config: BenchConfig):
    from falcon import testing

    from entrypoints.bootstrap import bootstrap
    from entrypoints.settings import Settings
    from entrypoints.wsgi import create_app

    settings = Settings.from_env(server_env(config, "127.0.0.1:8080"))
    return testing.TestClient(create_app(bootstrap(settings)))


def scenarios(project: BenchProject):
    """label -> a function(client, n) doing one request (or one cycle)."""
    bearer = {"Authorization": f"Bearer {project.token}"}
    newtask = f"/api/project/{project.id}/newtask"

    def get_task(client, n):
        return client.simulate_get(newtask, params={"external_uid": f"prof-{n}"}, headers=bearer)

    def cycle(client, n):
        uid = f"prof-cycle-{n}"
        got = client.simulate_get(newtask, params={"external_uid": uid}, headers=bearer)
        task_id = got.json["id"]
        return client.simulate_post(
            "/api/taskrun",
            params={"external_uid": uid},
            headers=bearer,
            json={"project_id": project.id, "task_id": task_id, "info": {"answer": "yes"}},
        )

    def task_list(client, n):
        return client.simulate_get(
            "/api/task", params={"project_id": str(project.id), "limit": "100"}
        )

    return {
        "newtask": get_task,
        "newtask → taskrun cycle": cycle,
        "GET /api/task?limit=100": task_list,
    }


def profile(config: BenchConfig, project: BenchProject, requests: int = 300) -> list[Profile]:
    """Each scenario: warm up, time it plainly, then once more under cProfile."""
    client = _client(config)
    found = []
    for label, scenario in scenarios(project).items():
        for n in range(30):
            _check(scenario(client, f"warm-{n}"))
        with _StatementCounter() as statements:
            wall_ms = _median_ms(scenario, client, requests)
        profiler = cProfile.Profile()
        profiler.runcall(_repeat, scenario, client, requests)
        shares, top = _breakdown(pstats.Stats(profiler))
        per_request = [(sql, n / requests) for sql, n in statements.counts.most_common()]
        found.append(Profile(label, requests, wall_ms, shares, top, per_request))
    return found


def _median_ms(scenario, client, requests: int) -> float:
    """The median wall time of one call, in milliseconds (robust to a busy machine)."""
    took = []
    for n in range(requests):
        started = time.perf_counter()
        scenario(client, f"plain-{n}")
        took.append(time.perf_counter() - started)
    return statistics.median(took) * 1000


def _repeat(scenario, client, requests: int) -> None:
    for n in range(requests):
        scenario(client, f"prof-{n}")


class _StatementCounter:
    """Counts what SQLAlchemy sends to PostgreSQL: statements, pool checkouts, commits..."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()

    def __enter__(self) -> "_StatementCounter":
        from sqlalchemy import event
        from sqlalchemy.engine import Engine
        from sqlalchemy.pool import Pool

        self._hooks = [
            (Engine, "before_cursor_execute", self._statement),
            (Engine, "begin", self._in_transaction("BEGIN")),
            (Engine, "commit", self._in_transaction("COMMIT")),
            (Engine, "rollback", self._in_transaction("ROLLBACK")),
            (Pool, "checkout", self._named("pool checkout (no round trip)")),
        ]
        for target, name, hook in self._hooks:
            event.listen(target, name, hook)
        return self

    def __exit__(self, *exc_info) -> None:
        from sqlalchemy import event

        for target, name, hook in self._hooks:
            event.remove(target, name, hook)

    def _statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.counts[_shape(statement)] += 1

    def _named(self, name: str):
        def hook(*args) -> None:
            self.counts[name] += 1

        return hook

    def _in_transaction(self, name: str):
        """BEGIN/COMMIT/ROLLBACK, counted only where they reach the server (not autocommit)."""

        def hook(conn, *args) -> None:
            if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
                self.counts[name] += 1

        return hook


def _shape(statement: str) -> str:
    """A statement's gist: its verb, its table and, for a SELECT, what it filters on."""
    flat = " ".join(statement.split())
    verb = flat.split(" ", 1)[0].upper()
    table = re.search(r"(?:FROM|INTO|UPDATE) \"?(\w+)", flat)
    lock = " FOR UPDATE" if "FOR UPDATE" in flat else ""
    where = re.search(r"WHERE (.{0,60})", flat)
    return f"{verb} {table.group(1) if table else ''}{lock}" + (
        f" WHERE {where.group(1)}…" if verb == "SELECT" and where else ""
    )


def _check(result) -> None:
    if result.status_code >= 300:
        raise RuntimeError(f"profiling request failed: {result.status_code} {result.text[:300]}")


def _breakdown(stats: pstats.Stats) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Share of own time per category (test client excluded), and the top functions."""
    own, functions = Counter(), Counter()
    for (filename, line, name), (_, _, tottime, _, _) in stats.stats.items():
        where = f"{filename}:{name}"
        category = next((c for c, test in CATEGORIES if test(where)), "other")
        own[category] += tottime
        if category != "test client (not served)":
            functions[f"{_short(filename)}:{line}({name})"] += tottime
    own.pop("test client (not served)", None)
    total = sum(own.values()) or 1.0
    shares = [(name, 100 * t / total) for name, t in own.most_common()]
    top = [(name, 100 * t / total) for name, t in functions.most_common(8)]
    return shares, top


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
