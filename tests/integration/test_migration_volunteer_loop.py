"""Migration 0002 on a database that already holds tasks and runs: counters, indexes, undo."""

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import inspect, text

from adapters.sql import database, migrations

NOW = datetime(2024, 5, 1, 12, 0, 0)
VOLUNTEER_LOOP_INDEXES = {
    "task": {
        "ix_task_candidates_by_priority",
        "ix_task_candidates_by_fewest_runs",
        "ix_task_candidates_by_most_runs",
    },
    "task_run": {
        "uq_task_run_task_id_user_id",
        "uq_task_run_task_id_external_uid",
        "uq_task_run_task_id_user_ip",
        "ix_task_run_project_id_user_id",
        "ix_task_run_project_id_external_uid",
    },
}


@pytest.fixture
def engine_at_0001(database_url):
    """The database migrated to head, then taken back to revision 0001."""
    command.downgrade(migrations.alembic_config(database_url), "0001")
    engine = database.create_engine_for(database_url)
    yield engine
    engine.dispose()


def _index_names(engine, table: str) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes(table)}


def _insert_rows(connection) -> None:
    connection.execute(
        text(
            'INSERT INTO "user" (id, created, name, fullname, email_addr, api_key, admin, '
            "privacy_mode, locale, valid_email, subscribed, info) VALUES (1, :now, 'ada', 'Ada', "
            "'ada@example.com', 'key', false, true, 'en', true, true, '{}')"
        ),
        {"now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO project (id, created, updated, name, short_name, description, "
            "allow_anonymous_contributors, published, featured, zip_download, contacted, owner_id, "
            "category_id, secret_key, info) VALUES (1, :now, :now, 'P', 'p', 'd', true, false, "
            "false, true, false, 1, 1, 'secret', '{}')"
        ),
        {"now": NOW},
    )
    for task_id in (1, 2):
        connection.execute(
            text(
                "INSERT INTO task (id, created, project_id, state, quorum, calibration, "
                "priority_0, n_answers, info) VALUES (:id, :now, 1, 'ongoing', 0, 0, 0.0, 30, '{}')"
            ),
            {"id": task_id, "now": NOW},
        )
    for ip in ("anon-1", "anon-2"):
        connection.execute(
            text(
                "INSERT INTO task_run (created, finish_time, project_id, task_id, user_ip) "
                "VALUES (:now, :now, 1, 1, :ip)"
            ),
            {"now": NOW, "ip": ip},
        )


def test_existing_tasks_get_their_run_count_and_new_ones_start_at_zero(
    engine_at_0001, database_url
):
    with engine_at_0001.begin() as connection:
        _insert_rows(connection)
    migrations.upgrade(database_url)
    with engine_at_0001.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO task (id, created, project_id, state, quorum, calibration, "
                "priority_0, n_answers, info) VALUES (3, :now, 1, 'ongoing', 0, 0, 0.0, 30, '{}')"
            ),
            {"now": NOW},
        )
        counts = connection.execute(text("SELECT id, n_task_runs FROM task ORDER BY id")).all()
    assert [tuple(row) for row in counts] == [(1, 2), (2, 0), (3, 0)]


def test_the_volunteer_loop_indexes_come_and_go_with_the_migration(engine_at_0001, database_url):
    for table, names in VOLUNTEER_LOOP_INDEXES.items():
        assert not names & _index_names(engine_at_0001, table)
    assert "n_task_runs" not in {c["name"] for c in inspect(engine_at_0001).get_columns("task")}
    migrations.upgrade(database_url)
    for table, names in VOLUNTEER_LOOP_INDEXES.items():
        assert names <= _index_names(engine_at_0001, table)
