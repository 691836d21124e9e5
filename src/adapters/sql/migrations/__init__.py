"""Alembic migrations, configured in code: `upgrade(url)` brings a database to the head."""
from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    """An alembic Config for this folder and the database at `url` (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to `revision` to the database at `url`."""
    command.upgrade(alembic_config(url), revision)
