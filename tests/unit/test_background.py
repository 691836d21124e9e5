"""Background jobs: mail, account deletion and the data export, each safe to run twice."""

import io
import json
import zipfile

import pytest

from adapters.archives import ZipArchiver
from pybossa_core import errors
from pybossa_core.ports import Mail
from pybossa_core.use_cases import background, coowners
from pybossa_core.users import ANONYMOUS

from .account_steps import BASE
from .builders import (
    NOW,
    a_helping_material,
    a_project,
    a_published_project,
    a_result,
    a_task,
    a_task_run,
    a_user,
    actor,
    everything_in,
)
from .fakes import FakeJobQueue, FakeMailer


def run(job, arguments, uow, storage, mailer, jobs):
    background.run(
        job,
        arguments,
        uow=uow,
        storage=storage,
        mailer=mailer,
        jobs=jobs,
        now=NOW,
        base_url=BASE,
        archiver=ZipArchiver(),
    )


# -- mail -------------------------------------------------------------------------------------


def test_a_mail_job_hands_the_mail_to_the_mailer(mailer):
    background.send_mail(mailer=mailer, to="ada@example.com", subject="Hi", body="Hello")
    assert mailer.sent == [Mail(to="ada@example.com", subject="Hi", body="Hello")]


def test_a_mail_server_failure_reaches_the_queue_to_retry():
    mailer = FakeMailer(failures=1)
    with pytest.raises(errors.DeliveryFailed):
        background.send_mail(mailer=mailer, to="a@example.com", subject="s", body="b")
    background.send_mail(mailer=mailer, to="a@example.com", subject="s", body="b")
    assert len(mailer.sent) == 1


# -- deletion ---------------------------------------------------------------------------------


@pytest.fixture
def leaving(uow):
    """A user with an avatar who owns a project and answered someone else's."""
    return a_user(uow, info={"container": "user_x", "avatar": "a_avatar.png"})


def test_deleting_an_account_removes_the_user_and_their_projects(uow, storage, leaving, someone):
    project = a_published_project(uow, leaving)
    task = a_task(uow, project)
    a_task_run(uow, task, someone)
    a_result(uow, task)
    a_helping_material(uow, project)
    assert background.delete_account(uow, storage=storage, user_id=leaving.id) is True
    assert uow.users.get(leaving.id) is None
    assert everything_in(uow.projects) == []
    for repo in (uow.tasks, uow.task_runs, uow.results, uow.helping_materials):
        assert everything_in(repo) == []


def test_answers_in_other_projects_stay_without_their_author(uow, storage, owner, leaving):
    project = a_published_project(uow, owner)
    task = a_task(uow, project)
    run_ = a_task_run(uow, task, leaving, info={"answer": "yes"})
    result = a_result(uow, task)
    background.delete_account(uow, storage=storage, user_id=leaving.id)
    kept = uow.task_runs.get(run_.id)
    assert (kept.user_id, kept.info, kept.project_id) == (None, {"answer": "yes"}, project.id)
    assert uow.results.get(result.id).task_run_ids == [run_.id]
    assert uow.projects.get(project.id) is project


def test_the_projects_a_leaving_user_co_owns_stay_with_their_owner(uow, storage, owner, leaving):
    project = a_published_project(uow, owner)
    coowners.add_coowner(uow, project.short_name, leaving.name, actor(owner), NOW)
    background.delete_account(uow, storage=storage, user_id=leaving.id)
    assert uow.projects.get(project.id) is project
    assert project.owners_ids == [owner.id]


def test_other_users_and_their_answers_are_untouched(uow, storage, owner, leaving, someone):
    task = a_task(uow, a_published_project(uow, owner))
    theirs = a_task_run(uow, task, someone)
    background.delete_account(uow, storage=storage, user_id=leaving.id)
    assert uow.task_runs.get(theirs.id).user_id == someone.id
    assert uow.users.get(someone.id) is someone


def test_the_users_folder_projects_folders_and_exports_go_after_the_user(
    uow, storage, leaving, someone
):
    project = a_project(uow, leaving)
    storage.save(f"user_{leaving.id}", "a_avatar.png", b"PNG")
    storage.save(f"project_{project.id}", "tutorial.pdf", b"PDF")
    storage.save("private_exports", f"user_{leaving.id}_{'0' * 16}.zip", b"ZIP")
    kept = {
        (f"user_{someone.id}", "b_avatar.png"),
        ("user_x", "a_avatar.png"),
        ("private_exports", f"user_{someone.id}_{'0' * 16}.zip"),
        ("private_exports", f"user_{leaving.id}0_{'0' * 16}.zip"),
    }
    for container, name in kept:
        storage.save(container, name, b"keep")
    background.delete_account(uow, storage=storage, user_id=leaving.id)
    assert set(storage.files) == kept


def test_a_retry_after_the_commit_still_removes_the_files(uow, storage, leaving):
    background.delete_account(uow, storage=storage, user_id=leaving.id)
    storage.save(f"user_{leaving.id}", "a_avatar.png", b"PNG")  # left by a failed first run
    assert background.delete_account(uow, storage=storage, user_id=leaving.id) is False
    assert storage.files == {}


def test_deleting_twice_or_an_unknown_user_does_nothing(uow, storage, leaving, someone):
    background.delete_account(uow, storage=storage, user_id=leaving.id)
    committed = uow.committed
    assert background.delete_account(uow, storage=storage, user_id=leaving.id) is False
    assert background.delete_account(uow, storage=storage, user_id=999) is False
    assert uow.committed == committed
    assert uow.users.get(someone.id) is someone


def database_went_away() -> None:
    raise RuntimeError("database went away")


def test_a_failed_deletion_leaves_everything_in_place(uow, storage, owner, leaving):
    project = a_project(uow, leaving)
    run_ = a_task_run(uow, a_task(uow, a_published_project(uow, owner)), leaving)
    uow.concurrently.append(database_went_away)
    storage.save(f"user_{leaving.id}", "a_avatar.png", b"PNG")
    storage.save(f"project_{project.id}", "tutorial.pdf", b"PDF")
    with pytest.raises(RuntimeError):
        background.delete_account(uow, storage=storage, user_id=leaving.id)
    assert uow.users.get(leaving.id) is leaving and uow.projects.get(project.id) is project
    assert run_.user_id == leaving.id
    assert len(storage.files) == 2


# -- export -----------------------------------------------------------------------------------


def export(uow, storage, jobs, user):
    return background.export_account(
        uow,
        storage=storage,
        jobs=jobs,
        archiver=ZipArchiver(),
        user_id=user.id,
        now=NOW,
        base_url=BASE,
    )


def unzipped(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


@pytest.fixture
def exporter(uow, someone):
    """A user with a secret or two, a project with settings, and an answer."""
    user = a_user(uow, info={"avatar": "a.png", "twitter_token": {"oauth_token": "t"}})
    project = a_project(uow, user, info={"sched": "breadth_first"})
    a_task_run(uow, a_task(uow, project), user, info={"answer": 42})
    a_task_run(uow, a_task(uow, project), someone)
    return user


def test_an_export_zips_the_users_data_as_json(uow, storage, jobs, exporter):
    files = unzipped(storage.open("private_exports", export(uow, storage, jobs, exporter)))
    assert set(files) == {"user.json", "projects.json", "task_runs.json"}
    user = files["user.json"]
    assert (user["id"], user["name"], user["email_addr"]) == (
        exporter.id,
        exporter.name,
        exporter.email_addr,
    )
    assert user["created"] == NOW.isoformat()
    assert [p["info"] for p in files["projects.json"]] == [{"sched": "breadth_first"}]
    assert [r["info"] for r in files["task_runs.json"]] == [{"answer": 42}]


def test_an_export_leaves_out_credentials(uow, storage, jobs, exporter):
    files = unzipped(storage.open("private_exports", export(uow, storage, jobs, exporter)))
    assert not {"passwd_hash", "api_key"} & set(files["user.json"])
    assert files["user.json"]["info"] == {"avatar": "a.png"}
    assert "secret_key" not in files["projects.json"][0]


def test_the_export_link_is_mailed_to_the_user(uow, storage, jobs, exporter):
    filename = export(uow, storage, jobs, exporter)
    [(job, mail)] = jobs.enqueued
    assert job == "send_mail" and mail["to"] == exporter.email_addr
    assert f"{BASE}/account/{exporter.name}/export/{filename}" in mail["body"]


def test_exporting_again_makes_the_same_file(uow, storage, jobs, exporter):
    first, second = export(uow, storage, jobs, exporter), export(uow, storage, jobs, exporter)
    assert first == second and first.startswith(f"user_{exporter.id}_")
    assert list(storage.files) == [("private_exports", first)]


def test_new_data_makes_a_new_file(uow, storage, jobs, exporter):
    first = export(uow, storage, jobs, exporter)
    with uow:
        exporter.fullname = "Changed Name"
        uow.commit()
    assert export(uow, storage, jobs, exporter) != first


def test_no_export_for_a_user_that_is_gone(uow, storage, jobs):
    assert (
        background.export_account(
            uow,
            storage=storage,
            jobs=jobs,
            archiver=ZipArchiver(),
            user_id=404,
            now=NOW,
            base_url=BASE,
        )
        is None
    )
    assert (storage.files, jobs.enqueued) == ({}, [])


def test_the_user_and_admins_download_the_export(uow, storage, jobs, admin, exporter):
    filename = export(uow, storage, jobs, exporter)
    data = storage.open("private_exports", filename)
    for caller in (actor(exporter), actor(admin)):
        assert background.export_file(uow, caller, exporter.name, filename, storage=storage) == data


def test_nobody_else_downloads_an_export(uow, storage, jobs, exporter, someone):
    filename = export(uow, storage, jobs, exporter)
    with pytest.raises(errors.Forbidden):
        background.export_file(uow, actor(someone), exporter.name, filename, storage=storage)
    with pytest.raises(errors.AuthenticationRequired):
        background.export_file(uow, ANONYMOUS, exporter.name, filename, storage=storage)


@pytest.mark.parametrize(
    "filename",
    [
        "other.zip",
        "user_1_0123456789abcdef.zip",
        "../private_exports/x.zip",
        "user_{id}_0123456789abcdef.zip",
        "user_{id}_abc.txt",
    ],
)
def test_only_the_users_own_export_files_are_served(
    uow, storage, jobs, exporter, someone, filename
):
    storage.save("private_exports", "user_1_0123456789abcdef.zip", b"someone else's")
    with pytest.raises(errors.NotFound):
        background.export_file(
            uow, actor(exporter), exporter.name, filename.format(id=exporter.id), storage=storage
        )


def test_a_user_may_not_read_another_users_export_through_their_own_name(
    uow, storage, jobs, exporter, someone
):
    filename = export(uow, storage, jobs, exporter)
    with pytest.raises(errors.NotFound):
        background.export_file(uow, actor(someone), someone.name, filename, storage=storage)


# -- the dispatcher ---------------------------------------------------------------------------


def test_jobs_run_by_name(uow, storage, mailer, exporter):
    jobs = FakeJobQueue(
        run_inline=lambda job, arguments: run(job, arguments, uow, storage, mailer, jobs)
    )
    run("export_account", {"user_id": exporter.id}, uow, storage, mailer, jobs)
    assert [m.to for m in mailer.sent] == [exporter.email_addr]
    run("delete_account", {"user_id": exporter.id}, uow, storage, mailer, jobs)
    assert uow.users.get(exporter.id) is None
    assert set(background.JOBS) == {
        "send_mail",
        "delete_account",
        "export_account",
        "deliver_webhook",
        "recount_results",
    }


def test_an_unknown_job_is_a_programming_error(uow, storage, mailer, jobs):
    with pytest.raises(ValueError):
        run("mine_bitcoin", {}, uow, storage, mailer, jobs)
