"""Facts about the machine and the software the numbers were measured on."""
import os
import platform

import falcon
import gunicorn
import sqlalchemy

from benchmarks import database


def _meminfo_gib() -> float:
    with open("/proc/meminfo") as meminfo:
        kib = int(meminfo.readline().split()[1])
    return kib / 1024 / 1024


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _redis_version(url: str) -> str:
    import redis
    try:
        return redis.Redis.from_url(url, socket_timeout=5).info("server")["redis_version"]
    except redis.RedisError as exc:
        return f"unknown ({exc})"


def collect(pg_admin_url: str, redis_url: str) -> dict[str, str]:
    """nproc, memory, CPU, kernel, Python, PostgreSQL and its settings, Redis, libraries."""
    pg = database.server_facts(pg_admin_url)
    uname = platform.uname()
    return {
        "cores (nproc)": str(os.cpu_count()),
        "memory": f"{_meminfo_gib():.1f} GiB",
        "CPU": _cpu_model(),
        "kernel": f"{uname.system} {uname.release}",
        "Python": platform.python_version(),
        "PostgreSQL": pg.pop("server_version"),
        "PostgreSQL settings": ", ".join(f"{k}={v}" for k, v in pg.items()),
        "Redis": _redis_version(redis_url),
        "libraries": f"falcon {falcon.__version__}, gunicorn {gunicorn.__version__}, "
                     f"SQLAlchemy {sqlalchemy.__version__}",
        "load average before the run": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }

