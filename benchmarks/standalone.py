"""Run one part of the benchmark alone: a fresh database, the server, one measurement."""

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import fixtures
from benchmarks.config import BenchConfig


def run_alone(name: str, measure: Callable[[BenchConfig, Any, str], Any]) -> Any:
    """Serve a snapshot of src/ over a new database and return `measure(config, app,
    api_key)`; everything is cleaned up afterwards, whatever happens."""
    from benchmarks import run, servers, snapshot  # run imports the parts that call this

    config = BenchConfig.from_env()
    log_dir = Path(tempfile.mkdtemp(prefix=f"pbf-bench-{name}-"))
    started: dict = {}
    try:
        src, _ = snapshot.take(log_dir, config.revision or None)
        config = dataclasses.replace(config, src_path=str(src))
        api_key = fixtures.prepare_database(config)
        started["app"] = app = servers.start_app(config, log_dir)
        return measure(config, app, api_key)
    finally:
        run.clean_up(config, started, log_dir)
