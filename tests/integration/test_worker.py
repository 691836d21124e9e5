"""The dramatiq actors of `pybossa-falcon worker` run account jobs against a real database."""

import pytest
from dramatiq import Worker
from dramatiq.brokers.stub import StubBroker

from adapters.jobs import DramatiqJobQueue
from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.worker import QUEUE, declare_actors
from pybossa_core.projects import CreateProject
from pybossa_core.use_cases import accounts, projects, users
from pybossa_core.users import Actor
from unit.fakes import FakeMailer


@pytest.fixture
def worked(database_url, tmp_path):
    """Services whose jobs go through a dramatiq StubBroker to a real Worker."""
    broker = StubBroker()
    broker.emit_after("process_boot")
    settings = Settings(
        database_url=database_url,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        secret_key="worker-test-secret-long-enough-for-hs256",
    )
    services = bootstrap(settings, mailer=FakeMailer(), jobs=DramatiqJobQueue(broker, QUEUE))
    declare_actors(broker, lambda: services)
    worker = Worker(broker, worker_timeout=100)
    worker.start()
    yield services, broker, worker
    worker.stop()
    services.close()


def _drain(broker: StubBroker, worker: Worker) -> None:
    """Wait until every message (and the ones they enqueue) has been processed."""
    for _ in range(3):  # a job may enqueue another one (the export mails its link)
        broker.join(QUEUE, fail_fast=True)
        worker.join()


def _user_with_a_project(services) -> tuple[Actor, int]:
    now = services.clock()
    user = users.create_user(
        services.units_of_work(),
        services.hasher,
        name="mulder",
        now=now,
        email_addr="mulder@example.com",
        password="trust-no-one",
        keys=services.keys,
    )
    actor = Actor.for_user(user)
    command = CreateProject(name="X", short_name="x", description="files")
    project = projects.create_project(
        services.units_of_work(), command, actor, now, keys=services.keys
    )
    return actor, project.id


def test_the_export_job_builds_the_archive_and_mails_its_link(worked):
    services, broker, worker = worked
    actor, _ = _user_with_a_project(services)
    accounts.request_account_export(services.units_of_work(), actor, "mulder", jobs=services.jobs)
    _drain(broker, worker)
    mail = services.mailer.sent[-1]
    assert mail.to == "mulder@example.com" and "/account/mulder/export/" in mail.body


def test_the_deletion_job_removes_the_user_and_their_projects_and_can_run_twice(worked):
    services, broker, worker = worked
    actor, project_id = _user_with_a_project(services)
    uow = services.units_of_work()
    accounts.request_account_deletion(uow, actor, "mulder", jobs=services.jobs)
    accounts.request_account_deletion(
        uow, Actor(user_id=actor.user_id, admin=True), "mulder", jobs=services.jobs
    )
    _drain(broker, worker)
    with services.units_of_work() as uow:
        assert uow.users.get_by_name("mulder") is None
        assert uow.projects.get(project_id) is None
