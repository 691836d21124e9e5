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
def both_uow(engine, reading_engine) -> SqlUnitOfWork:
    """The unit of work as bootstrap builds it: separate sessions for reading blocks."""
    return SqlUnitOfWork(database.session_factory(engine),
                         database.read_session_factory(reading_engine))


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


def _add_category_without_commit(uow: SqlUnitOfWork, short_name: str) -> None:
    with uow:
        uow.categories.add(Category(name=short_name, short_name=short_name, created=NOW))
        uow.flush()


def _stored_categories(engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(select(tables.category.c.short_name)).scalars())


def test_reading_mode_ends_with_its_block_and_stays_in_its_thread(both_uow, engine):
    # A reading block runs in autocommit (no BEGIN/ROLLBACK round trips): what it flushes
    # stays, which is why a GET that writes must not run in reading mode.
    with both_uow.reading():
        thread = threading.Thread(target=_add_category_without_commit,
                                  args=(both_uow, "other-thread"))
        thread.start()
        thread.join(timeout=10)
        _add_category_without_commit(both_uow, "reading")
    _add_category_without_commit(both_uow, "after")
    stored = _stored_categories(engine)
    assert "reading" in stored
    assert "other-thread" not in stored and "after" not in stored


def test_each_statement_of_a_reading_block_sees_the_latest_commits(both_uow):
    # newtask checks a new hold against answers committed meanwhile: no stale snapshot.
    with both_uow.reading(), both_uow:
        before = _categories(both_uow)
        with _HeldWriter(both_uow):
            pass  # the writer commits as its block ends
        after = _categories(both_uow)
    assert after == before + 1


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
