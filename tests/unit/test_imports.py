"""Bulk task imports: the row rules, and the use case's all-or-nothing transaction."""

import pytest

from pybossa_core import errors
from pybossa_core.task_imports import ImportRow, NewTask, RowError, new_task
from pybossa_core.tasks import CreateTask, Task
from pybossa_core.use_cases import imports
from pybossa_core.users import ANONYMOUS

from .builders import NOW, a_project, a_task, actor


def rows(*values, problem_at=None):
    return [
        ImportRow(n, v, line=n + 1, problem="broken" if n == problem_at else None)
        for n, v in enumerate(values, 1)
    ]


def run(uow, caller, project, values, max_rows=1000, **kw):
    return imports.import_tasks(uow, project.id, values, caller, now=NOW, max_rows=max_rows, **kw)


# -- the row rules ----------------------------------------------------------------------------


def test_a_row_becomes_a_task_with_the_defaults_of_a_task_posted_one_by_one():
    imported = new_task(ImportRow(1, {"info": {"q": 1}}), 7, NOW)
    posted = Task.create(CreateTask(project_id=7, info={"q": 1}), NOW)
    assert imported.columns() == {name: getattr(posted, name) for name in imported.columns()}
    assert set(imported.columns()) == {f for f in vars(posted) if f != "id"} - {
        "_sa_instance_state"
    }


def test_numbers_may_come_as_text_as_csv_carries_them():
    task = new_task(
        ImportRow(
            1,
            {
                "n_answers": " 5",
                "priority_0": "0.25",
                "quorum": "2",
                "calibration": "-1",
                "gold_answers": '{"a": 1}',
            },
        ),
        7,
        NOW,
    )
    assert (task.n_answers, task.priority_0, task.quorum, task.calibration) == (5, 0.25, 2, -1)
    assert task.gold_answers == {"a": 1}


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"n_answers": 0}, "n_answers", "n_answers must be at least 1"),
        ({"n_answers": 2.5}, "n_answers", "must be a whole number"),
        ({"n_answers": "many"}, "n_answers", "must be a whole number"),
        ({"n_answers": 2**31}, "n_answers", "must be between -2147483648 and 2147483647"),
        ({"n_answers": "9" * 5000}, "n_answers", "must be between -2147483648 and 2147483647"),
        ({"quorum": -1}, "quorum", "quorum must not be negative"),
        ({"calibration": False}, "calibration", "must be a whole number"),
        ({"priority_0": 1.5}, "priority_0", "priority_0 must be between 0 and 1"),
        ({"priority_0": "nan"}, "priority_0", "must be a finite number"),
        ({"priority_0": "high"}, "priority_0", "must be a number"),
        ({"info": None}, "info", "must not be null"),
        ({"gold_answers": "[1]"}, "gold_answers", "must be a JSON object"),
        (
            {"gold_answers": "{oops"},
            "gold_answers",
            "must be a JSON object (this text is not JSON)",
        ),
        (
            {"gold_answers": '{"a": NaN}'},
            "gold_answers",
            "must be a JSON object (this text is not JSON)",
        ),
        (
            {"gold_answers": '{"a": 1e400}'},
            "gold_answers",
            "must be a JSON object (this text is not JSON)",
        ),
        (
            {"gold_answers": "[" * 100_000},
            "gold_answers",
            "must be a JSON object (this text is not JSON)",
        ),
        ({"dedupe_key": ""}, "dedupe_key", "must be text of 1 to 255 characters"),
        ({"dedupe_key": "k" * 256}, "dedupe_key", "must be text of 1 to 255 characters"),
        ({"project_id": 8}, "project_id", "must be the id of the project imported into (7)"),
    ],
)
def test_a_value_breaking_a_rule_is_reported_with_its_field(values, field, reason):
    assert new_task(ImportRow(3, values, line=4), 7, NOW) == [RowError(3, field, reason, 4)]


def test_unknown_fields_and_server_set_fields_are_refused():
    found = new_task(ImportRow(1, {"info": {}, "state": "completed", "id": 3}), 7, NOW)
    assert [(e.field, e.reason.split(" (")[0]) for e in found] == [
        ("state", "unknown field"),
        ("id", "unknown field"),
    ]


def test_every_broken_field_of_a_row_is_reported():
    found = new_task(ImportRow(1, {"n_answers": "x", "priority_0": "y"}), 7, NOW)
    assert [e.field for e in found] == ["n_answers", "priority_0"]


def test_a_problem_found_by_the_reader_is_the_rows_error():
    assert new_task(ImportRow(2, {}, line=9, problem="not valid JSON"), 7, NOW) == [
        RowError(2, None, "not valid JSON", 9)
    ]


def test_the_project_id_may_repeat_the_project_imported_into():
    assert isinstance(new_task(ImportRow(1, {"project_id": "7"}), 7, NOW), NewTask)


# -- the use case -----------------------------------------------------------------------------


def test_the_owner_imports_every_row(uow, owner):
    project = a_project(uow, owner)
    report = run(uow, actor(owner), project, rows({"info": {"n": 1}}, {"info": {"n": 2}}))
    assert report == imports.ImportReport(imported=2, skipped_duplicates=0, rows=2)
    stored = uow.tasks.where(project_id=project.id)
    assert [t.info for t in stored] == [{"n": 1}, {"n": 2}]
    assert {(t.state, t.n_task_runs, t.created) for t in stored} == {("ongoing", 0, NOW)}


def test_a_project_is_found_by_short_name(uow, owner):
    project = a_project(uow, owner, short_name="birds")
    report = imports.import_tasks(
        uow, "birds", rows({"info": {}}), actor(owner), now=NOW, max_rows=10
    )
    assert report.imported == 1 and uow.tasks.count_for_project(project.id) == 1


def test_an_invalid_row_after_written_batches_leaves_nothing(uow, owner, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    project = a_project(uow, owner)
    values = rows(*[{"info": {}}] * 5, {"n_answers": 0}, {"info": {}})
    with pytest.raises(errors.InvalidRows) as raised:
        run(uow, actor(owner), project, values)
    assert raised.value.errors == [
        {"row": 6, "field": "n_answers", "line": 7, "reason": "n_answers must be at least 1"}
    ]
    assert uow.tasks.count_for_project(project.id) == 0


def test_reading_stops_once_more_errors_were_found_than_are_reported(uow, owner):
    project = a_project(uow, owner)
    read = []

    def lazily():
        for row in rows(*[{"n_answers": 0}] * 500):
            read.append(row)
            yield row

    with pytest.raises(errors.InvalidRows) as raised:
        run(uow, actor(owner), project, lazily())
    assert len(raised.value.errors) == 100 and raised.value.more_errors
    assert len(read) == 101


def test_more_rows_than_allowed_is_too_large_and_leaves_nothing(uow, owner):
    project = a_project(uow, owner)
    with pytest.raises(errors.TooLarge):
        run(uow, actor(owner), project, rows(*[{"info": {}}] * 4), max_rows=3)
    assert run(uow, actor(owner), project, rows(*[{"info": {}}] * 3), max_rows=3).imported == 3


def test_known_dedupe_keys_are_skipped_and_counted(uow, owner):
    project = a_project(uow, owner)
    a_task(uow, project, dedupe_key="a")
    report = run(
        uow,
        actor(owner),
        project,
        rows({"dedupe_key": "a"}, {"dedupe_key": "b"}, {"dedupe_key": "b"}, {"info": {}}),
    )
    assert report == imports.ImportReport(imported=2, skipped_duplicates=2, rows=4)
    assert sorted(str(t.dedupe_key) for t in uow.tasks.where(project_id=project.id)) == [
        "None",
        "a",
        "b",
    ]


def test_progress_hears_the_rows_read_after_each_batch(uow, owner, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    project = a_project(uow, owner)
    heard = []
    run(uow, actor(owner), project, rows(*[{"info": {}}] * 5), progress=heard.append)
    assert heard == [2, 4, 5]


def test_only_the_owner_or_an_admin_imports(uow, owner, someone, admin):
    project = a_project(uow, owner)
    with pytest.raises(errors.Forbidden):
        run(uow, actor(someone), project, rows({"info": {}}))
    with pytest.raises(errors.AuthenticationRequired):
        run(uow, ANONYMOUS, project, rows({"info": {}}))
    assert run(uow, actor(admin), project, rows({"info": {}})).imported == 1


def test_rows_are_not_read_before_the_caller_is_allowed(uow, owner, someone):
    project = a_project(uow, owner)

    def never():
        raise AssertionError("the body was read")
        yield

    with pytest.raises(errors.Forbidden):
        run(uow, actor(someone), project, never())


def test_an_unknown_project_is_not_found(uow, owner):
    with pytest.raises(errors.NotFound):
        imports.import_tasks(uow, 99, rows({"info": {}}), actor(owner), now=NOW, max_rows=9)
