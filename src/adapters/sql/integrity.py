"""Integrity errors from the database → domain errors whose messages hold no SQL."""

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from adapters.sql import tables
from pybossa_core import errors

logger = logging.getLogger(__name__)

PG_UNIQUE_VIOLATION = "23505"
PG_FOREIGN_KEY_VIOLATION = "23503"
SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (\w+\.\w+(?:, \w+\.\w+)*)")
SQLITE_UNIQUE_INDEX = re.compile(r"UNIQUE constraint failed: index '(\w+)'")
SQLITE_FOREIGN_KEY = "FOREIGN KEY constraint failed"
KINDS = {"task_run": "taskrun"}


def _unique_keys(table: Table) -> dict[str, tuple[str, str]]:
    """Constraint or unique index name → (table, its columns as words) for one table."""
    found = {
        c.name: (table.name, _words(col.name for col in c.columns))
        for c in table.constraints
        if isinstance(c, UniqueConstraint)
    }
    found.update(
        {
            i.name: (table.name, _words(col.name for col in i.columns))
            for i in table.indexes
            if i.unique
        }
    )
    return found


def _words(columns: Iterable[str]) -> str:
    return " and ".join(columns)


UNIQUE_KEYS = {
    name: key
    for table in tables.metadata.tables.values()
    for name, key in _unique_keys(table).items()
}


@contextmanager
def translated(session: Session, target: str | None = None) -> Iterator[None]:
    """Run a flush or commit; unique clashes become DuplicateValue, broken references Conflict.

    The session is rolled back first, so nothing of the failed transaction is kept.
    """
    try:
        yield
    except IntegrityError as exc:
        session.rollback()
        error = domain_error(exc, target)
        if error is None:
            raise
        logger.info("integrity error turned into %s: %s", type(error).__name__, error.message)
        raise error from exc


def domain_error(exc: IntegrityError, target: str | None = None) -> errors.DomainError | None:
    """The domain error for a unique or foreign-key violation, None for any other."""
    unique = _unique_violation(exc)
    if unique is not None:
        table, field = unique
        kind = KINDS.get(table, table) or target
        return errors.DuplicateValue(f"A {kind} with this {field} already exists", kind, field)
    if _foreign_key_violation(exc):
        if (exc.statement or "").lstrip().upper().startswith("DELETE"):
            message = "It cannot be deleted: other objects still refer to it"
        else:
            message = "It refers to an object that does not exist"
        return errors.Conflict(message, target)
    return None


def _unique_violation(exc: IntegrityError) -> tuple[str, str] | None:
    original = exc.orig
    if getattr(original, "pgcode", None) == PG_UNIQUE_VIOLATION:
        diag = getattr(original, "diag", None)
        name = getattr(diag, "constraint_name", None) or ""
        return UNIQUE_KEYS.get(name, (getattr(diag, "table_name", None) or "", name or "value"))
    message = str(original)
    match = SQLITE_UNIQUE.search(message)
    if match:
        pairs = [pair.split(".") for pair in match.group(1).split(", ")]
        return pairs[0][0], _words(column for _, column in pairs)
    match = SQLITE_UNIQUE_INDEX.search(message)
    return UNIQUE_KEYS.get(match.group(1), ("", "value")) if match else None


def _foreign_key_violation(exc: IntegrityError) -> bool:
    original = exc.orig
    return getattr(
        original, "pgcode", None
    ) == PG_FOREIGN_KEY_VIOLATION or SQLITE_FOREIGN_KEY in str(original)
