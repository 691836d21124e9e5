"""The benchmark harness in smoke mode (tiny projects, 1 s per case, the Python load client)
runs every case end to end, so `make bench` cannot rot between full runs.

It uses the test PostgreSQL (the harness creates and drops a database of its own there) and the
test Redis (under a key prefix of its own): missing either skips, and fails on CI.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

REPOSITORY = Path(__file__).resolve().parents[2]
SMOKE_TIMEOUT = 240  # about 30 s when it works; a hung server must not hang the suite
EVERY_CASE = {
    "read_limit",
    "newtask",
    "newtask_small",
    "list",
    "project_list",
    "project_page",
    "task_browse",
    "cycle",
    "limit_cycle",
    "write_limit",
    "newtask_history",
    "sqlite_newtask",
    "sqlite_list",
    "sqlite_cycle",
}
# Knobs a developer may have exported for full runs; the smoke run uses its own defaults.
FULL_RUN_KNOBS = (
    "BENCH_SECONDS",
    "BENCH_WARMUP",
    "BENCH_CONNECTIONS",
    "BENCH_CLIENT",
    "BENCH_LARGE",
    "BENCH_REVISION",
    "BENCH_ATTEMPTS",
)


def smoke_env(postgres_url: str, redis_url: str) -> dict[str, str]:
    """This environment without full-run knobs, pointed at the test services."""
    env = {name: value for name, value in os.environ.items() if name not in FULL_RUN_KNOBS}
    libpq_url = make_url(postgres_url).set(drivername="postgresql")  # psycopg2 reads it as is
    env.update(
        BENCH_POSTGRES_URL=libpq_url.render_as_string(hide_password=False),
        BENCH_REDIS_URL=redis_url,
    )
    return env


def run_smoke(postgres_url: str, redis_url: str, tmp_path: Path) -> dict:
    """The JSON results of `python -m benchmarks.run --smoke` against the test services."""
    output = tmp_path / "smoke.json"
    env = smoke_env(postgres_url, redis_url)
    env["BENCH_OUTPUT"] = str(output)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-6000:]
    assert output.with_suffix(".md").read_text().startswith("| case |")
    return json.loads(output.read_text())


@pytest.mark.postgres
def test_smoke_run_measures_every_case_and_records_the_rest(
    bare_postgres_url, redis_client, redis_url, tmp_path
):
    results = run_smoke(bare_postgres_url, redis_url, tmp_path)
    cases = {case["key"]: case for case in results["cases"]}
    assert set(cases) == EVERY_CASE
    for key, case in cases.items():
        assert case["requests"] > 0, key
        assert case["errors"] == 0, (key, case["counters"])
    assert cases["cycle"]["comparison"]["limit"] == "limit_cycle"
    assert cases["limit_cycle"]["computed_cycles_per_s"] > 0
    assert results["mode"] == "smoke"
    assert results["plans"] and results["profiles"]
    assert all(layer["cpu_us"] > 0 for layer in results["newtask_app_cpu_us"])
    assert results["scaling"]["cpu_cost_ratio"] > 0
    assert all(export["complete"] for export in results["exports"])
    sites = results["site_import"]["imports"]
    assert [site["imported_runs"] for site in sites] == [site["task_runs"] for site in sites]
    imported = results["bulk_import"]
    assert imported["first"]["imported"] == imported["first"]["rows"] > 0


def test_the_levers_smoke_run_compares_two_revisions(
    bare_postgres_url, redis_client, redis_url, tmp_path
):
    """`python -m benchmarks.levers --smoke` on the work tree and HEAD: every case of both
    measured without errors, and the table shows the second's change from the first."""
    output = tmp_path / "levers.json"
    env = smoke_env(bare_postgres_url, redis_url)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.levers",
            "--smoke",
            "--output",
            str(output),
            "worktree",
            "HEAD",
        ],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-6000:]
    levers = json.loads(output.read_text())["levers"]
    assert [lever["revision"] for lever in levers] == ["worktree", "HEAD"]
    for lever in levers:
        assert set(lever["cases"]) == {"read_limit", "newtask", "list", "cycle", "limit_cycle"}
        assert all(case["errors"] == 0 and case["rate"] > 0 for case in lever["cases"].values()), (
            lever
        )
    last_row = output.with_suffix(".md").read_text().strip().splitlines()[-1]
    assert last_row.startswith("| HEAD |") and "×)" in last_row


@pytest.mark.postgres
def test_the_layers_smoke_run_measures_every_variant(bare_postgres_url, redis_client, redis_url):
    """`python -m benchmarks.layers --smoke`: every variant answered 200 and took CPU."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.layers", "--smoke"],
        cwd=REPOSITORY,
        env=smoke_env(bare_postgres_url, redis_url),
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-6000:]
    layers = json.loads(done.stdout)
    assert layers[0]["label"].startswith("an empty Falcon app")
    assert layers[-1]["label"].startswith("newtask as served")
    assert len(layers) == 6 and all(layer["cpu_us"] > 0 for layer in layers)
