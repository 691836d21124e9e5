"""Read-only units of work never wait for a writer (SQLite WAL, deferred BEGIN); writers are
still serialised from their first statement."""

import threading

import pytest
from sqlalchemy import func, select

from adapters.sql import database, tables
from adapters.sql.exports import SqlExportReader
from adapters.sql.sessions import SqlSessionRevocations
from adapters.sql.unit_of_work import SqlUnitOfWork, SqlUnitsOfWork
from pybossa_core.categories import Category

from .builders import NOW


@pytest.fixture
def units(engine, reading_engine) -> SqlUnitsOfWork:
    """Units of work as bootstrap builds them: reading ones on their own sessions."""
    return SqlUnitsOfWork(
        database.session_factory(engine), database.read_session_factory(reading_engine)
    )


def _categories(uow: SqlUnitOfWork) -> int:
    return uow.session.execute(select(func.count()).select_from(tables.category)).scalar_one()


class _HeldWriter:
    """A thread whose unit of work has written a category and holds its transaction open
    until `release` is set; `failures` keeps what went wrong in it."""

    def __init__(self, units: SqlUnitsOfWork) -> None:
        self.uow, self.wrote, self.release = units(), threading.Event(), threading.Event()
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


def test_a_reading_block_reads_while_a_writer_holds_its_transaction(units):
    with units() as uow:
        before = _categories(uow)
    with _HeldWriter(units) as writer:
        with units(reading=True) as uow:
            during = _categories(uow)  # before the fix: waited 15 s, then "locked"
        assert writer.failures == []
    with units(reading=True) as uow:
        after = _categories(uow)
    assert (during, after) == (before, before + 1)


def _add_category_without_commit(uow: SqlUnitOfWork, short_name: str) -> None:
    with uow:
        uow.categories.add(Category(name=short_name, short_name=short_name, created=NOW))
        uow.flush()


def _stored_categories(engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(select(tables.category.c.short_name)).scalars())


def test_only_a_reading_unit_of_work_keeps_what_it_flushes(units, engine):
    # A reading unit of work runs in autocommit (no BEGIN/ROLLBACK round trips): what it
    # flushes stays, which is why a GET that writes must not get a reading one.
    _add_category_without_commit(units(reading=True), "reading")
    _add_category_without_commit(units(), "writing")
    stored = _stored_categories(engine)
    assert "reading" in stored and "writing" not in stored


def test_each_statement_of_a_reading_block_sees_the_latest_commits(units):
    # newtask checks a new hold against answers committed meanwhile: no stale snapshot.
    with units(reading=True) as uow:
        before = _categories(uow)
        with _HeldWriter(units):
            pass  # the writer commits as its block ends
        after = _categories(uow)
    assert after == before + 1


def test_writers_wait_for_each_other_rather_than_fail(units, engine):
    failures: list[Exception] = []

    def second_writer() -> None:
        try:
            with units() as uow:
                count = _categories(uow)  # the write lock is taken before this read
                uow.categories.add(Category(name=f"C{count}", short_name=f"c{count}", created=NOW))
                uow.commit()
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)

    with _HeldWriter(units) as writer:
        thread = threading.Thread(target=second_writer)
        thread.start()
    thread.join(timeout=30)
    assert writer.failures == [] and failures == []
    with engine.connect() as connection:
        names = set(connection.execute(select(tables.category.c.short_name)).scalars())
    assert "held" in names and len(names) == 4  # two seeded categories, then one each


def test_an_export_and_a_session_check_read_while_a_writer_holds_its_transaction(units, engine):
    revocations = SqlSessionRevocations(engine)
    revocations.revoke("signed-out", 60)
    with _HeldWriter(units) as writer:
        # Before: each export batch and each cookie check began IMMEDIATE, and waited here.
        layout = SqlExportReader(engine).info_layout("task", 1)
        rows = list(SqlExportReader(engine).rows("task", 1))
        revoked = revocations.is_revoked("signed-out")
        assert writer.failures == []
    assert (layout.keys, rows, revoked) == ((), [], True)
