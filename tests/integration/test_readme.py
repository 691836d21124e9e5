"""The README's quick start, run word for word against a live server (SQLite and PostgreSQL)."""

import json
import subprocess
from pathlib import Path

from .live_server import server_env, serving

REPOSITORY = Path(__file__).resolve().parents[2]
BEGIN, END = "<!-- quick start: begin -->", "<!-- quick start: end -->"
README_API = "API=http://127.0.0.1:8080"


def quick_start() -> str:
    """The shell block between the quick-start markers of README.md."""
    text = (REPOSITORY / "README.md").read_text()
    block = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert block.startswith("```sh\n") and block.endswith("```"), block[:40]
    return block.removeprefix("```sh\n").removesuffix("```")


def test_the_quick_start_walks_from_a_new_user_to_a_result(database_url, tmp_path):
    env = server_env(database_url, tmp_path / "uploads")
    script = quick_start()
    assert README_API in script
    with serving(env) as endpoint:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace(README_API, f"API={endpoint}")],
            cwd=REPOSITORY,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"status": "failed"' not in done.stdout, done.stdout
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(result) == 1 and len(result[0]["task_run_ids"]) == 1, done.stdout
