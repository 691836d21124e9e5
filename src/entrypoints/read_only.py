"""ReadOnlyRequests: the database transactions of GET, HEAD and OPTIONS requests only read.

On SQLite a transaction that may write holds the database's single write lock from its first
statement (see adapters/sql/database.py); were reads to do the same, one slow writer would
stop every page of the site. A safe method's transactions begin deferred instead, and read the
last committed state without waiting.
"""
import contextlib

import falcon

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyRequests:
    """Puts the unit of work in reading mode for the thread serving a safe request."""

    def __init__(self, uow) -> None:
        self._reading = getattr(uow, "reading", None)  # the fakes have no such mode

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource,
                         params) -> None:
        """A resource whose GET must read the latest commits says `read_only = False`."""
        req.context.read_only = stack = contextlib.ExitStack()
        if self._reading is not None and req.method in SAFE_METHODS \
                and getattr(resource, "read_only", True):
            stack.enter_context(self._reading())

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource,
                         req_succeeded: bool) -> None:
        stack = getattr(req.context, "read_only", None)
        if stack is not None:
            stack.close()
