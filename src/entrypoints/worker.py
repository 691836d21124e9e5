"""The `pybossa-falcon worker` process: dramatiq actors for each job of use_cases.background.

`pybossa-falcon worker` names `set_up_broker` to dramatiq (`entrypoints.worker:set_up_broker`),
which calls it in each worker process before consuming: it connects the broker the web
processes send to, makes it dramatiq's global broker and declares the actors on it.
"""

import json
from collections.abc import Callable
from functools import cache

import dramatiq

from adapters import jobs
from adapters.jobs import MAX_BACKOFF_MS, RETRIED
from entrypoints.bootstrap import Services, bootstrap, run_job
from entrypoints.settings import SettingError, Settings
from pybossa_core import errors, handlers
from pybossa_core.use_cases import background

QUEUE = "pybossa"
MAX_RETRIES = 5
TIME_LIMIT_MS = 10 * 60 * 1000


def set_up_broker() -> None:
    """Connect REDIS_URL's broker (namespaced by REDIS_PREFIX), make it global, declare the
    actors; a bad setting or no REDIS_URL ends the process with one line saying why."""
    try:
        settings = Settings.from_env()
    except SettingError as exc:  # one line, as the CLI says it (when dramatiq is run directly)
        raise SystemExit(json.dumps({"error": str(exc)})) from None
    if settings.redis_url is None:
        raise SystemExit("pybossa-falcon worker needs REDIS_URL: without it jobs run inline")
    namespace = f"{settings.redis_prefix}:dramatiq"
    broker = jobs.redis_broker(settings.redis_url, namespace=namespace)
    dramatiq.set_broker(broker)
    declare_actors(broker, worker_services, settings)


def declare_actors(
    broker: dramatiq.Broker, services: Callable[[], Services], settings: Settings | None = None
) -> None:
    """One actor per job name; retries with dramatiq's exponential backoff.

    `settings` (read from the environment when not given) set the webhook retries here,
    before `services` is ever called (it is built after dramatiq forks).
    """
    settings = settings or Settings.from_env()
    for job in background.JOBS:
        dramatiq.actor(
            _runner(job, services),
            actor_name=job,
            queue_name=QUEUE,
            broker=broker,
            time_limit=TIME_LIMIT_MS,
            **_retries(job, settings),
        )


def _retries(job: str, settings: Settings) -> dict:
    """A webhook gets WEBHOOK_MAX_ATTEMPTS attempts, WEBHOOK_BACKOFF_MS doubling in between,
    and only failures a later attempt may not meet are retried (a bug fails at once)."""
    if job != handlers.DELIVER_WEBHOOK:
        return {"max_retries": MAX_RETRIES}
    max_retries = settings.webhook_max_attempts - 1

    def retry_when(retries: int, exception: BaseException) -> bool:
        retried = isinstance(exception, (dramatiq.Retry, *RETRIED))
        return retries < max_retries and retried

    return {
        "max_retries": max_retries,
        "min_backoff": settings.webhook_backoff_ms,
        "max_backoff": MAX_BACKOFF_MS,
        "retry_when": retry_when,
    }


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
