"""A frozen copy of src/ for the run, so edits made meanwhile never reach the servers.

gunicorn recycles workers (`max_requests`), and a new worker imports whatever src/ holds at
that moment; serving a copy keeps every worker of a run on the same code.
"""

import io
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from benchmarks.config import ROOT


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False, timeout=60)


def take(into: Path, revision: str | None) -> tuple[Path, str]:
    """Copy src/ of the work tree, or of a git revision, into `into`; (src path, what it is)."""
    target = into / "src"
    if revision:
        archive = _git("archive", "--format=tar", revision, "src")
        if archive.returncode != 0:
            raise RuntimeError(f"git archive {revision} failed: {archive.stderr.decode()}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data")
        described = f"git revision {_git('rev-parse', '--short', revision).stdout.decode().strip()}"
    else:
        shutil.copytree(
            ROOT / "src", target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
        head = _git("rev-parse", "--short", "HEAD").stdout.decode().strip() or "unknown"
        dirty = _git("status", "--porcelain", "src").stdout.strip()
        described = f"the work tree at {head}" + (
            " with uncommitted changes in src/" if dirty else ""
        )
    sys.path.insert(0, str(target))  # the in-process profile and the plans use it too
    return target, described
