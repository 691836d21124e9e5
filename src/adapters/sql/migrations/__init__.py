"""Alembic migrations, configured in code: `upgrade(url)` brings a database to the head."""

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

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


@dataclass(frozen=True)
class Upgrade:
    """What `upgrade` did: the migrations applied, oldest first, and where the database is."""

    applied: list[Revision]
    revision: str | None


def upgrade(url: str, revision: str = "head") -> Upgrade:
    """Apply every migration up to `revision` to the database at `url` (none when it was
    already there).

    Raises alembic.util.CommandError for a revision that is unknown or behind the database's.
    """
    config = alembic_config(url)
    engine = create_engine_for(url)
    try:
        before = _revision_of(engine)
        command.upgrade(config, revision)
        after = _revision_of(engine)
    finally:
        engine.dispose()
    if after == before:
        return Upgrade([], after)
    steps = ScriptDirectory.from_config(config).iterate_revisions(after, before)
    return Upgrade(
        [
            Revision(step.revision, (step.doc or "").strip().splitlines()[0] if step.doc else "")
            for step in reversed(list(steps))
        ],
        after,
    )


def _revision_of(engine: Engine) -> str | None:
    """The revision the database is at (None: not migrated yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
