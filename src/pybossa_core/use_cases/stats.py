"""Site-wide statistics."""

from pybossa_core.ports import AbstractUnitOfWork, GlobalStats


def global_stats(uow: AbstractUnitOfWork) -> GlobalStats:
    """Counts of projects, users, tasks, runs, results; published projects per category."""
    with uow:
        return uow.stats.global_stats()
