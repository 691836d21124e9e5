"""The real `pbs` command-line client, unmodified, manages a project on a live server."""
import subprocess

import pytest
import requests

from .live_server import BIN, cli, server_env, serving

PROJECT = '{"name": "Pbs Project", "short_name": "pbsproj", "description": "made by pbs"}'


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "project.json").write_text(PROJECT)
    (tmp_path / "tasks.csv").write_text("question,url\nIs it?,http://x/1\nOr not?,http://x/2\n")
    (tmp_path / "helping.json").write_text('[{"info": {"text": "Look closely"}}]')
    for name, text in (("template.html", "<div>presenter</div>"), ("long_description.md", "Long"),
                       ("results.html", ""), ("tutorial.html", "")):
        (tmp_path / name).write_text(text)
    return tmp_path


def _pbs(endpoint: str, key: str, cwd, *args: str, answer: str = "") -> str:
    done = subprocess.run([str(BIN / "pbs"), "--server", endpoint, "--api-key", key, *args],
                          cwd=cwd, input=answer, capture_output=True, text=True, timeout=120,
                          check=False)
    return done.stdout + done.stderr


def test_pbs_creates_fills_updates_and_empties_a_project(database_url, workdir):
    env = server_env(database_url, workdir / "uploads")
    key = cli(env, "users", "create", "--name", "bob", "--email", "bob@example.com",
              "--password", "bob-password")["api_key"]
    with serving(env) as endpoint:
        assert "Project: pbsproj created!" in _pbs(endpoint, key, workdir, "create-project")
        assert "ProjectAlreadyExists" in _pbs(endpoint, key, workdir, "create-project")
        assert "2 tasks added" in _pbs(endpoint, key, workdir, "add-tasks",
                                       "--tasks-file", "tasks.csv")
        assert "updated!" in _pbs(endpoint, key, workdir, "update-project")
        assert "1 helping materials added" in _pbs(endpoint, key, workdir,
                                                   "add-helpingmaterials",
                                                   "--helping-materials-file", "helping.json")
        redundancy = _pbs(endpoint, key, workdir, "update-task-redundancy", "--redundancy", "5",
                          answer="y\n")
        tasks = requests.get(f"{endpoint}/api/task", params={"api_key": key}, timeout=30).json()
        assert [t["n_answers"] for t in tasks] == [5, 5], redundancy
        project = requests.get(f"{endpoint}/api/project", params={"api_key": key},
                               timeout=30).json()[0]
        assert project["info"]["task_presenter"] == "<div>presenter</div>"
        _pbs(endpoint, key, workdir, "delete-tasks", answer="y\n")
        assert requests.get(f"{endpoint}/api/task", params={"api_key": key},
                            timeout=30).json() == []
