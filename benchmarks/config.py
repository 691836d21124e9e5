"""BenchConfig.from_env: every knob of the benchmark, read once from the environment."""
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
REPORT_PATH = ROOT / "docs" / "benchmarks.md"

MAIN_TASKS = 100_000
SMALL_TASKS = 10_000
LARGE_TASKS = 1_000_000
N_ANSWERS = 1_000_000  # never reached during a run: no task completes, every run is alike


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


@dataclass(frozen=True)
class BenchConfig:
    """Sizes, durations, concurrency and the services the benchmark uses."""

    large: bool
    seconds: int
    warmup: int
    connections: int
    workers: int
    attempts: int
    client: str
    pg_admin_url: str
    redis_url: str
    revision: str = ""
    src_path: str = ""
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))

    @classmethod
    def from_env(cls) -> "BenchConfig":
        """BENCH_LARGE, BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_REVISION, ..."""
        env = os.environ
        return cls(
            large=env.get("BENCH_LARGE", "") not in ("", "0"),
            seconds=_int("BENCH_SECONDS", 15),
            warmup=_int("BENCH_WARMUP", 3),
            connections=_int("BENCH_CONNECTIONS", 16),
            workers=_int("WEB_CONCURRENCY", 4),
            attempts=max(1, _int("BENCH_ATTEMPTS", 2)),
            client=env.get("BENCH_CLIENT", "auto"),
            pg_admin_url=env.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
            redis_url=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
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

    @property
    def scale_sizes(self) -> tuple[int, int]:
        """(small, large) task counts compared for newtask's cost."""
        return (SMALL_TASKS, LARGE_TASKS if self.large else MAIN_TASKS)
