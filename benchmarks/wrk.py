"""wrk (Debian's package) as the load generator, installed with apt-get when missing."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.measurement import Measurement, from_report

LUA = Path(__file__).resolve().parent / "lua"


def available() -> bool:
    """wrk is on PATH, or root could install it from Debian's packages just now."""
    if shutil.which("wrk"):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=300,
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        if done.returncode != 0:
            return False
    return shutil.which("wrk") is not None


def version() -> str:
    """wrk's own version line."""
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0].split(" Copyright")[0].strip()


def run(case: str, url: str, args: list[str], seconds: int, connections: int) -> Measurement:
    """Drive `url` with lua/<case>.lua for `seconds`, one thread per connection."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write((LUA / "common.lua").read_text() + "\n" + (LUA / f"{case}.lua").read_text())
    try:
        command = [
            "wrk",
            f"-t{connections}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            url,
            "--",
            *args,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    finally:
        os.unlink(script.name)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return from_report(json.loads(line.removeprefix("BENCH_JSON ")))
    raise RuntimeError(f"wrk printed no report:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
