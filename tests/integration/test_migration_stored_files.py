"""Migration 0007 on a database that already holds helping materials: `stored_file` is
backfilled only for files of the row's own project, never from another project's name."""

import json
from datetime import datetime

from alembic import command
from sqlalchemy import inspect, text

from adapters.sql import database, migrations

NOW = datetime(2024, 5, 1, 12, 0, 0)
MATERIALS = {  # id: (project_id, info)
    1: (1, {"container": "project_1", "file_name": "abc_tutorial.pdf"}),
    2: (1, {"container": "project_2", "file_name": "theirs.png"}),
    3: (2, {"container": "project_2", "file_name": "theirs.png"}),
    4: (1, {"container": "user_1", "file_name": "x_avatar.png"}),
    5: (1, {"container": "project_1", "file_name": "../project_2/theirs.png"}),
    6: (1, {"container": "project_1", "file_name": "abc_tutorial.pdf"}),
    7: (1, {"text": "no file"}),
    8: (1, {"container": "project_1", "file_name": 5}),
}


def _insert_rows(connection) -> None:
    connection.execute(
        text(
            'INSERT INTO "user" (id, created, name, fullname, email_addr, api_key, admin, '
            "privacy_mode, locale, valid_email, subscribed, info) VALUES (1, :now, 'ada', 'Ada', "
            "'ada@example.com', 'key', false, true, 'en', true, true, '{}')"
        ),
        {"now": NOW},
    )
    for project_id in (1, 2):
        connection.execute(
            text(
                "INSERT INTO project (id, created, updated, name, short_name, description, "
                "allow_anonymous_contributors, published, featured, zip_download, contacted, "
                "owner_id, category_id, secret_key, info) VALUES (:id, :now, :now, :name, :name, "
                "'d', true, false, false, true, false, 1, 1, 'secret', '{}')"
            ),
            {"id": project_id, "now": NOW, "name": f"p{project_id}"},
        )
    for material_id, (project_id, info) in MATERIALS.items():
        connection.execute(
            text(
                "INSERT INTO helpingmaterial (id, created, project_id, info) "
                "VALUES (:id, :now, :project, :info)"
            ),
            {"id": material_id, "now": NOW, "project": project_id, "info": json.dumps(info)},
        )


def test_only_files_of_the_rows_own_project_are_recorded_once(empty_database_url):
    migrations.upgrade(empty_database_url, "0006")
    engine = database.create_engine_for(empty_database_url)
    try:
        with engine.begin() as connection:
            _insert_rows(connection)
        migrations.upgrade(empty_database_url, "0007")
        with engine.connect() as connection:
            stored = dict(
                connection.execute(
                    text("SELECT id, stored_file FROM helpingmaterial ORDER BY id")
                ).all()
            )
    finally:
        engine.dispose()
    assert stored == {
        1: "project_1/abc_tutorial.pdf",
        2: None,
        3: "project_2/theirs.png",
        4: None,
        5: None,
        6: None,
        7: None,
        8: None,
    }


def test_the_column_comes_and_goes_without_rebuilding_the_table(empty_database_url):
    migrations.upgrade(empty_database_url, "0007")
    engine = database.create_engine_for(empty_database_url)
    try:
        assert "stored_file" in _columns(engine)
        assert _keeps_autoincrement(engine)
        command.downgrade(migrations.alembic_config(empty_database_url), "0006")
        assert "stored_file" not in _columns(engine)
        assert _keeps_autoincrement(engine)
    finally:
        engine.dispose()


def _columns(engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("helpingmaterial")}


def _keeps_autoincrement(engine) -> bool:
    """On SQLite, ids stay never given twice (revision 0005); PostgreSQL has sequences."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        create = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'helpingmaterial'")
        ).scalar_one()
    return "AUTOINCREMENT" in create.upper()
