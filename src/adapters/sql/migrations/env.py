"""Alembic environment: the schema of record is adapters.sql.tables.metadata."""

from alembic import context

from adapters.sql import tables
from adapters.sql.database import create_engine_for

config = context.config
target_metadata = tables.metadata


def _options(dialect_name: str) -> dict:
    return {
        "target_metadata": target_metadata,
        "compare_type": True,
        "render_as_batch": dialect_name == "sqlite",
    }


def run_migrations_offline() -> None:
    """Emit the SQL of the migrations instead of running them (alembic --sql)."""
    url = config.get_main_option("sqlalchemy.url")
    dialect_name = url.split(":", 1)[0].split("+", 1)[0]
    context.configure(url=url, literal_binds=True, **_options(dialect_name))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations over a connection to the configured database."""
    engine = create_engine_for(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as connection:
            sqlite = engine.dialect.name == "sqlite"
            if sqlite:
                # A migration may rebuild a table (drop it, rename a copy): with foreign keys
                # on, dropping it would delete or orphan the rows that reference it. The
                # pragma only takes effect outside a transaction, so it is sent before one.
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            context.configure(connection=connection, **_options(engine.dialect.name))
            with context.begin_transaction():
                before = context.get_context().get_current_revision()
                context.run_migrations()
                # Only after a migration ran: the check reads every row of the database.
                if sqlite and context.get_context().get_current_revision() != before:
                    _check_foreign_keys(connection)
    finally:
        engine.dispose()


def _check_foreign_keys(connection) -> None:
    """Refuse (and roll back) migrations that left a row referencing a missing one."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"The migrations broke foreign keys: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
