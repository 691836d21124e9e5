"""Job queues: dramatiq over Redis for production, inline calls for the embedded default."""

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from adapters.outages import redis_guarded
from pybossa_core import errors, ports

logger = logging.getLogger(__name__)

DEFAULT_QUEUE = "pybossa"
RETRIED = (errors.DeliveryFailed, errors.Unavailable)  # failures a later attempt may not meet
Schedule = Callable[[float, Callable[[], None]], None]  # (delay in seconds, what to call)
MAX_BACKOFF_MS = 60 * 60 * 1000  # the longest wait between two attempts of a job


@dataclass(frozen=True)
class Backoff:
    """How a deferred job is retried: up to `max_retries` more runs after a RETRIED failure,
    the n-th one `min_ms * 2**n` (at most `max_ms`) milliseconds after the failure before."""

    max_retries: int
    min_ms: int
    max_ms: int = MAX_BACKOFF_MS

    def delay_ms(self, retries: int) -> int:
        return min(self.min_ms * 2**retries, self.max_ms)


def start_timer(delay_seconds: float, call: Callable[[], None]) -> None:
    """Call on a daemon thread once the delay has passed (gone if the process exits first)."""
    timer = threading.Timer(delay_seconds, call)
    timer.daemon = True
    timer.start()


class InlineJobQueue(ports.JobQueue):
    """Runs each job in the calling process by calling `run(job, arguments)`.

    Jobs are enqueued after the request's transaction has committed, so a failing job must
    not turn that request into an error: the failure is logged with its traceback and
    swallowed, as a worker process would log it. Most jobs run at once, in the caller's
    thread, and nothing retries them. A job named in `deferred` (webhooks: a receiver may be
    slow or down) runs off the caller's thread through `schedule`, at once and then again
    after each RETRIED failure with its backoff; `schedule` is a timer thread unless a test
    hands its own.
    """

    def __init__(
        self,
        run: Callable[[str, dict[str, Any]], None],
        deferred: Mapping[str, Backoff] | None = None,
        schedule: Schedule = start_timer,
    ) -> None:
        self.run = run
        self.deferred = dict(deferred or {})
        self.schedule = schedule

    def enqueue(self, job: str, **arguments: Any) -> None:
        backoff = self.deferred.get(job)
        if backoff is None:
            self._run_logged(job, arguments)
        else:
            self.schedule(0, partial(self._attempt, job, arguments, backoff, 0))

    def _run_logged(self, job: str, arguments: dict[str, Any]) -> None:
        try:
            self.run(job, arguments)
        except Exception:
            logger.exception("background job %s failed (arguments: %s)", job, sorted(arguments))

    def _attempt(self, job: str, arguments: dict[str, Any], backoff: Backoff, retries: int) -> None:
        try:
            self.run(job, arguments)
        except RETRIED as failure:
            if retries >= backoff.max_retries:
                logger.warning("background job %s failed for the last time: %s", job, failure)
                return
            delay = backoff.delay_ms(retries)
            logger.info("background job %s failed (%s); retrying in %d ms", job, failure, delay)
            self.schedule(
                delay / 1000, partial(self._attempt, job, arguments, backoff, retries + 1)
            )
        except Exception:
            logger.exception("background job %s failed (arguments: %s)", job, sorted(arguments))


class DramatiqJobQueue(ports.JobQueue):
    """Sends each job as a dramatiq message to the actor of the same name.

    The message is built here, so the web process needs no actor objects: the worker
    (entrypoints) declares actors named after the jobs on `queue_name`. Arguments travel as
    keyword arguments and must be JSON values.
    """

    def __init__(self, broker: dramatiq.Broker, queue_name: str = DEFAULT_QUEUE) -> None:
        self.broker = broker
        self.queue_name = queue_name
        broker.declare_queue(queue_name)

    @redis_guarded
    def enqueue(self, job: str, **arguments: Any) -> None:
        message = dramatiq.Message(
            queue_name=self.queue_name, actor_name=job, args=(), kwargs=arguments, options={}
        )
        sent = self.broker.enqueue(message)
        logger.debug("enqueued job %s as message %s", job, sent.message_id)


def redis_broker(url: str, namespace: str = "dramatiq") -> RedisBroker:
    """A dramatiq broker over the Redis at `url`; it connects on first use."""
    return RedisBroker(url=url, namespace=namespace)
