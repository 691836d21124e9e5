"""Read-only units of work never wait for a writer (SQLite WAL, deferred BEGIN); writers are
still serialised from their first statement."""
import threading

import pytest
from sqlalchemy import func, select

from adapters.sql import database, tables
from adapters.sql.exports import SqlExportReader
from adapters.sql.sessions import SqlSessionRevocations
from adapters.sql.unit_of_work import SqlUnitOfWork
from pybossa_core.categories import Category

from .builders import NOW


@pytest.fixture
def both_uow(engine) -> SqlUnitOfWork:
    """The unit of work as bootstrap builds it: separate sessions for reading blocks."""
    return SqlUnitOfWork(database.session_factory(engine), database.read_session_factory(engine))


def _categories(uow: SqlUnitOfWork) -> int:
    return uow.session.execute(select(func.count()).select_from(tables.category)).scalar_one()


class _HeldWriter:
    """A thread whose unit of work has written a category and holds its transaction open
    until `release` is set; `failures` keeps what went wrong in it."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self.uow, self.wrote, self.release = uow, threading.Event(), threading.Event()
        self.failures: list[Exception] = []
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        try:
            with self.uow:
                self.uow.categories.add(Category(name="Held", short_name="held", created=NOW))
                self.uow.flush()
                self.wrote.set()
                assert self.release.wait(timeout=30)
                self.uow.commit()
        except Exception as exc:  # reported by the test's assertion
            self.failures.append(exc)
            self.wrote.set()

    def __enter__(self) -> "_HeldWriter":
        self.thread.start()
        assert self.wrote.wait(timeout=30)
        return self

    def __exit__(self, *exc_info) -> None:
        self.release.set()
        self.thread.join(timeout=30)


def test_a_reading_block_reads_while_a_writer_holds_its_transaction(both_uow):
    with both_uow:
        before = _categories(both_uow)
    with _HeldWriter(both_uow) as writer:
        with both_uow.reading(), both_uow:
            during = _categories(both_uow)  # before the fix: waited 15 s, then "locked"
        assert writer.failures == []
    with both_uow.reading(), both_uow:
        after = _categories(both_uow)
    assert (during, after) == (before, before + 1)


def test_reading_mode_ends_with_its_block_and_stays_in_its_thread(both_uow):
    seen: list[bool] = []
    with both_uow.reading():
        thread = threading.Thread(target=lambda: seen.append(
            both_uow.session_factory is both_uow.read_session_factory))
        thread.start()
        thread.join(timeout=10)
        with both_uow:
            reading_bind = both_uow.session.get_bind()
    with both_uow:
        writing_bind = both_uow.session.get_bind()
    assert reading_bind.get_execution_options().get("sqlite_begin") == database.DEFERRED
    assert writing_bind.get_execution_options().get("sqlite_begin") is None
    assert seen == [False]


def test_writers_wait_for_each_other_rather_than_fail(both_uow, engine):
    failures: list[Exception] = []

    def second_writer() -> None:
        try:
            with both_uow:
                count = _categories(both_uow)  # the write lock is taken before this read
                both_uow.categories.add(Category(name=f"C{count}", short_name=f"c{count}",
                                                 created=NOW))
                both_uow.commit()
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)

    with _HeldWriter(both_uow) as writer:
        thread = threading.Thread(target=second_writer)
        thread.start()
    thread.join(timeout=30)
    assert writer.failures == [] and failures == []
    with engine.connect() as connection:
        names = set(connection.execute(select(tables.category.c.short_name)).scalars())
    assert "held" in names and len(names) == 4  # two seeded categories, then one each


def test_an_export_and_a_session_check_read_while_a_writer_holds_its_transaction(both_uow,
                                                                                 engine):
    revocations = SqlSessionRevocations(engine)
    revocations.revoke("signed-out", 60)
    with _HeldWriter(both_uow) as writer:
        # Before: each export batch and each cookie check began IMMEDIATE, and waited here.
        layout = SqlExportReader(engine).info_layout("task", 1)
        rows = list(SqlExportReader(engine).rows("task", 1))
        revoked = revocations.is_revoked("signed-out")
        assert writer.failures == []
    assert (layout.keys, rows, revoked) == ((), [], True)
