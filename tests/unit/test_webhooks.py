"""Webhook deliveries: one signed attempt per job run, recorded; retried while attempts remain;
refused destinations never retried; listed and resent by the project's owners and admins."""

import hashlib
import hmac
import json

import pytest

from adapters.memory_store import SeparateServingRecords
from pybossa_core import errors, handlers
from pybossa_core.events import EventHandlers
from pybossa_core.use_cases import background, webhooks
from pybossa_core.users import ANONYMOUS
from pybossa_core.webhooks import TEXT_LIMIT, WebhookDelivery

from .builders import LATER, NOW, a_published_project, a_task, a_user, actor, volunteer_ports
from .fakes import FakeJobQueue, FakeWebhookSender
from .volunteering import serve_and_answer

URL = "https://hooks.example.com/in"
PAYLOAD = {
    "fired_at": NOW.isoformat(),
    "project_short_name": "p",
    "project_id": 1,
    "task_id": 2,
    "result_id": 3,
    "event": "task_completed",
}


@pytest.fixture
def project(uow, owner):
    return a_published_project(uow, owner, webhook=URL)


def a_delivery(uow, project, **kw) -> WebhookDelivery:
    with uow:
        delivery = WebhookDelivery(
            project_id=project.id,
            event="task_completed",
            payload={**PAYLOAD, "project_id": project.id},
            created=NOW,
            updated=NOW,
            **kw,
        )
        uow.webhooks.add(delivery)
        uow.commit()
    return delivery


def deliver(uow, delivery, sender, max_attempts=3, **kw):
    return webhooks.deliver_webhook(
        uow, sender=sender, now=LATER, max_attempts=max_attempts, webhook_id=delivery.id, **kw
    )


def attempts_of(uow, delivery):
    return uow.webhooks.attempts([delivery.id]).get(delivery.id, [])


# -- one attempt ------------------------------------------------------------------------------


def test_the_body_is_the_payload_as_json_signed_with_the_projects_secret_key(uow, project):
    delivery = a_delivery(uow, project)
    sender = FakeWebhookSender(200)
    deliver(uow, delivery, sender)
    [(url, body, headers)] = sender.sent
    expected = hmac.new(project.secret_key.encode(), body, hashlib.sha256).hexdigest()
    assert url == URL and json.loads(body) == delivery.payload
    assert headers == {
        "Content-Type": "application/json",
        "X-Pybossa-Event": "task_completed",
        "X-Pybossa-Delivery": str(delivery.id),
        "X-Pybossa-Signature": f"sha256={expected}",
    }


def test_a_2xx_answer_delivers_and_records_the_attempt(uow, project):
    delivery = a_delivery(uow, project)
    deliver(uow, delivery, FakeWebhookSender(204))
    [attempt] = attempts_of(uow, delivery)
    assert (attempt.status, attempt.response_status_code, attempt.created, attempt.error) == (
        "delivered",
        204,
        LATER,
        None,
    )
    assert (
        delivery.status,
        delivery.n_attempts,
        delivery.updated,
        delivery.response_status_code,
        delivery.response,
    ) == ("delivered", 1, LATER, 204, "answer 204")


def test_a_failure_is_recorded_then_raised_so_the_queue_retries(uow, project):
    delivery = a_delivery(uow, project)
    with pytest.raises(errors.DeliveryFailed):
        deliver(uow, delivery, FakeWebhookSender(500))
    uow.rollback()  # what the raise does not undo was committed
    [attempt] = attempts_of(uow, delivery)
    assert (attempt.status, attempt.response_status_code) == ("failed", 500)
    assert attempt.error == "The receiver answered 500"
    assert (delivery.status, delivery.n_attempts) == ("pending", 1)


def test_an_unreachable_receiver_is_a_failed_attempt_with_the_error(uow, project):
    delivery = a_delivery(uow, project)
    down = errors.DeliveryFailed("hooks.example.com: ConnectionRefusedError()", "webhook")
    with pytest.raises(errors.DeliveryFailed):
        deliver(uow, delivery, FakeWebhookSender(down))
    [attempt] = attempts_of(uow, delivery)
    assert (attempt.status, attempt.response_status_code) == ("failed", None)
    assert "ConnectionRefusedError" in attempt.error


def test_the_last_allowed_attempt_gives_up_without_raising(uow, project):
    delivery = a_delivery(uow, project)
    sender = FakeWebhookSender(500, 502, 503)
    for _ in range(2):
        with pytest.raises(errors.DeliveryFailed):
            deliver(uow, delivery, sender)
    assert deliver(uow, delivery, sender) is delivery
    assert [a.status for a in attempts_of(uow, delivery)] == ["failed"] * 3
    assert (delivery.status, delivery.n_attempts, delivery.response_status_code) == (
        "failed",
        3,
        503,
    )


def test_a_refused_destination_is_recorded_and_never_retried(uow, project):
    delivery = a_delivery(uow, project)
    refused = errors.DestinationRefused("hooks.example.com resolves to 10.0.0.1", "webhook")
    deliver(uow, delivery, FakeWebhookSender(refused), max_attempts=5)
    [attempt] = attempts_of(uow, delivery)
    assert (attempt.status, attempt.error) == ("refused", refused.message)
    assert delivery.status == "refused"


def test_long_answers_and_errors_are_kept_to_their_first_characters(uow, project):
    delivery = a_delivery(uow, project)
    sender = FakeWebhookSender(errors.DeliveryFailed("x" * 5000, "webhook"))
    deliver(uow, delivery, sender, max_attempts=1)
    assert len(attempts_of(uow, delivery)[0].error) == TEXT_LIMIT


def test_a_delivered_webhook_is_not_sent_again_by_a_repeated_job(uow, project):
    delivery = a_delivery(uow, project, status="delivered", n_attempts=1)
    sender = FakeWebhookSender()
    assert deliver(uow, delivery, sender) is None
    assert sender.sent == [] and delivery.n_attempts == 1


def test_a_delivery_whose_project_is_gone_is_dropped(uow, project):
    delivery = a_delivery(uow, project)
    with uow:
        uow.projects.delete(project)
        uow.commit()
    sender = FakeWebhookSender()
    assert deliver(uow, delivery, sender) is None and sender.sent == []


def test_a_webhook_url_removed_since_fails_the_delivery_for_good(uow, project):
    delivery = a_delivery(uow, project)
    project.webhook = None
    sender = FakeWebhookSender()
    deliver(uow, delivery, sender)
    assert sender.sent == [] and delivery.status == "failed"
    assert attempts_of(uow, delivery)[0].error == webhooks.NO_URL


# -- the background job -------------------------------------------------------------------------


def test_the_deliver_webhook_job_makes_one_attempt(uow, storage, mailer, jobs, project):
    delivery = a_delivery(uow, project)
    background.run(
        "deliver_webhook",
        {"webhook_id": delivery.id},
        uow=uow,
        storage=storage,
        mailer=mailer,
        jobs=jobs,
        now=NOW,
        base_url="http://x",
        sender=FakeWebhookSender(200),
        max_attempts=3,
    )
    assert delivery.status == "delivered"


def test_a_completion_in_the_volunteer_loop_is_delivered_by_the_queued_job(
    uow, owner, project, storage, mailer
):
    sender = FakeWebhookSender(200)
    jobs = FakeJobQueue(
        run_inline=lambda job, arguments: background.run(
            job,
            arguments,
            uow=uow,
            storage=storage,
            mailer=mailer,
            jobs=jobs,
            now=LATER,
            base_url="http://x",
            sender=sender,
            max_attempts=3,
        )
    )
    loop = volunteer_ports()
    uow.event_handlers = handlers.register(
        EventHandlers(), serving=SeparateServingRecords(loop.stamps, loop.locks), jobs=jobs
    )
    task = a_task(uow, project, n_answers=1)
    serve_and_answer(uow, task, actor(a_user(uow)), loop)
    [delivery] = uow.webhooks.for_project(project.id, 0, 10)
    assert jobs.arguments("deliver_webhook") == [{"webhook_id": delivery.id}]
    assert (delivery.status, delivery.task_id) == ("delivered", task.id)
    assert json.loads(sender.sent[0][1]) == delivery.payload


# -- listing and resending ----------------------------------------------------------------------


def test_owners_and_admins_list_deliveries_newest_first_with_their_attempts(
    uow, owner, admin, project
):
    first, second = a_delivery(uow, project), a_delivery(uow, project)
    deliver(uow, first, FakeWebhookSender(200))
    for caller in (actor(owner), actor(admin)):
        listed = webhooks.list_deliveries(uow, project.id, caller, offset=0, limit=20)
        assert [(d.id, len(a)) for d, a in listed] == [(second.id, 0), (first.id, 1)]
    page = webhooks.list_deliveries(uow, project.id, actor(owner), offset=1, limit=1)
    assert [d.id for d, _ in page] == [first.id]
    by_name = webhooks.list_deliveries(uow, project.short_name, actor(owner), offset=0, limit=20)
    assert [d.id for d, _ in by_name] == [second.id, first.id]


def test_only_owners_and_admins_see_a_projects_deliveries(uow, someone, project):
    with pytest.raises(errors.Forbidden):
        webhooks.list_deliveries(uow, project.id, actor(someone), offset=0, limit=20)
    with pytest.raises(errors.AuthenticationRequired):
        webhooks.list_deliveries(uow, project.id, ANONYMOUS, offset=0, limit=20)
    for unknown in (999, "no-such-project"):
        with pytest.raises(errors.NotFound):
            webhooks.list_deliveries(uow, unknown, actor(someone), offset=0, limit=20)


def test_resending_queues_the_same_delivery_again_and_keeps_its_attempts(uow, owner, jobs, project):
    delivery = a_delivery(uow, project)
    deliver(uow, delivery, FakeWebhookSender(200))
    again, attempts = webhooks.resend(uow, project.id, delivery.id, actor(owner), now=LATER)
    assert again is delivery and delivery.status == "pending" and len(attempts) == 1
    assert jobs.arguments("deliver_webhook") == [{"webhook_id": delivery.id, "since": 1}]
    deliver(uow, delivery, FakeWebhookSender(200), since=1)
    assert (delivery.status, delivery.n_attempts) == ("delivered", 2)
    assert len(attempts_of(uow, delivery)) == 2


def test_a_resent_delivery_gets_a_fresh_allowance_of_attempts(uow, owner, jobs, project):
    delivery = a_delivery(uow, project)
    deliver(uow, delivery, FakeWebhookSender(500), max_attempts=1)
    assert delivery.status == "failed"
    webhooks.resend(uow, project.short_name, delivery.id, actor(owner), now=LATER)
    with pytest.raises(errors.DeliveryFailed):
        deliver(uow, delivery, FakeWebhookSender(500), max_attempts=2, since=1)


def test_another_projects_delivery_cannot_be_resent_through_this_one(uow, owner, jobs, project):
    elsewhere = a_delivery(uow, a_published_project(uow, owner, webhook=URL))
    with pytest.raises(errors.NotFound):
        webhooks.resend(uow, project.id, elsewhere.id, actor(owner), now=LATER)
    assert jobs.enqueued == []


def test_only_owners_and_admins_resend(uow, someone, jobs, project):
    delivery = a_delivery(uow, project)
    with pytest.raises(errors.Forbidden):
        webhooks.resend(uow, project.id, delivery.id, actor(someone), now=LATER)
    assert delivery.status == "pending" and delivery.updated == NOW and jobs.enqueued == []
