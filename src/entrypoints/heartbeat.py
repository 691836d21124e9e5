"""The worker's heartbeat: a long streamed response calls `beat()` as it makes progress.

A sync gunicorn worker tells its master that it is alive only between requests, so one
streaming a download for longer than GUNICORN_TIMEOUT would be killed mid-stream. The
`post_worker_init` hook of gunicorn_config installs the worker's `notify` here, after the
fork, in each worker. Outside gunicorn (tests, other servers) `beat()` does nothing. A worker
that stops making progress (a client that stops reading, a query that hangs) stops beating
and is still killed on time.
"""

from collections.abc import Callable

_notify: Callable[[], None] | None = None


def install(notify: Callable[[], None]) -> None:
    """Make `beat()` call `notify` (the gunicorn worker's) in this process."""
    global _notify
    _notify = notify


def beat() -> None:
    """Tell the server this worker is making progress."""
    if _notify is not None:
        _notify()
