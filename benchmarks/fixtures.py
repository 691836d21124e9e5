"""The benchmark's data: schema, an owner, published projects of bulk-loaded tasks, tokens."""

import functools
import json
import subprocess
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import database, servers
from benchmarks.config import ROOT, VENV_BIN, BenchConfig

PRESENTER = "<div id='question'></div><button>Yes</button><button>No</button>"


@dataclass(frozen=True)
class BenchProject:
    """A published project of `size` tasks and the external volunteers' token for it."""

    id: int
    short_name: str
    size: int
    token: str
    first_task: int
    last_task: int


def call(
    method: str, url: str, body: dict | None = None, headers: dict[str, str] | None = None
) -> str:
    """One HTTP request; the body of a 2xx answer (anything else raises)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def cli(config: BenchConfig, *args: str, database_url: str | None, cwd: Path = ROOT) -> str:
    """Run `pybossa-falcon ARGS` in cwd; its standard output. Without a database_url it uses
    the embedded default, the SQLite file under cwd's var/."""
    env = {
        "BCRYPT_ROUNDS": "4",
        "PATH": str(VENV_BIN),
        "SECRET_KEY": f"bench-{config.run_id}",
        "PYTHONPATH": config.python_path,
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [str(VENV_BIN / "pybossa-falcon"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pybossa-falcon {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_database(config: BenchConfig) -> str:
    """A fresh PostgreSQL database at the newest schema and its owner's api key."""
    database.create_database(config.pg_admin_url, config.database)
    return migrate_and_create_owner(config, config.database_url, ROOT)


def migrate_and_create_owner(config: BenchConfig, database_url: str | None, cwd: Path) -> str:
    """Upgrade the database to the newest schema, create its owner; the owner's api key."""
    cli(config, "db", "upgrade", database_url=database_url, cwd=cwd)
    owner = cli(
        config,
        "users",
        "create",
        "--name",
        "bench_owner",
        "--email",
        "owner@bench.example",
        "--password",
        "bench-password-1",
        database_url=database_url,
        cwd=cwd,
    )
    return json.loads(owner)["api_key"]


def create_project(
    base_url: str,
    api_key: str,
    size: int,
    load_tasks: Callable[[int, int], None],
    task_ids: Callable[[int], tuple[int, int]],
) -> BenchProject:
    """Create a project through the API, bulk-load its tasks with load_tasks(project id, size),
    publish it, get a token."""
    short_name = f"birds{size}"
    created = json.loads(
        call(
            "POST",
            f"{base_url}/api/project?api_key={api_key}",
            {
                "name": f"Birds {size}",
                "short_name": short_name,
                "description": f"Spot birds in {size} pictures",
                "info": {"task_presenter": PRESENTER},
            },
        )
    )
    load_tasks(created["id"], size)
    call("POST", f"{base_url}/project/{short_name}/publish?api_key={api_key}", {})
    token = (
        call(
            "GET",
            f"{base_url}/api/auth/project/{short_name}/token",
            headers={"Authorization": created["secret_key"]},
        )
        .strip()
        .strip('"')
    )
    first, last = task_ids(created["id"])
    return BenchProject(created["id"], short_name, size, token, first, last)


def served_project(config: BenchConfig, log_dir: Path, started: dict) -> BenchProject:
    """A fresh database holding one published project of `main_tasks` tasks, analyzed, and
    the app serving it (put in `started`, for run.clean_up to stop)."""
    api_key = prepare_database(config)
    started["app"] = app = servers.start_app(config, log_dir)
    url = config.database_url
    project = create_project(
        app.base_url,
        api_key,
        config.sizes.main_tasks,
        functools.partial(database.load_tasks, url),
        functools.partial(database.task_ids, url),
    )
    database.analyze(url)
    return project
