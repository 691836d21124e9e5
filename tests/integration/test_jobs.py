"""Job queues: dramatiq messages reach a worker's actor of the same name (stub broker and
Redis); inline jobs run at once and a failure is logged, not raised."""

import logging

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker

from adapters.jobs import DramatiqJobQueue, InlineJobQueue, redis_broker

QUEUE = "pybossa"


def _actor_recording(broker: dramatiq.Broker, name: str, received: list) -> None:
    """Declare, as the worker process does, an actor that keeps the kwargs it is sent."""

    def record(**arguments) -> None:
        received.append(arguments)

    dramatiq.actor(record, actor_name=name, queue_name=QUEUE, broker=broker)


@pytest.fixture
def stub_broker():
    broker = StubBroker()
    yield broker
    broker.close()


def _run_worker(broker: dramatiq.Broker, join) -> None:
    """Start a worker, wait until the queue is drained (`join`), then stop the worker."""
    worker = dramatiq.Worker(broker, worker_timeout=50, worker_threads=1)
    worker.start()
    try:
        join()
        worker.join()
    finally:
        worker.stop()


def test_a_dramatiq_job_reaches_the_actor_of_the_same_name(stub_broker):
    received = []
    _actor_recording(stub_broker, "send_confirmation_mail", received)
    jobs = DramatiqJobQueue(stub_broker)
    jobs.enqueue("send_confirmation_mail", user_id=7, locale="en")
    jobs.enqueue("send_confirmation_mail", user_id=8, locale="es")
    _run_worker(stub_broker, lambda: stub_broker.join(QUEUE, timeout=10_000))
    assert received == [{"user_id": 7, "locale": "en"}, {"user_id": 8, "locale": "es"}]


def test_the_web_process_enqueues_without_declaring_any_actor(stub_broker):
    DramatiqJobQueue(stub_broker, queue_name="mail").enqueue("export_user_data", user_id=3)
    [raw] = list(stub_broker.queues["mail"].queue)
    message = dramatiq.Message.decode(raw)
    assert (message.queue_name, message.actor_name) == ("mail", "export_user_data")
    assert (message.args, message.kwargs) == ((), {"user_id": 3})


def test_a_dramatiq_job_travels_through_redis(redis_client, redis_url, redis_prefix):
    broker = redis_broker(redis_url, namespace=redis_prefix)
    received = []
    _actor_recording(broker, "delete_account", received)
    DramatiqJobQueue(broker).enqueue("delete_account", user_id=11)
    try:
        _run_worker(broker, lambda: broker.join(QUEUE, interval=20, timeout=10_000))
    finally:
        broker.close()
    assert received == [{"user_id": 11}]


def test_an_inline_job_runs_at_once_with_its_arguments():
    calls = []
    InlineJobQueue(lambda job, arguments: calls.append((job, arguments))).enqueue(
        "send_confirmation_mail", user_id=7
    )
    assert calls == [("send_confirmation_mail", {"user_id": 7})]


def test_a_failing_inline_job_is_logged_with_its_traceback_not_raised(caplog):
    def fail(job: str, arguments: dict) -> None:
        raise RuntimeError("the mail server is down")

    with caplog.at_level(logging.ERROR, logger="adapters.jobs"):
        InlineJobQueue(fail).enqueue("send_confirmation_mail", user_id=7)
    [record] = caplog.records
    assert "send_confirmation_mail" in record.getMessage()
    assert record.exc_info[0] is RuntimeError
