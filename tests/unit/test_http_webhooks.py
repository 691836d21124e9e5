"""GET /api/project/{id}/webhooks and POST .../webhooks/{webhook_id}/resend over fakes."""

import pytest

from entrypoints.bootstrap import run_job
from entrypoints.wsgi import create_app
from http_contract import assert_error, make_api_client
from pybossa_core.categories import Category
from pybossa_core.webhooks import WebhookDelivery

from .builders import NOW
from .fakes import (
    FakeJobQueue,
)
from .fakes.app import fake_services

URL = "https://hooks.example.com/in"
DELIVERY_KEYS = {
    "id",
    "created",
    "updated",
    "event",
    "payload",
    "status",
    "n_attempts",
    "response_status_code",
    "attempts",
}


@pytest.fixture
def api():
    """The app over fakes; queued jobs wait for `run_queued`, webhooks go to a fake sender."""
    services = fake_services({"rate_limit_enabled": False}, clock=lambda: NOW, jobs=FakeJobQueue())
    with services.units_of_work() as uow:
        uow.categories.add(Category(name="T", short_name="t", created=NOW))
        uow.commit()
    return make_api_client(create_app(services), services)


def deliveries(api, project_id: int, count: int) -> list[int]:
    uow = api.services.units_of_work()
    with uow:
        made = [
            WebhookDelivery(
                project_id=project_id,
                event="task_completed",
                payload={"event": "task_completed", "n": n},
                created=NOW,
                updated=NOW,
            )
            for n in range(count)
        ]
        for delivery in made:
            uow.webhooks.add(delivery)
        uow.commit()
    return [delivery.id for delivery in made]


def run_queued(api) -> None:
    for job, arguments in api.services.jobs.enqueued:
        run_job(api.services, job, arguments)


def test_the_owner_lists_deliveries_newest_first_with_their_attempts(api):
    project = api.project(webhook=URL)
    first, second = deliveries(api, project["id"], 2)
    api.call("POST", f"/api/project/{project['id']}/webhooks/{first}/resend", api.owner_key)
    run_queued(api)
    resp = api.call("GET", f"/api/project/{project['id']}/webhooks", api.owner_key)
    assert resp.status_code == 200
    assert [d["id"] for d in resp.json] == [second, first]
    assert set(resp.json[1]) == DELIVERY_KEYS and "secret_key" not in resp.text
    assert resp.json[1]["status"] == "delivered" and resp.json[1]["n_attempts"] == 1
    [attempt] = resp.json[1]["attempts"]
    assert set(attempt) == {"id", "created", "status", "response_status_code", "error"}
    assert (attempt["status"], attempt["response_status_code"]) == ("delivered", 200)


def test_the_list_pages_with_limit_and_offset_also_under_api_app(api):
    project = api.project(webhook=URL)
    ids = deliveries(api, project["id"], 5)
    resp = api.call("GET", f"/api/app/{project['id']}/webhooks", api.admin_key, limit=2, offset=1)
    assert [d["id"] for d in resp.json] == [ids[3], ids[2]]
    assert (
        len(
            api.call(
                "GET", f"/api/project/{project['id']}/webhooks", api.owner_key, limit=1000
            ).json
        )
        == 5
    )


def test_bad_paging_values_are_4xx(api):
    path = f"/api/project/{api.project(webhook=URL)['id']}/webhooks"
    assert_error(
        api.call("GET", path, api.owner_key, limit="many"), 400, "ValidationError", "webhook"
    )
    assert_error(
        api.call("GET", path, api.owner_key, offset="-1"), 400, "ValidationError", "webhook"
    )
    assert_error(
        api.call("GET", path, api.owner_key, status="failed"), 415, "AttributeError", "webhook"
    )


def test_only_owners_and_admins_see_the_deliveries(api):
    path = f"/api/project/{api.project(webhook=URL)['id']}/webhooks"
    assert api.call("GET", path, api.admin_key).status_code == 200
    assert_error(api.call("GET", path, api.other_key), 403, "Forbidden", "project")
    assert_error(api.call("GET", path), 401, "Unauthorized", "project")
    assert_error(
        api.call("GET", "/api/project/9999/webhooks", api.owner_key), 404, "NotFound", "project"
    )
    assert_error(
        api.call("GET", "/api/project/nine/webhooks", api.owner_key), 404, "NotFound", "project"
    )


def test_resending_answers_the_delivery_queued_again(api):
    project = api.project(webhook=URL)
    [delivery] = deliveries(api, project["id"], 1)
    path = f"/api/project/{project['id']}/webhooks/{delivery}/resend"
    resp = api.call("POST", path, api.owner_key)
    assert resp.status_code == 200 and set(resp.json) == DELIVERY_KEYS
    assert (resp.json["id"], resp.json["status"], resp.json["attempts"]) == (
        delivery,
        "pending",
        [],
    )
    assert api.services.jobs.arguments("deliver_webhook") == [{"webhook_id": delivery, "since": 0}]
    run_queued(api)
    again = api.call("POST", path, api.owner_key).json
    assert (again["status"], again["n_attempts"]) == ("pending", 1)
    assert [a["status"] for a in again["attempts"]] == ["delivered"]


def test_resending_another_projects_delivery_or_an_unknown_one_is_404(api):
    mine, theirs = api.project(webhook=URL), api.project("other", api.admin_key, webhook=URL)
    [delivery] = deliveries(api, theirs["id"], 1)
    for webhook_id in (delivery, 777, "x"):
        resp = api.call(
            "POST", f"/api/project/{mine['id']}/webhooks/{webhook_id}/resend", api.owner_key
        )
        assert_error(resp, 404, "NotFound", "webhook")
    assert_error(
        api.call("POST", f"/api/project/{theirs['id']}/webhooks/{delivery}/resend", api.other_key),
        403,
        "Forbidden",
        "project",
    )
    assert api.services.jobs.enqueued == []
