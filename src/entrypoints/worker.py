"""dramatiq actors: each job of use_cases.background, run by `pybossa-falcon worker`."""
from collections.abc import Callable
from functools import cache

import dramatiq

from adapters.jobs import MAX_BACKOFF_MS, RETRIED
from entrypoints.bootstrap import Services, bootstrap, run_job
from entrypoints.settings import Settings
from pybossa_core import errors, handlers
from pybossa_core.use_cases import background

QUEUE = "pybossa"
MAX_RETRIES = 5
TIME_LIMIT_MS = 10 * 60 * 1000


def declare_actors(broker: dramatiq.Broker, services: Callable[[], Services],
                   settings: Settings | None = None) -> None:
    """One actor per job name; retries with dramatiq's exponential backoff.

    `settings` (read from the environment when not given) set the webhook retries here,
    before `services` is ever called (it is built after dramatiq forks).
    """
    settings = settings or Settings.from_env()
    for job in background.JOBS:
        dramatiq.actor(_runner(job, services), actor_name=job, queue_name=QUEUE, broker=broker,
                       time_limit=TIME_LIMIT_MS, **_retries(job, settings))


def _retries(job: str, settings: Settings) -> dict:
    """A webhook gets WEBHOOK_MAX_ATTEMPTS attempts, WEBHOOK_BACKOFF_MS doubling in between,
    and only failures a later attempt may not meet are retried (a bug fails at once)."""
    if job != handlers.DELIVER_WEBHOOK:
        return {"max_retries": MAX_RETRIES}
    max_retries = settings.webhook_max_attempts - 1

    def retry_when(retries: int, exception: BaseException) -> bool:
        return retries < max_retries and isinstance(exception, (dramatiq.Retry, *RETRIED))

    return {"max_retries": max_retries, "min_backoff": settings.webhook_backoff_ms,
            "max_backoff": MAX_BACKOFF_MS, "retry_when": retry_when}


def _runner(job: str, services: Callable[[], Services]) -> Callable[..., None]:
    def run(**arguments) -> None:
        try:
            run_job(services(), job, arguments)
        except errors.DeliveryFailed as failure:
            if job != handlers.DELIVER_WEBHOOK:
                raise
            # an expected failure, already recorded: retried without an error and traceback
            raise dramatiq.Retry(failure.message) from failure
    run.__name__ = job
    return run


@cache
def worker_services() -> Services:
    """This worker process's services, built on first use (after dramatiq forks)."""
    return bootstrap(Settings.from_env())
