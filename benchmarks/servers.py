"""Gunicorn servers as subprocesses: pybossa-falcon on PostgreSQL and Redis, pybossa-falcon
embedded (SQLite, no Redis) and the minimal limits app."""

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.config import ROOT, VENV_BIN, BenchConfig

START_SECONDS = 60
STOP_SECONDS = 40


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(config: BenchConfig, bind: str) -> dict[str, str]:
    """The shipped settings: PostgreSQL, Redis under our prefix, WEB_CONCURRENCY workers."""
    env = dict(os.environ)
    env.update(
        BIND=bind,
        WEB_CONCURRENCY=str(config.workers),
        DATABASE_URL=config.database_url,
        REDIS_URL=config.redis_url,
        REDIS_PREFIX=config.redis_prefix,
        SECRET_KEY=f"bench-{config.run_id}",
        PYTHONPATH=config.python_path,
        LOG_LEVEL="INFO",
        RATE_LIMIT="1000000000/minute",
    )  # counted as in production, never throttled
    return env


def embedded_env(config: BenchConfig, bind: str) -> dict[str, str]:
    """The embedded default: no DATABASE_URL (SQLite under the working directory's var/), no
    REDIS_URL (so one gthread worker with WEB_THREADS threads), never throttled."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "REDIS_PREFIX", "WEB_CONCURRENCY"):
        env.pop(name, None)
    env.update(
        BIND=bind,
        SECRET_KEY=f"bench-{config.run_id}",
        PYTHONPATH=config.python_path,
        LOG_LEVEL="INFO",
        RATE_LIMIT="1000000000/minute",
    )
    return env


@dataclass
class Server:
    """A running gunicorn master, its address and its log files."""

    name: str
    process: subprocess.Popen
    base_url: str
    log_dir: Path

    def stop(self) -> None:
        """SIGTERM the master (graceful), SIGKILL it if it has not gone in time."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def errors(self) -> str:
        """The tail of the server's error log."""
        return _tail(self.log_dir / f"{self.name}.err")


def start(name: str, command: list[str], log_dir: Path, env_for, cwd: Path = ROOT) -> Server:
    """Start a gunicorn command with env_for(bind) in cwd; wait until it says "Listening at"."""
    port = free_port()
    bind = f"127.0.0.1:{port}"
    err_path = log_dir / f"{name}.err"
    with open(log_dir / f"{name}.out", "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen(
            command, cwd=cwd, env=env_for(bind), stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
    server = Server(name, process, f"http://{bind}", log_dir)
    _wait_listening(server, err_path)
    return server


def start_app(config: BenchConfig, log_dir: Path) -> Server:
    """`pybossa-falcon serve` with the shipped gunicorn settings."""
    return start(
        "pybossa-falcon",
        [str(VENV_BIN / "pybossa-falcon"), "serve"],
        log_dir,
        lambda bind: server_env(config, bind),
    )


def start_embedded(config: BenchConfig, log_dir: Path, data_dir: Path) -> Server:
    """`pybossa-falcon serve` with the embedded defaults, its SQLite file under data_dir."""
    return start(
        "pybossa-falcon-embedded",
        [str(VENV_BIN / "pybossa-falcon"), "serve"],
        log_dir,
        lambda bind: embedded_env(config, bind),
        cwd=data_dir,
    )


def start_limits(config: BenchConfig, log_dir: Path) -> Server:
    """The minimal Falcon app under the same gunicorn settings."""
    command = [str(VENV_BIN / "gunicorn"), "--config", "python:benchmarks.limits_gunicorn"]
    return start("limits", command, log_dir, lambda bind: server_env(config, bind))


def _wait_listening(server: Server, err_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{_tail(err_path)}")
        if b"Listening at" in err_path.read_bytes():
            _wait_booted(server)
            return
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{server.name} did not start in {START_SECONDS} s:\n{_tail(err_path)}")


def _wait_booted(server: Server) -> None:
    """Workers import the app after the master listens; wait for one to answer."""
    host, port = server.base_url.removeprefix("http://").split(":")
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, int(port)), timeout=1) as probe:
                probe.sendall(b"GET /ping HTTP/1.0\r\n\r\n")
                if probe.recv(16).startswith(b"HTTP/"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{server.name} never answered")


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
