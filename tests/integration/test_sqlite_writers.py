"""SQLite writers of one process take turns on a lock (adapters/sql/sqlite_writers.py): a turn
ends with its transaction, and a writer that waits too long meets the database outage."""

import threading

import pytest
from sqlalchemy import exc

from adapters import outages
from adapters.sql import database
from adapters.sql.sqlite_writers import WriterTurns


def write_in_thread(engine, value: int) -> list[BaseException]:
    """Insert a row from another thread; returns what went wrong there (nothing, or an error)."""
    failures: list[BaseException] = []

    def write() -> None:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("INSERT INTO numbers VALUES (?)", (value,))
                connection.commit()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            failures.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    return failures


def test_a_writer_gives_its_turn_back_at_commit_though_its_connection_stays_open(tmp_path):
    engine = database.create_engine_for(f"sqlite:///{tmp_path}/turns.db")
    with engine.connect() as first:
        first.exec_driver_sql("CREATE TABLE numbers (n INTEGER)")
        first.exec_driver_sql("INSERT INTO numbers VALUES (1)")
        first.commit()
        assert write_in_thread(engine, 2) == []  # `first` is still checked out
        assert [n for (n,) in first.exec_driver_sql("SELECT n FROM numbers ORDER BY n")] == [1, 2]
        first.rollback()
    engine.dispose()


def test_a_rolled_back_writer_gives_its_turn_back_too(tmp_path):
    engine = database.create_engine_for(f"sqlite:///{tmp_path}/turns.db")
    with engine.connect() as first:
        first.exec_driver_sql("CREATE TABLE numbers (n INTEGER)")
        first.commit()
        first.exec_driver_sql("INSERT INTO numbers VALUES (1)")
        first.rollback()
        assert write_in_thread(engine, 2) == []
    engine.dispose()


def test_a_writer_that_waits_too_long_meets_the_database_outage():
    turns = WriterTurns(wait_seconds=0.01)
    holder, waiter = {}, {}
    turns.take(holder)
    with pytest.raises(exc.OperationalError) as raised:
        turns.take(waiter)
    assert outages.is_sql_outage(raised.value)
    turns.give_back(holder)
    turns.take(waiter)  # free again
    turns.give_back(waiter)
