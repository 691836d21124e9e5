"""The fakes behave like the real adapters: transactions, cascades, uniques, files, hashes."""

import pytest

from pybossa_core import errors

from . import builders
from .builders import a_category, a_helping_material, a_project, a_result, a_task, a_task_run
from .fakes import FakeFileStorage, FakeJobQueue, FakePasswordHasher


def test_added_objects_get_increasing_ids(uow, owner):
    first, second = a_project(uow, owner), a_project(uow, owner)
    assert (first.id, second.id) == (1, 2)
    assert uow.projects.get(second.id) is second


def test_an_unknown_id_gives_none(uow):
    assert uow.projects.get(99) is None
    assert uow.projects.get("not-an-id") is None


def test_commit_counts_commits(uow):
    before = uow.committed
    with uow:
        uow.commit()
    assert uow.committed == before + 1


def test_leaving_without_commit_drops_staged_additions(uow, owner):
    project = a_project(uow, owner)
    with uow:
        uow.tasks.add(builders.Task(project_id=project.id, created=builders.NOW))
    assert uow.tasks.count_for_project(project.id) == 0


def test_leaving_without_commit_restores_changed_objects_in_place(uow, owner):
    project = a_project(uow, owner, name="Before", info={"k": 1})
    with uow:
        project.name = "After"
        project.info["k"] = 2
    assert uow.projects.get(project.id) is project
    assert (project.name, project.info) == ("Before", {"k": 1})


def test_leaving_without_commit_brings_deleted_objects_back(uow, owner):
    project = a_project(uow, owner)
    task = a_task(uow, project)
    with uow:
        uow.projects.delete(project)
    assert uow.projects.get(project.id) is project
    assert uow.tasks.get(task.id) is task


def test_an_error_inside_the_transaction_rolls_it_back(uow, owner):
    project = a_project(uow, owner, name="Before")
    with pytest.raises(RuntimeError), uow:
        project.name = "After"
        raise RuntimeError("boom")
    assert project.name == "Before"


def test_committed_changes_survive_the_end_of_the_transaction(uow, owner):
    project = a_project(uow, owner, name="Before")
    with uow:
        project.name = "After"
        uow.commit()
    assert uow.projects.get(project.id).name == "After"


def test_commit_refuses_a_duplicate_unique_value(uow, owner):
    a_project(uow, owner, short_name="same")
    with pytest.raises(errors.DuplicateValue), uow:
        uow.projects.add(
            builders.Project(
                name="Other",
                short_name="same",
                description="",
                owner_id=owner.id,
                category_id=1,
                secret_key="k",
                created=builders.NOW,
                updated=builders.NOW,
            )
        )
        uow.commit()
    assert len(uow.projects.where(short_name="same")) == 1


def test_deleting_a_project_removes_everything_that_belongs_to_it(uow, owner):
    project, kept = a_project(uow, owner), a_project(uow, owner)
    task, kept_task = a_task(uow, project), a_task(uow, kept)
    a_task_run(uow, task, owner)
    a_result(uow, task)
    a_helping_material(uow, project)
    with uow:
        uow.projects.delete(project)
        uow.commit()
    for repo in (uow.tasks, uow.task_runs, uow.results, uow.helping_materials):
        assert repo.where(project_id=project.id) == []
    assert uow.tasks.get(kept_task.id) is kept_task


def test_deleting_a_task_removes_its_runs_and_result(uow, owner):
    project = a_project(uow, owner)
    task, other = a_task(uow, project), a_task(uow, project)
    a_task_run(uow, task, owner)
    other_run = a_task_run(uow, other, owner)
    a_result(uow, task)
    with uow:
        uow.tasks.delete(task)
        uow.commit()
    assert uow.task_runs.for_task(task.id) == []
    assert uow.results.for_task(task.id) is None
    assert uow.task_runs.for_task(other.id) == [other_run]


def test_the_first_category_is_the_one_with_the_lowest_id(uow):
    assert uow.categories.first() is None
    first = a_category(uow)
    a_category(uow)
    assert uow.categories.first() is first


def test_users_are_found_by_api_key_name_and_email_in_any_case(uow):
    user = builders.a_user(uow, name="ada", email_addr="ada@example.com")
    assert uow.users.get_by_api_key(user.api_key) is user
    assert uow.users.get_by_name("ada") is user
    assert uow.users.get_by_email("ADA@Example.com") is user
    assert uow.users.get_by_api_key("nope") is None


def test_task_runs_of_a_task_come_oldest_first(uow, owner, someone):
    task = a_task(uow, a_project(uow, owner))
    late = a_task_run(uow, task, owner, created=builders.LATER)
    early = a_task_run(uow, task, someone)
    assert uow.task_runs.for_task(task.id) == [early, late]


def test_only_the_last_version_of_a_result_is_the_tasks_result(uow, owner):
    task = a_task(uow, a_project(uow, owner))
    a_result(uow, task, last_version=False)
    current = a_result(uow, task)
    assert uow.results.for_task(task.id) is current


def test_stats_count_what_the_repositories_hold(uow, owner):
    category = a_category(uow, short_name="science")
    builders.a_published_project(uow, owner, category_id=category.id, featured=True)
    draft = a_project(uow, owner, category_id=category.id)
    a_task(uow, draft)
    a_task(uow, draft, state="completed")
    stats = uow.stats.global_stats()
    assert (stats.n_projects, stats.n_drafts, stats.n_featured) == (2, 1, 1)
    assert (stats.n_tasks, stats.n_pending_tasks, stats.n_users) == (2, 1, 1)
    assert stats.published_per_category == {"science": 1}


def test_the_password_hasher_verifies_only_the_right_password():
    hasher = FakePasswordHasher()
    hashed = hasher.hash("secret-password")
    assert hashed != "secret-password"
    assert hasher.verify("secret-password", hashed)
    assert not hasher.verify("wrong", hashed)


def test_file_storage_keeps_bytes_until_they_are_deleted():
    storage = FakeFileStorage()
    path = storage.save("project_1", "a.png", b"png")
    assert path == "/uploads/project_1/a.png"
    assert storage.open("project_1", "a.png") == b"png"
    storage.delete("project_1", "a.png")
    storage.delete("project_1", "a.png")
    with pytest.raises(errors.NotFound):
        storage.open("project_1", "a.png")


def test_a_job_queue_carries_only_json_arguments():
    with pytest.raises(TypeError):
        FakeJobQueue().enqueue("send_mail", to=object())


def test_users_rank_by_answers_then_by_id(uow, owner, someone):
    task = a_task(uow, a_project(uow, owner))
    a_task_run(uow, task, someone)
    ranked = [(c.user, c.score, c.rank) for c in uow.users.top_contributors(5)]
    assert ranked == [(someone, 1, 1), (owner, 0, 2)]
    assert uow.users.contributor(owner.id).rank == 2 and uow.users.contributor(99) is None
    assert uow.users.count() == 2


def test_a_users_runs_are_listed_oldest_first(uow, owner, someone):
    project = a_project(uow, owner)
    later = a_task_run(uow, a_task(uow, project), someone, created=builders.LATER)
    sooner = a_task_run(uow, a_task(uow, project), someone)
    a_task_run(uow, a_task(uow, project), owner)
    assert uow.task_runs.by_user(someone.id) == [sooner, later]
