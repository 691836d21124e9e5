"""The import rule (entrypoints -> adapters -> pybossa_core) and the package layout hold."""

import ast
import subprocess
import sys
from pathlib import Path

import adapters
import entrypoints
import pybossa_core

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
STDLIB = set(sys.stdlib_module_names)


def test_the_layer_packages_resolve_under_src_not_to_unrelated_pypi_packages():
    for package in (pybossa_core, adapters, entrypoints):
        assert Path(package.__file__).resolve().parent.parent == SRC


def test_import_linter_contracts_are_kept():
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(linter), "--config", str(ROOT / "setup.cfg")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_core_imports_only_the_standard_library_and_itself():
    offenders = []
    for path in (SRC / "pybossa_core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            for name in _imported(node):
                top = name.split(".")[0]
                if top not in STDLIB and top != "pybossa_core":
                    offenders.append(f"{path.relative_to(SRC)}: {name}")
    assert offenders == []


def test_adapters_never_import_entrypoints():
    offenders = [
        str(path.relative_to(SRC))
        for path in (SRC / "adapters").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        for name in _imported(node)
        if name.split(".")[0] == "entrypoints"
    ]
    assert offenders == []


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []
