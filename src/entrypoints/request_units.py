"""Each request's unit of work, `req.context.uow`, started before its resource runs.

GET, HEAD and OPTIONS get a reading one. On SQLite a transaction that may write holds the
database's single write lock from its first statement (see adapters/sql/database.py); were
reads to do the same, one slow writer would stop every page of the site. A reading unit of
work begins deferred instead, and reads the last committed state without waiting. The few
GETs that write (PYBOSSA documents them) say so with the `writes` hook.
"""

import falcon

from entrypoints.bootstrap import UnitsOfWork

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class UnitOfWorkPerRequest:
    """Starts the request's unit of work: a reading one for a safe method."""

    def __init__(self, units_of_work: UnitsOfWork) -> None:
        self._units_of_work = units_of_work

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource, params
    ) -> None:
        req.context.units_of_work = self._units_of_work
        req.context.uow = self._units_of_work(reading=req.method in SAFE_METHODS)


def writes(req: falcon.Request, resp: falcon.Response, resource, params) -> None:
    """Hook (`@falcon.before(writes)`) of a GET responder that writes: its unit of work is
    a writing one."""
    req.context.uow = req.context.units_of_work(reading=False)
