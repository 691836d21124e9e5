"""`pybossa-falcon db upgrade` says which revisions it applied, or that there was nothing to
do, on a fresh SQLite file and a fresh PostgreSQL database."""

import json
import os
import subprocess

from .live_server import BIN

HEAD = "0013"


def db_upgrade(database_url: str, *revision: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "pybossa-falcon"), "db", "upgrade", *revision],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def applied(done: subprocess.CompletedProcess) -> list[str]:
    assert done.returncode == 0, done.stderr
    return [
        line.split(":")[0].removeprefix("Applied ")
        for line in done.stdout.splitlines()
        if line.startswith("Applied ")
    ]


def test_upgrading_a_fresh_database_names_every_revision_then_nothing_is_left(empty_database_url):
    first = db_upgrade(empty_database_url)
    assert applied(first) == [f"{number:04}" for number in range(1, int(HEAD) + 1)]
    assert "Applied 0005: Ids are never given twice" in first.stdout
    assert first.stdout.splitlines()[-1].endswith(f"is now at {HEAD}")
    again = db_upgrade(empty_database_url)
    assert again.returncode == 0 and applied(again) == []
    assert again.stdout.startswith("Nothing to do: ") and f"already at {HEAD}" in again.stdout


def test_upgrading_step_by_step_names_only_the_new_revisions(empty_database_url):
    assert applied(db_upgrade(empty_database_url, "0003")) == ["0001", "0002", "0003"]
    assert applied(db_upgrade(empty_database_url)) == [
        f"{number:04}" for number in range(4, int(HEAD) + 1)
    ]


def test_an_unknown_revision_is_one_line_of_error(empty_database_url):
    done = db_upgrade(empty_database_url, "9999")
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "9999" in json.loads(line)["error"]
