"""The real `pbs` command-line client, unmodified, manages a project on a live server.

pbs pins Click<7.1, so it lives in an environment of its own: `make test` builds .venv-pbs and
names its `pbs` in PBS_BIN.
"""

import functools
import os
import subprocess
from pathlib import Path

import pytest
import requests

from .live_server import cli, server_env, serving

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pbs() -> str:
    """The `pbs` executable: PBS_BIN, else the repository's .venv-pbs (missing fails on CI)."""
    path = Path(os.environ.get("PBS_BIN") or REPOSITORY / ".venv-pbs" / "bin" / "pbs")
    if not path.is_file():
        reason = f"pbs is not installed at {path}: `make test` builds it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return str(path)


PROJECT = '{"name": "Pbs Project", "short_name": "pbsproj", "description": "made by pbs"}'


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "project.json").write_text(PROJECT)
    (tmp_path / "tasks.csv").write_text("question,url\nIs it?,http://x/1\nOr not?,http://x/2\n")
    (tmp_path / "helping.json").write_text('[{"info": {"text": "Look closely"}}]')
    for name, text in (
        ("template.html", "<div>presenter</div>"),
        ("long_description.md", "Long"),
        ("results.html", ""),
        ("tutorial.html", ""),
    ):
        (tmp_path / name).write_text(text)
    return tmp_path


def _pbs(pbs: str, endpoint: str, key: str, cwd, *args: str, answer: str = "") -> str:
    done = subprocess.run(
        [pbs, "--server", endpoint, "--api-key", key, *args],
        cwd=cwd,
        input=answer,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout + done.stderr


def test_pbs_creates_fills_updates_and_empties_a_project(database_url, workdir, pbs):
    env = server_env(database_url, workdir / "uploads")
    key = cli(
        env,
        "users",
        "create",
        "--name",
        "bob",
        "--email",
        "bob@example.com",
        "--password",
        "bob-password",
    )["api_key"]
    with serving(env) as endpoint:
        run = functools.partial(_pbs, pbs, endpoint, key, workdir)
        assert "Project: pbsproj created!" in run("create-project")
        assert "ProjectAlreadyExists" in run("create-project")
        assert "2 tasks added" in run("add-tasks", "--tasks-file", "tasks.csv")
        assert "updated!" in run("update-project")
        assert "1 helping materials added" in run(
            "add-helpingmaterials", "--helping-materials-file", "helping.json"
        )
        redundancy = run("update-task-redundancy", "--redundancy", "5", answer="y\n")
        tasks = requests.get(f"{endpoint}/api/task", params={"api_key": key}, timeout=30).json()
        assert [t["n_answers"] for t in tasks] == [5, 5], redundancy
        project = requests.get(
            f"{endpoint}/api/project", params={"api_key": key}, timeout=30
        ).json()[0]
        assert project["info"]["task_presenter"] == "<div>presenter</div>"
        run("delete-tasks", answer="y\n")
        assert (
            requests.get(f"{endpoint}/api/task", params={"api_key": key}, timeout=30).json() == []
        )
