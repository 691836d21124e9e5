"""The benchmark's data: schema, an owner, published projects of bulk-loaded tasks, tokens."""
import json
import subprocess
import urllib.request
from dataclasses import dataclass

from benchmarks import database
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


def call(method: str, url: str, body: dict | None = None,
         headers: dict[str, str] | None = None) -> str:
    """One HTTP request; the body of a 2xx answer (anything else raises)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def cli(config: BenchConfig, *args: str) -> str:
    """Run `pybossa-falcon ARGS` against the benchmark database; its standard output."""
    env = {"DATABASE_URL": config.database_url, "BCRYPT_ROUNDS": "4", "PATH": str(VENV_BIN),
           "SECRET_KEY": f"bench-{config.run_id}", "PYTHONPATH": config.python_path}
    done = subprocess.run([str(VENV_BIN / "pybossa-falcon"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pybossa-falcon {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_database(config: BenchConfig) -> str:
    """A fresh database at the newest schema and its owner's api key."""
    database.create_database(config.pg_admin_url, config.database)
    cli(config, "db", "upgrade")
    owner = cli(config, "users", "create", "--name", "bench_owner",
                "--email", "owner@bench.example", "--password", "bench-password-1")
    return json.loads(owner)["api_key"]


def create_project(config: BenchConfig, base_url: str, api_key: str, size: int) -> BenchProject:
    """Create a project through the API, bulk-load its tasks, publish it, get a token."""
    short_name = f"birds{size}"
    created = json.loads(call("POST", f"{base_url}/api/project?api_key={api_key}", {
        "name": f"Birds {size}", "short_name": short_name,
        "description": f"Spot birds in {size} pictures", "info": {"task_presenter": PRESENTER}}))
    database.load_tasks(config.database_url, created["id"], size)
    call("POST", f"{base_url}/project/{short_name}/publish?api_key={api_key}", {})
    token = call("GET", f"{base_url}/api/auth/project/{short_name}/token",
                 headers={"Authorization": created["secret_key"]}).strip().strip('"')
    first, last = database.task_ids(config.database_url, created["id"])
    return BenchProject(created["id"], short_name, size, token, first, last)
