"""Every command checks the settings first: a bad value exits non-zero with one line on
standard error naming the variable and what it accepts, and nothing starts."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from .live_server import BIN, free_port

ROOT = Path(__file__).resolve().parents[2]
BAD_VALUES = {  # one of each kind: address, rate, number, choice, boolean, URL
    "BIND": ("localhost", "HOST:PORT"),
    "RATE_LIMIT": ("lots", "AMOUNT/PERIOD"),
    "WEB_CONCURRENCY": ("two", "a whole number"),
    "LOG_LEVEL": ("loud", "one of DEBUG, INFO"),
    "SESSION_COOKIE_SECURE": ("maybe", "true or false"),
    "REDIS_URL": ("localhost:6379", "a URL starting redis://"),
}
COMMANDS = {
    "serve": ["pybossa-falcon", "serve"],
    "worker": ["pybossa-falcon", "worker"],
    "db upgrade": ["pybossa-falcon", "db", "upgrade"],
    "users create": [
        "pybossa-falcon",
        "users",
        "create",
        "--name",
        "x",
        "--email",
        "x@example.com",
        "--password",
        "secret-password",
    ],
    "gunicorn": ["gunicorn", "--config", str(ROOT / "gunicorn.conf.py")],
}


def run(command: list[str], tmp_path: Path, **settings: str) -> subprocess.CompletedProcess:
    """Run the command with a fresh SQLite file and the given settings, in tmp_path."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pybossa.db'}",
        "BIND": f"127.0.0.1:{free_port()}",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "METRICS_DIR": str(tmp_path / "metrics"),
        **settings,
    }
    return subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_refused(done: subprocess.CompletedProcess, name: str, value: str, accepts: str) -> None:
    assert done.returncode != 0, done.stdout
    [line] = done.stderr.splitlines()
    message = json.loads(line)["error"]
    assert message.startswith(f"Setting {name} must be ") and accepts in message
    assert repr(value) in message and done.stdout == ""


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_serve_refuses_each_kind_of_bad_value_in_one_line(name, tmp_path):
    value, accepts = BAD_VALUES[name]
    done = run(COMMANDS["serve"], tmp_path, **{name: value})
    assert_refused(done, name, value, accepts)
    assert done.returncode == 2


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_a_bad_setting_before_doing_anything(command, tmp_path):
    done = run(COMMANDS[command], tmp_path, RATE_LIMIT="3/fortnight")
    assert_refused(done, "RATE_LIMIT", "3/fortnight", "AMOUNT/PERIOD")
    assert not (tmp_path / "pybossa.db").exists() and not (tmp_path / "metrics").exists()


def test_gunicorn_refuses_a_bind_without_a_port_instead_of_taking_port_8000(tmp_path):
    done = run(COMMANDS["gunicorn"], tmp_path, BIND="0.0.0.0")
    assert_refused(done, "BIND", "0.0.0.0", "HOST:PORT")
