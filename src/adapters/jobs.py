"""Job queues: dramatiq over Redis for production, inline calls for the embedded default."""
import logging
from collections.abc import Callable
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from adapters.outages import redis_guarded
from pybossa_core import ports

logger = logging.getLogger(__name__)

DEFAULT_QUEUE = "pybossa"


class InlineJobQueue(ports.JobQueue):
    """Runs each job at once, in the calling process, by calling `run(job, arguments)`.

    Jobs are enqueued after the request's transaction has committed, so a failing job must
    not turn that request into an error: the failure is logged with its traceback and
    swallowed, as a worker process would log it. Nothing retries it.
    """

    def __init__(self, run: Callable[[str, dict[str, Any]], None]) -> None:
        self.run = run

    def enqueue(self, job: str, **arguments: Any) -> None:
        try:
            self.run(job, arguments)
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
        message = dramatiq.Message(queue_name=self.queue_name, actor_name=job, args=(),
                                   kwargs=arguments, options={})
        sent = self.broker.enqueue(message)
        logger.debug("enqueued job %s as message %s", job, sent.message_id)


def redis_broker(url: str, namespace: str = "dramatiq") -> RedisBroker:
    """A dramatiq broker over the Redis at `url`; it connects on first use."""
    return RedisBroker(url=url, namespace=namespace)
