"""The embedded queue retries webhooks off the request's thread with exponential backoff, and
keeps running every other job at once; the schedule is the test's, so nothing sleeps."""

import logging
import threading
from pathlib import Path

import pytest

from adapters.jobs import Backoff, InlineJobQueue, start_timer
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from pybossa_core import errors
from pybossa_core.webhooks import WebhookDelivery

from .builders import NOW, a_published_project, a_user
from .fakes import FakeUnitOfWork, FakeUnitsOfWork, FakeWebhookSender, ManualSchedule


class Flaky:
    """A job runner whose runs fail with `failures` (one each) before they succeed."""

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.runs: list[tuple[str, dict]] = []

    def __call__(self, job: str, arguments: dict) -> None:
        self.runs.append((job, arguments))
        if self.failures:
            raise self.failures.pop(0)


def failed() -> errors.DeliveryFailed:
    return errors.DeliveryFailed("The receiver answered 500", "webhook")


def queue(runner, schedule, max_retries=3) -> InlineJobQueue:
    return InlineJobQueue(
        runner, {"deliver_webhook": Backoff(max_retries, min_ms=1000)}, schedule=schedule
    )


def test_a_deferred_job_runs_only_once_the_schedule_calls_it():
    runner, schedule = Flaky(), ManualSchedule()
    queue(runner, schedule).enqueue("deliver_webhook", webhook_id=1)
    assert runner.runs == [] and schedule.delays == [0]
    schedule.run_pending()
    assert runner.runs == [("deliver_webhook", {"webhook_id": 1})]


def test_failures_are_retried_after_doubling_delays_until_one_succeeds():
    runner, schedule = Flaky(failed(), failed()), ManualSchedule()
    queue(runner, schedule).enqueue("deliver_webhook", webhook_id=1)
    assert schedule.run_pending() == 3
    assert schedule.delays == [0, 1.0, 2.0] and len(runner.runs) == 3


def test_retries_stop_after_max_retries(caplog):
    runner, schedule = Flaky(*[failed() for _ in range(10)]), ManualSchedule()
    queue(runner, schedule, max_retries=2).enqueue("deliver_webhook", webhook_id=1)
    with caplog.at_level(logging.WARNING, logger="adapters.jobs"):
        schedule.run_pending()
    assert len(runner.runs) == 3 and schedule.delays == [0, 1.0, 2.0]
    assert "for the last time" in caplog.text


def test_the_backoff_is_capped():
    assert Backoff(max_retries=30, min_ms=15_000).delay_ms(20) == 60 * 60 * 1000


def test_an_unexpected_error_is_logged_and_not_retried(caplog):
    runner, schedule = Flaky(KeyError("bug")), ManualSchedule()
    queue(runner, schedule).enqueue("deliver_webhook", webhook_id=1)
    with caplog.at_level(logging.ERROR, logger="adapters.jobs"):
        schedule.run_pending()
    assert len(runner.runs) == 1 and "deliver_webhook failed" in caplog.text


def test_other_jobs_still_run_at_once_in_the_callers_thread(caplog):
    runner, schedule = Flaky(failed()), ManualSchedule()
    jobs = queue(runner, schedule)
    with caplog.at_level(logging.ERROR, logger="adapters.jobs"):
        jobs.enqueue("send_mail", to="a@example.com")
    jobs.enqueue("send_mail", to="b@example.com")
    assert [arguments["to"] for _, arguments in runner.runs] == ["a@example.com", "b@example.com"]
    assert schedule.delays == [] and "send_mail failed" in caplog.text


def test_the_default_schedule_runs_the_call_on_a_daemon_thread():
    ran = threading.Event()
    threads = []

    def call() -> None:
        threads.append(threading.current_thread())
        ran.set()

    start_timer(0, call)
    assert ran.wait(timeout=10)
    assert threads[0] is not threading.current_thread() and threads[0].daemon


@pytest.fixture
def embedded():
    """Services over fakes whose embedded queue retries webhooks on a manual schedule."""
    settings = Settings(
        database_url="sqlite://",
        storage_dir=Path("/nonexistent"),
        webhook_max_attempts=3,
        webhook_backoff_ms=500,
    )
    sender, schedule = FakeWebhookSender(500, 503, 200), ManualSchedule()
    services = bootstrap(
        settings,
        units_of_work=FakeUnitsOfWork(FakeUnitOfWork()),
        secret_key="s" * 32,
        webhook_sender=sender,
        clock=lambda: NOW,
        job_schedule=schedule,
    )
    return services, sender, schedule


def test_embedded_webhooks_get_the_configured_attempts_and_backoff(embedded):
    services, sender, schedule = embedded
    uow = services.units_of_work()
    project = a_published_project(uow, a_user(uow), webhook="https://hooks.example.com/in")
    with uow:
        delivery = WebhookDelivery(
            project_id=project.id,
            event="task_completed",
            payload={"event": "task_completed"},
            created=NOW,
            updated=NOW,
        )
        uow.webhooks.add(delivery)
        uow.commit()
    services.jobs.enqueue("deliver_webhook", webhook_id=delivery.id)
    schedule.run_pending()
    assert schedule.delays == [0, 0.5, 1.0] and len(sender.sent) == 3
    assert (delivery.status, delivery.n_attempts) == ("delivered", 3)
