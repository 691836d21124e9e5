"""Alembic migrations, configured in code: `upgrade(url)` brings a database to the head."""
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from adapters.sql.database import create_engine_for

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Revision:
    """One migration: its id and the first line of its docstring."""

    revision: str
    title: str


def alembic_config(url: str) -> Config:
    """An alembic Config for this folder and the database at `url` (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> list[Revision]:
    """Apply every migration up to `revision` to the database at `url`; returns the ones
    applied, oldest first (none when it was already there).

    Raises alembic.util.CommandError for a revision that is unknown or behind the database's.
    """
    config = alembic_config(url)
    before = current_revision(url)
    command.upgrade(config, revision)
    after = current_revision(url)
    if after == before:
        return []
    script = ScriptDirectory.from_config(config)
    applied = script.iterate_revisions(after, before)
    return [Revision(step.revision, (step.doc or "").strip().splitlines()[0] if step.doc
                     else "") for step in reversed(list(applied))]


def current_revision(url: str) -> str | None:
    """The revision the database at `url` is at (None: not migrated yet)."""
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
