"""dramatiq actors: each job of use_cases.background, run by `pybossa-falcon worker`."""
from collections.abc import Callable
from functools import cache

import dramatiq

from entrypoints.bootstrap import Services, bootstrap, run_job
from entrypoints.settings import Settings
from pybossa_core.use_cases import background

QUEUE = "pybossa"
MAX_RETRIES = 5
TIME_LIMIT_MS = 10 * 60 * 1000


def declare_actors(broker: dramatiq.Broker, services: Callable[[], Services]) -> None:
    """One actor per job name; retries with dramatiq's exponential backoff."""
    for job in background.JOBS:
        dramatiq.actor(_runner(job, services), actor_name=job, queue_name=QUEUE, broker=broker,
                       max_retries=MAX_RETRIES, time_limit=TIME_LIMIT_MS)


def _runner(job: str, services: Callable[[], Services]) -> Callable[..., None]:
    def run(**arguments) -> None:
        run_job(services(), job, arguments)
    run.__name__ = job
    return run


@cache
def worker_services() -> Services:
    """This worker process's services, built on first use (after dramatiq forks)."""
    return bootstrap(Settings.from_env())
