"""Start the real `pybossa-falcon serve` (gunicorn) on a free loopback port for a test."""
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
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
    done = subprocess.run([str(BIN / "pybossa-falcon"), *args], env=env, capture_output=True,
                          text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def server_env(database_url: str, storage: Path, **extra: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "BIND": f"127.0.0.1:{free_port()}",
           "STORAGE_DIR": str(storage), "METRICS_DIR": str(storage.parent / "metrics"),
           "BCRYPT_ROUNDS": "4", "SECRET_KEY": "test-secret",
           "RATE_LIMIT": UNTHROTTLED}
    env.pop("REDIS_URL", None)
    return {**env, **extra}


@contextlib.contextmanager
def serving(env: dict, stdout=subprocess.DEVNULL) -> Iterator[str]:
    """Run gunicorn until the block ends; yields the base URL once it listens.

    Its standard output (the access lines) goes to `stdout`: nowhere, or an open file.
    """
    process = subprocess.Popen([str(BIN / "pybossa-falcon"), "serve"], env=env,
                               stdout=stdout, stderr=subprocess.PIPE, text=True)
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
