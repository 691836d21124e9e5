"""BenchConfig.from_env: every knob of the benchmark, read once from the environment."""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RESULTS_DIR = ROOT / "benchmarks" / "results"

N_ANSWERS = 1_000_000  # never reached during a run: no task completes, every run is alike


@dataclass(frozen=True)
class Sizes:
    """How much data each part of a run creates or sends."""

    main_tasks: int
    small_tasks: int
    large_tasks: int
    sqlite_tasks: int
    history_runs_per_task: int
    profile_requests: int
    export_runs: tuple[int, ...]
    import_tasks: int
    site_import_runs: tuple[int, int]  # task runs of the small and the large PYBOSSA site


FULL = Sizes(
    main_tasks=100_000,
    small_tasks=10_000,
    large_tasks=1_000_000,
    sqlite_tasks=100_000,
    history_runs_per_task=20,
    profile_requests=300,
    export_runs=(10_000, 1_000_000),
    import_tasks=100_000,
    site_import_runs=(100_000, 1_000_000),
)
# Seconds, not minutes: the smoke run only proves that every part still works.
SMOKE = Sizes(
    main_tasks=300,
    small_tasks=200,
    large_tasks=1_000,
    sqlite_tasks=300,
    history_runs_per_task=2,
    profile_requests=5,
    export_runs=(100, 1_000),
    import_tasks=1_000,
    site_import_runs=(1_000, 10_000),
)


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


@dataclass(frozen=True)
class BenchConfig:
    """Mode, sizes, durations, concurrency, the services used and where results go."""

    smoke: bool
    sizes: Sizes
    large: bool
    seconds: int
    warmup: int
    connections: int
    workers: int
    attempts: int
    client: str
    pg_admin_url: str
    redis_url: str
    output: Path
    revision: str = ""
    src_path: str = ""
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))

    @classmethod
    def from_env(cls, smoke: bool = False) -> "BenchConfig":
        """BENCH_SMOKE, BENCH_LARGE, BENCH_SECONDS, BENCH_OUTPUT, ...; smoke changes defaults."""
        env = os.environ
        smoke = smoke or _flag("BENCH_SMOKE")
        default_output = RESULTS_DIR / ("smoke.json" if smoke else "latest.json")
        return cls(
            smoke=smoke,
            sizes=SMOKE if smoke else FULL,
            large=_flag("BENCH_LARGE"),
            seconds=_int("BENCH_SECONDS", 1 if smoke else 15),
            warmup=_int("BENCH_WARMUP", 0 if smoke else 3),
            connections=_int("BENCH_CONNECTIONS", 4 if smoke else 16),
            workers=_int("WEB_CONCURRENCY", 2 if smoke else 4),
            attempts=1 if smoke else max(1, _int("BENCH_ATTEMPTS", 2)),
            # The Python client needs nothing installed; wrk may be missing and not installable.
            client=env.get("BENCH_CLIENT", "python" if smoke else "auto"),
            pg_admin_url=env.get(
                "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
            ),
            redis_url=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
            output=Path(env.get("BENCH_OUTPUT", "") or default_output),
            revision=env.get("BENCH_REVISION", ""),
        )

    @property
    def python_path(self) -> str:
        """The frozen copy of src/ first, then the repository root (for benchmarks/)."""
        return f"{self.src_path}:{ROOT}" if self.src_path else str(ROOT)

    @property
    def database(self) -> str:
        """The name of the throw-away database of this run."""
        return f"pbf_bench_{self.run_id}"

    @property
    def database_url(self) -> str:
        """The benchmark database on the admin URL's server."""
        return self.pg_admin_url.rsplit("/", 1)[0] + "/" + self.database

    @property
    def redis_prefix(self) -> str:
        """A Redis key prefix no other installation uses."""
        return f"pbfbench{self.run_id}"
