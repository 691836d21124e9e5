"""Start the real `pybossa-falcon serve` (gunicorn) on a free loopback port, and the real
`pybossa-falcon worker` (dramatiq), each in its own process, for a test."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

BIN = Path(sys.executable).parent
# The suites send tens of thousands of requests from 127.0.0.1: counted, never throttled.
UNTHROTTLED = "1000000000/minute"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(env: dict, *args: str) -> dict:
    """Run a `pybossa-falcon` command and return the JSON it prints."""
    done = subprocess.run(
        [str(BIN / "pybossa-falcon"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def server_env(database_url: str, storage: Path, **extra: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BIND": f"127.0.0.1:{free_port()}",
        "STORAGE_DIR": str(storage),
        "METRICS_DIR": str(storage.parent / "metrics"),
        "BCRYPT_ROUNDS": "4",
        "SECRET_KEY": "test-secret",
        "RATE_LIMIT": UNTHROTTLED,
    }
    env.pop("REDIS_URL", None)
    return {**env, **extra}


@contextlib.contextmanager
def serving(env: dict, stdout=subprocess.DEVNULL) -> Iterator[str]:
    """Run gunicorn until the block ends; yields the base URL once it listens.

    Its standard output (the access lines) goes to `stdout`: nowhere, or an open file.
    """
    process = subprocess.Popen(
        [str(BIN / "pybossa-falcon"), "serve"],
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in process.stderr:  # gunicorn logs "Listening at" once the socket is bound
            if "Listening at" in line:
                break
        else:
            raise RuntimeError("gunicorn exited before listening")
        # Keep reading its log, so that a full pipe never blocks the server.
        threading.Thread(target=process.stderr.read, daemon=True).start()
        yield f"http://{env['BIND']}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until(
    check: Callable[[], object], what: str, timeout: float = 30.0, interval: float = 0.05
):
    """Poll `check` until it returns something true (returned), failing after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up after {timeout} s waiting for {what}")
        time.sleep(interval)
    return found


class WorkerProcess:
    """`pybossa-falcon worker` as an operator starts it, in a process group of its own (the
    dramatiq master forks the worker processes); its log lines are kept in `lines`."""

    def __init__(self, env: dict, processes: int = 1, threads: int = 2) -> None:
        self.processes = processes
        self.process = subprocess.Popen(
            [
                str(BIN / "pybossa-falcon"),
                "worker",
                "--processes",
                str(processes),
                "--threads",
                str(threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._keep_lines, daemon=True).start()

    def _keep_lines(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def logged(self, text: str) -> int:
        """How many log lines so far contain `text`."""
        return sum(text in line for line in list(self.lines))

    def wait_for_log(self, text: str, times: int = 1, timeout: float = 60.0) -> None:
        def seen() -> bool:
            if self.process.poll() is not None and self.logged(text) < times:
                raise AssertionError(
                    f"The worker exited ({self.process.returncode}) before "
                    f"logging {text!r}:\n{''.join(self.lines)}"
                )
            return self.logged(text) >= times

        wait_until(seen, f"the worker to log {text!r}", timeout)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        """Send `signum` to the dramatiq master, as a service manager does; its exit status."""
        self.process.send_signal(signum)
        return self.process.wait(timeout=timeout)

    def kill_all(self) -> None:
        """SIGKILL the whole group (master and forked workers) unless it is gone."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@contextlib.contextmanager
def working(env: dict, processes: int = 1, threads: int = 2) -> Iterator[WorkerProcess]:
    """Run the worker until the block ends; yields it once every worker process is ready."""
    worker = WorkerProcess(env, processes, threads)
    try:
        worker.wait_for_log("is ready for action", times=processes)
        yield worker
    finally:
        if worker.process.poll() is None:
            worker.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=30)
        worker.kill_all()


class HalfSentRequest:
    """GET /health whose last line is held back: the sync worker that accepted it waits for
    it, so every other request goes to another worker until `finish`."""

    def __init__(self, base_url: str) -> None:
        host, port = base_url.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.sock.sendall(b"GET /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n")

    def finish(self) -> bytes:
        self.sock.sendall(b"\r\n")
        answer = b""
        while chunk := self.sock.recv(65536):
            answer += chunk
        self.sock.close()
        return answer
