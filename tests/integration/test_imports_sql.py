"""The SQL bulk-import writer on SQLite and PostgreSQL: what it stores, what it skips."""

from datetime import datetime

from sqlalchemy import func, select

from adapters.sql import tables
from pybossa_core.task_imports import NewTask

from .builders import NOW, a_project, a_task, a_user

EXACT = datetime(2024, 5, 1, 12, 0, 0, 123456)


def stored_tasks(uow, project) -> list:
    with uow:
        statement = (
            select(tables.task)
            .where(tables.task.c.project_id == project.id)
            .order_by(tables.task.c.id)
        )
        return [row._asdict() for row in uow.session.execute(statement)]


def test_imported_tasks_are_stored_like_tasks_added_one_by_one(uow):
    project = a_project(uow, a_user(uow))
    a_task(uow, project, info={"q": "é😀"}, n_answers=3, created=EXACT)
    with uow:
        added = uow.task_imports.add_many(
            [NewTask(project.id, EXACT, info={"q": "é😀"}, n_answers=3)]
        )
        uow.commit()
    one_by_one, imported = stored_tasks(uow, project)
    assert added == 1
    assert {**imported, "id": None} == {**one_by_one, "id": None}
    assert imported["gold_answers"] is None and imported["fav_user_ids"] is None


def test_every_value_kind_survives_the_trip(uow):
    project = a_project(uow, a_user(uow))
    tasks = [
        NewTask(
            project.id,
            NOW,
            info="just text",
            priority_0=0.1,
            quorum=2,
            calibration=-1,
            gold_answers={"label": ["a", 1, None]},
            dedupe_key="k",
        ),
        NewTask(project.id, NOW, info=[1, 2.5, True], n_answers=2**31 - 1),
    ]
    with uow:
        uow.task_imports.add_many(tasks)
        uow.commit()
    first, second = stored_tasks(uow, project)
    assert (first["info"], first["priority_0"], first["quorum"], first["calibration"]) == (
        "just text",
        0.1,
        2,
        -1,
    )
    assert first["gold_answers"] == {"label": ["a", 1, None]} and first["dedupe_key"] == "k"
    assert second["info"] == [1, 2.5, True] and second["n_answers"] == 2**31 - 1
    assert (second["state"], second["n_task_runs"]) == ("ongoing", 0)


def test_a_dedupe_key_the_project_holds_is_skipped(uow):
    project = a_project(uow, a_user(uow))
    a_task(uow, project, dedupe_key="a")
    with uow:
        added = uow.task_imports.add_many(
            [NewTask(project.id, NOW, dedupe_key=key) for key in ("a", "b", "b", None, None)]
        )
        again = uow.task_imports.add_many([NewTask(project.id, NOW, dedupe_key="b")])
        uow.commit()
    assert (added, again) == (3, 0)
    assert sorted(str(t["dedupe_key"]) for t in stored_tasks(uow, project)) == [
        "None",
        "None",
        "a",
        "b",
    ]


def test_the_same_dedupe_key_in_two_projects_makes_two_tasks(uow):
    owner = a_user(uow)
    first, second = a_project(uow, owner), a_project(uow, owner)
    with uow:
        assert uow.task_imports.add_many([NewTask(first.id, NOW, dedupe_key="k")]) == 1
        assert uow.task_imports.add_many([NewTask(second.id, NOW, dedupe_key="k")]) == 1
        uow.commit()


def test_imported_tasks_leave_with_a_rollback(uow):
    project = a_project(uow, a_user(uow))
    with uow:
        uow.task_imports.add_many([NewTask(project.id, NOW) for _ in range(3)])
    with uow:
        count = uow.session.scalar(select(func.count()).select_from(tables.task))
    assert count == 0


def test_an_empty_batch_adds_nothing(uow):
    with uow:
        assert uow.task_imports.add_many([]) == 0
