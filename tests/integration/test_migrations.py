"""The migrations build exactly the schema of record and seed PYBOSSA's default categories."""

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from adapters.sql import tables


def test_the_migrated_schema_has_no_drift_from_the_tables(engine):
    with engine.connect() as connection, warnings.catch_warnings():
        # SQLite's reflection skips expression indexes (ux_user_name_lower); alembic then
        # leaves them out of the comparison there, and PostgreSQL compares them.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, tables.metadata) == []


def test_the_migrations_record_the_head_revision(engine):
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0013"


def test_every_table_of_the_schema_exists(engine):
    names = set(inspect(engine).get_table_names())
    assert set(tables.metadata.tables) <= names


def test_the_two_default_categories_exist(engine):
    category = tables.category
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                category.c.name, category.c.short_name, category.c.description, category.c.created
            ).order_by(category.c.id)
        ).all()
    assert [tuple(row[:3]) for row in rows] == [
        ("Thinking", "thinking", "Volunteer Thinking projects"),
        ("Volunteer Sensing", "sensing", "Volunteer Sensing projects"),
    ]
    assert all(row.created is not None for row in rows)


def test_upgrading_an_up_to_date_database_again_changes_nothing(database_url, engine):
    from adapters.sql import migrations

    migrations.upgrade(database_url)
    with engine.connect() as connection:
        count = connection.execute(select(tables.category.c.id)).all()
    assert len(count) == 2
