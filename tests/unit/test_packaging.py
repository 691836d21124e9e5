"""What each make target installs: serving needs no test or dev tool, and pbs stays apart."""

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("pytest", "schemathesis", "hypothesis", "ruff", "pybossa-pbs", "import-linter", "click")


def _dry_run(target: str) -> str:
    """The commands `make` would run for `target` from nothing (-B: as if no file existed)."""
    done = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def _names(requirements: list[str]) -> set[str]:
    return {
        requirement.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
        for requirement in requirements
    }


def test_make_run_installs_only_what_serving_needs():
    commands = _dry_run("run")
    assert "pip install --quiet -e ." in commands
    assert "[test" not in commands and "[dev" not in commands and "pbs" not in commands


def test_serving_dependencies_hold_no_test_or_dev_tool():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert _names(project["dependencies"]).isdisjoint(TOOLS)


def test_pbs_and_its_click_pin_live_outside_the_project_environment():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for extra in project["optional-dependencies"].values():
        assert "pybossa-pbs" not in _names(extra) and "click" not in _names(extra)
    commands = _dry_run("test")
    assert "-m venv .venv-pbs" in commands and ".venv-pbs/bin/pip install" in commands
