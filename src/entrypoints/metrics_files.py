"""The directory where gunicorn's workers keep their metric files, tended by the master.

Standard library only at import: the gunicorn master loads this before any worker exists, and
a prometheus_client imported before PROMETHEUS_MULTIPROC_DIR is set would be inherited by every
worker in single-process mode.
"""

import logging
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

METRIC_FILES = ("counter_*.db", "gauge_*.db", "histogram_*.db", "summary_*.db")


def instance_dir(metrics_dir: Path, master_pid: int) -> Path:
    """The directory of one gunicorn master's workers, under METRICS_DIR."""
    return metrics_dir / f"gunicorn-{master_pid}"


def prepare(directory: Path) -> None:
    """Create the directory and drop the files of an earlier run (their counts would be added)."""
    directory.mkdir(parents=True, exist_ok=True)
    for pattern in METRIC_FILES:
        for stale in directory.glob(pattern):
            stale.unlink(missing_ok=True)
    logger.info("metrics of the workers are kept in %s", directory)


def remove(directory: Path) -> None:
    """Delete the directory and the samples in it."""
    shutil.rmtree(directory, ignore_errors=True)


def mark_worker_dead(pid: int, directory: Path) -> None:
    """Tell prometheus_client that a worker exited (its live gauges stop counting)."""
    from prometheus_client import multiprocess  # only once the environment is set

    multiprocess.mark_process_dead(pid, str(directory))
