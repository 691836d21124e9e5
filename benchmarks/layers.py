"""What a newtask's app CPU is made of: the same request in-process, one part of the stack
taken away at a time, each variant's CPU time (this process only) per request.

`make bench` records it; `python -m benchmarks.layers` (`make bench-layers`, about a minute)
measures only this, on the work tree, in a database of its own: CPU time of one process is
steadier than req/s under load, so it shows levers too small for the load cases to resolve.
"""

import argparse
import dataclasses
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import fixtures, run, servers
from benchmarks.config import BenchConfig
from benchmarks.fixtures import BenchProject
from benchmarks.servers import server_env

BATCHES = 9


@dataclass(frozen=True)
class Layer:
    """One variant: the median over batches of this process's CPU per request."""

    label: str
    cpu_us: float


def measure(config: BenchConfig, project: BenchProject, requests: int) -> list[Layer]:
    """From an empty Falcon app up to newtask as served; each row adds one part."""
    from adapters import memory_store

    served = _settings(config)
    unthrottled = dataclasses.replace(served, rate_limit_enabled=False)
    in_memory = {"stamps": memory_store.MemoryTaskStamps(), "locks": memory_store.MemoryTaskLocks()}
    variants = [
        ("an empty Falcon app answering {} (test client and Falcon)", _bare_app(), "/", {}),
        (
            "GET /health through the served middleware (no rate limit)",
            _app(unthrottled, {}),
            "/health",
            {},
        ),
        (
            "newtask by an anonymous volunteer, no rate limit, stamps in memory (no Redis)",
            _app(unthrottled, in_memory),
            *_newtask(project, token=False),
        ),
        (
            "newtask with a project token, no rate limit, stamps in memory (no Redis)",
            _app(unthrottled, in_memory),
            *_newtask(project, token=True),
        ),
        (
            "newtask with a project token, no rate limit, stamps in Redis",
            _app(unthrottled, {}),
            *_newtask(project, token=True),
        ),
        (
            "newtask as served: project token, rate limit and stamps in Redis",
            _app(served, {}),
            *_newtask(project, token=True),
        ),
    ]
    return [
        Layer(label, cpu_us)
        for (label, *_), cpu_us in zip(
            variants,
            _interleaved_cpu_us([request for _, *request in variants], requests),
            strict=True,
        )
    ]


def _settings(config: BenchConfig):
    from entrypoints.settings import Settings

    return Settings.from_env(server_env(config, "127.0.0.1:8080"))


def _app(settings, overrides: dict):
    from falcon import testing

    from entrypoints.bootstrap import bootstrap
    from entrypoints.wsgi import create_app

    return testing.TestClient(create_app(bootstrap(settings, **overrides)))


def _bare_app():
    import falcon
    from falcon import testing

    class Empty:
        def on_get(self, req, resp) -> None:
            resp.media = {}

    app = falcon.App()
    app.add_route("/", Empty())
    return testing.TestClient(app)


def _newtask(project: BenchProject, token: bool) -> tuple[str, dict]:
    path = f"/api/project/{project.id}/newtask"
    return path, ({"Authorization": f"Bearer {project.token}"} if token else {})


def _interleaved_cpu_us(requests_of: list[tuple], requests: int) -> list[float]:
    """Each variant's median over batches of CPU microseconds per request. The variants take
    turns batch by batch, so a machine getting faster or slower meanwhile moves them alike;
    the first round warms up. Every volunteer with a token is new."""
    taken: list[list[float]] = [[] for _ in requests_of]
    for batch in range(BATCHES + 1):
        for index, (client, path, headers) in enumerate(requests_of):
            started = time.process_time()
            for n in range(requests):
                params = {"external_uid": f"layers-{batch}-{n}"} if headers else None
                _check(client.simulate_get(path, params=params, headers=headers), path)
            if batch:
                taken[index].append((time.process_time() - started) / requests * 1e6)
    return [statistics.median(batches) for batches in taken]


def _check(result, path: str) -> None:
    if result.status_code != 200:
        raise RuntimeError(f"{path} answered {result.status_code}: {result.text[:300]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.layers")
    parser.add_argument("--smoke", action="store_true", help="a tiny project, a few requests")
    parser.add_argument(
        "--requests",
        type=int,
        default=None,
        help="requests per batch (default: the profile's count)",
    )
    args = parser.parse_args(argv)
    config = BenchConfig.from_env(smoke=args.smoke)
    log_dir = Path(tempfile.mkdtemp(prefix="pbf-layers-"))
    started: dict[str, servers.Server] = {}
    try:
        project = fixtures.served_project(config, log_dir, started)
        found = measure(config, project, args.requests or config.sizes.profile_requests)
    finally:
        run.clean_up(config, started, log_dir)
    print(json.dumps([dataclasses.asdict(layer) for layer in found], indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
