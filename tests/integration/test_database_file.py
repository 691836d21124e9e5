"""The embedded database file holds password hashes and api keys: only its owner reads it."""

import logging
import os
import stat

from sqlalchemy import text

from adapters.sql import database, migrations


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_database_and_its_wal_files_are_readable_by_their_owner_only(tmp_path):
    previous = os.umask(0o022)  # the usual umask, which makes new files world-readable
    try:
        path = tmp_path / "var" / "pybossa.db"
        migrations.upgrade(f"sqlite:///{path}")
        engine = database.create_engine_for(f"sqlite:///{path}")
        with engine.begin() as connection:  # writing leaves the -wal and -shm files
            connection.execute(text("CREATE TABLE probe (id INTEGER)"))
            modes = {
                name: _mode(tmp_path / "var" / name)
                for name in ("pybossa.db", "pybossa.db-wal", "pybossa.db-shm")
            }
        engine.dispose()
    finally:
        os.umask(previous)
    assert modes == dict.fromkeys(modes, 0o600)


def test_an_existing_database_others_can_read_is_reported_and_left_alone(tmp_path, caplog):
    path = tmp_path / "pybossa.db"
    path.touch()
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="adapters.sql.database"):
        database.create_engine_for(f"sqlite:///{path}").dispose()
    assert f"chmod 600 {path}" in caplog.text
    assert _mode(path) == 0o644
