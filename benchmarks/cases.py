"""The cases: what each one drives, on which server, and how its load is generated."""

import threading
import time
from dataclasses import dataclass, field

from benchmarks import cpu, database, pyload, wrk
from benchmarks.config import BenchConfig
from benchmarks.fixtures import BenchProject
from benchmarks.measurement import Measurement

SAMPLE_SECONDS = 0.2
STACK = ("app", "limits", "embedded", "postgres", "redis", "load generator")
QUIET_SHARE = 0.15  # a case is measured again when other processes took more of the machine
QUIET_WAIT_SECONDS = 15  # before each attempt, wait at most this long for a quiet second
ACTIVITY = (
    "SELECT count(*) FILTER (WHERE state <> 'idle'), "
    "count(*) FILTER (WHERE wait_event_type = 'Lock') "
    "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
# This database's backends and the server's own background processes (WAL writer, ...).
BACKENDS = (
    "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
    "(datname = current_database() OR (datname IS NULL "
    "AND backend_type <> 'client backend'))"
)


@dataclass(frozen=True)
class Case:
    """One load: a Lua/Python script over a URL with its arguments, on one server."""

    key: str
    label: str
    server: str  # "app" (PostgreSQL and Redis), "limits" or "embedded" (SQLite)
    script: str
    path: str
    args: tuple[str, ...] = ()

    @property
    def database(self) -> str:
        """The database behind the server this case drives."""
        return "sqlite" if self.server == "embedded" else "postgresql"


@dataclass
class Result:
    """A case's measurement with the CPU it cost and what PostgreSQL was doing meanwhile."""

    case: Case
    measurement: Measurement
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    active_backends: float = 0.0
    lock_waiters: float = 0.0
    attempts: int = 1

    @property
    def other_share(self) -> float:
        """The share of the machine's CPU that processes outside the stack took."""
        used = self.cpu_seconds
        if not used.get("machine_total"):
            return 0.0
        ours = sum(used.get(group, 0.0) for group in STACK)
        return max(0.0, used["machine_busy"] - ours) / used["machine_total"]


def newtask(key: str, project: BenchProject, tag: str, server: str = "app", note: str = "") -> Case:
    """newtask for a new external volunteer per request."""
    return Case(
        key,
        f"newtask ({project.size:,} tasks{note})",
        server,
        "newtask",
        "/",
        (tag, f"/api/project/{project.id}/newtask", project.token),
    )


def cycle(key: str, project: BenchProject, tag: str, server: str = "app") -> Case:
    """newtask then taskrun, a new external volunteer per cycle."""
    return Case(
        key,
        f"newtask → taskrun cycle ({project.size:,} tasks)",
        server,
        "cycle",
        "/",
        (tag, f"/api/project/{project.id}/newtask", project.token, str(project.id)),
    )


def task_list(key: str, project: BenchProject, server: str = "app") -> Case:
    """GET /api/task?project_id=..&limit=100, anonymously."""
    return Case(
        key,
        f"GET /api/task?project_id=..&limit=100 ({project.size:,} tasks)",
        server,
        "static",
        f"/api/task?project_id={project.id}&limit=100",
        ("GET",),
    )


def project_list() -> Case:
    """GET /api/project?limit=20, anonymously."""
    return Case(
        "project_list",
        "GET /api/project?limit=20",
        "app",
        "static",
        "/api/project?limit=20",
        ("GET",),
    )


def project_page(project: BenchProject) -> Case:
    """GET /project/<short_name>/, PYBOSSA's JSON project page (its figures), anonymously."""
    return Case(
        "project_page",
        f"GET /project/<short_name>/ ({project.size:,} tasks)",
        "app",
        "static",
        f"/project/{project.short_name}/",
        ("GET",),
    )


def task_browse(project: BenchProject) -> Case:
    """GET /project/<short_name>/tasks/browse/<n>, a page in the middle of the tasks."""
    middle = max(1, project.size // 20)  # 10 tasks a page
    return Case(
        "task_browse",
        f"GET /project/<short_name>/tasks/browse/{middle:,} ({project.size:,} tasks)",
        "app",
        "static",
        f"/project/{project.short_name}/tasks/browse/{middle}",
        ("GET",),
    )


def read_limit(project: BenchProject) -> Case:
    """One indexed SELECT of a random task by id."""
    return Case(
        "read_limit",
        "read limit: GET /read/{id} (one SELECT by id)",
        "limits",
        "read",
        "/",
        (str(project.first_task), str(project.last_task)),
    )


def write_limit(project: BenchProject) -> Case:
    """Claim (FOR UPDATE SKIP LOCKED), insert a run, count it: one transaction."""
    return Case(
        "write_limit",
        "write limit: POST /write (claim, insert run, update task)",
        "limits",
        "static",
        f"/write?project_id={project.id}",
        ("POST",),
    )


def limit_cycle(project: BenchProject) -> Case:
    """The limits app's cycle: GET /read/{id} then POST /write, back to back per connection."""
    return Case(
        "limit_cycle",
        "limit cycle: GET /read/{id} then POST /write",
        "limits",
        "limit_cycle",
        "/",
        (str(project.first_task), str(project.last_task), str(project.id)),
    )


def generator(config: BenchConfig):
    """The load generator's run function: wrk when it can be had, else the Python client."""
    if config.client == "python":
        return pyload.run
    if wrk.available():
        return wrk.run
    if config.client == "wrk":
        raise RuntimeError("BENCH_CLIENT=wrk but wrk is missing and cannot be installed")
    return pyload.run


def run_case(
    case: Case, config: BenchConfig, bases: dict[str, str], pids: dict[str, int], drive
) -> Result:
    """Measure the case; again (up to config.attempts) while other processes disturbed it.

    The attempt least disturbed by processes outside the stack is kept.
    """
    best = None
    for attempt in range(1, config.attempts + 1):
        result = _attempt(case, config, bases[case.server], pids, drive, attempt)
        if best is None or result.other_share < best.other_share:
            best = result
        best.attempts = attempt
        if result.other_share <= QUIET_SHARE:
            break
    return best


def _attempt(
    case: Case, config: BenchConfig, base: str, pids: dict[str, int], drive, attempt: int
) -> Result:
    """Warm up, then measure for config.seconds while counting CPU and sampling PostgreSQL."""
    url = base + case.path
    if not config.smoke:
        wait_for_quiet(pids)
    if config.warmup:  # wrk refuses a duration of 0 s
        drive(
            case.script,
            url,
            _tagged(case.args, f"warm{attempt}"),
            config.warmup,
            config.connections,
        )
    sampler = _Sampler(config.database_url)
    before = cpu.snapshot(pids)
    sampler.start()
    measured = drive(
        case.script, url, _tagged(case.args, f"main{attempt}"), config.seconds, config.connections
    )
    sampler.stop()
    used = cpu.spent(before, cpu.snapshot(pids))
    used["postgres"] = sampler.postgres_seconds()
    return Result(case, measured, used, *sampler.averages())


def wait_for_quiet(pids: dict[str, int]) -> None:
    """Wait (boundedly) for a second in which other programs leave the machine nearly idle."""
    deadline = time.monotonic() + QUIET_WAIT_SECONDS
    while time.monotonic() < deadline:
        before = cpu.snapshot(pids)
        time.sleep(1)
        used = cpu.spent(before, cpu.snapshot(pids))
        ours = sum(used.get(group, 0.0) for group in STACK if group != "postgres")
        if used["machine_busy"] - ours < 0.10 * used["machine_total"]:
            return


def _tagged(args: tuple[str, ...], phase: str) -> list[str]:
    """Volunteer-id tags differ between warm-up and measurement, so volunteers stay new."""
    if args and args[0].startswith("vol-"):
        return [f"{args[0]}-{phase}", *args[1:]]
    return list(args)


class _Sampler(threading.Thread):
    """5 times a second: active and lock-waiting backends, and the CPU of each backend."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.samples, self.halt = url, [], threading.Event()
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}

    def run(self) -> None:
        """Sample until stopped, on a connection of its own."""
        with database.connect(self.url) as connection, connection.cursor() as cursor:
            self._track(cursor, baseline=True)
            while not self.halt.wait(SAMPLE_SECONDS):
                cursor.execute(ACTIVITY)
                self.samples.append(cursor.fetchone())
                self._track(cursor)
            self._track(cursor)

    def _track(self, cursor, baseline: bool = False) -> None:
        """Last CPU seen per backend; a backend born during the case starts from zero."""
        cursor.execute(BACKENDS)
        for (pid,) in cursor.fetchall():
            seconds = cpu.process_seconds(pid)
            if seconds is not None:
                self.first.setdefault(pid, seconds if baseline else 0.0)
                self.last[pid] = seconds

    def postgres_seconds(self) -> float:
        """CPU seconds this database's backends and the background processes used."""
        return sum(self.last[pid] - self.first[pid] for pid in self.last)

    def stop(self) -> None:
        """Stop sampling and wait for the last sample."""
        self.halt.set()
        self.join(10)

    def averages(self) -> tuple[float, float]:
        """Mean active backends and mean backends waiting on a lock."""
        if not self.samples:
            return 0.0, 0.0
        n = len(self.samples)
        return sum(s[0] for s in self.samples) / n, sum(s[1] for s in self.samples) / n
