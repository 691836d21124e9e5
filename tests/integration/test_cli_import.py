"""`pybossa-falcon tasks import PROJECT FILE` against SQLite and PostgreSQL."""

import json

import pytest
from sqlalchemy import func, select

from adapters.sql import tables
from entrypoints import cli

from .builders import a_project, a_user


@pytest.fixture
def environment(monkeypatch, database_url, tmp_path):
    """The command's settings: this test's database, no Redis."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("STORAGE_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("SECRET_KEY", "cli-test-secret")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("IMPORT_MAX_ROWS", raising=False)


def task_infos(uow, project) -> list:
    with uow:
        statement = (
            select(tables.task.c.info)
            .where(tables.task.c.project_id == project.id)
            .order_by(tables.task.c.id)
        )
        return list(uow.session.scalars(statement))


def count_tasks(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(tables.task))


def test_a_file_is_imported_with_a_progress_bar_and_a_json_report(
    environment, uow, tmp_path, capsys
):
    project = a_project(uow, a_user(uow), short_name="birds")
    data = tmp_path / "birds.csv"
    data.write_text("image,dedupe_key\n" + "".join(f"{n}.jpg,k{n}\n" for n in range(50)))
    assert cli.main(["tasks", "import", "birds", str(data)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"imported": 50, "skipped": 0, "rows": 50}
    assert "importing birds.csv" in err and "100%" in err
    assert task_infos(uow, project)[:2] == [{"image": "0.jpg"}, {"image": "1.jpg"}]
    assert cli.main(["tasks", "import", str(project.id), str(data)]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": 0, "skipped": 50, "rows": 50}


def test_the_format_may_be_given_when_the_name_does_not_tell_it(environment, uow, tmp_path, capsys):
    project = a_project(uow, a_user(uow))
    data = tmp_path / "tasks.txt"
    data.write_text('{"info": {"n": 1}}\n{"info": {"n": 2}}\n')
    assert cli.main(["tasks", "import", str(project.id), str(data)]) == 2
    assert "--format" in json.loads(capsys.readouterr().err.splitlines()[-1])["error"]
    assert cli.main(["tasks", "import", str(project.id), str(data), "--format", "ndjson"]) == 0
    assert task_infos(uow, project) == [{"n": 1}, {"n": 2}]


def test_a_bad_row_exits_2_with_the_errors_and_imports_nothing(environment, uow, tmp_path, capsys):
    project = a_project(uow, a_user(uow))
    data = tmp_path / "tasks.json"
    data.write_text(json.dumps([{"info": {}}, {"info": {}, "n_answers": 0}, {"info": {}}]))
    assert cli.main(["tasks", "import", str(project.id), str(data)]) == 2
    failure = json.loads(capsys.readouterr().err.splitlines()[-1])
    assert failure["errors"] == [
        {"row": 2, "field": "n_answers", "line": 1, "reason": "n_answers must be at least 1"}
    ]
    assert failure["more_errors"] is False
    assert count_tasks(uow) == 0


def test_max_rows_caps_an_import(environment, uow, tmp_path, capsys):
    project = a_project(uow, a_user(uow))
    data = tmp_path / "tasks.ndjson"
    data.write_text('{"info": {}}\n' * 4)
    assert cli.main(["tasks", "import", str(project.id), str(data), "--max-rows", "3"]) == 2
    assert "at most 3 rows" in capsys.readouterr().err
    assert count_tasks(uow) == 0


def test_a_missing_file_or_project_exits_2(environment, uow, tmp_path, capsys):
    assert cli.main(["tasks", "import", "1", str(tmp_path / "none.csv")]) == 2
    data = tmp_path / "tasks.csv"
    data.write_text("image\na.jpg\n")
    assert cli.main(["tasks", "import", "no-such-project", str(data)]) == 2
    assert "not found" in capsys.readouterr().err
