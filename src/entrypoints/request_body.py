"""A request body received whole before any work starts: spooled to a bounded temporary file,
within a deadline, so a slow client holds no database transaction and no thread for long."""

import contextlib
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from typing import BinaryIO

import falcon

from pybossa_core import errors

CHUNK = 64 * 1024
IN_MEMORY = 1024 * 1024  # a larger body goes to a temporary file on disk


@contextlib.contextmanager
def spooled(
    req: falcon.Request,
    *,
    max_bytes: int,
    seconds: float,
    target: str,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[BinaryIO]:
    """The whole body, rewound; more than `max_bytes` is TooLarge (413), and a body still
    arriving `seconds` after the start is cut off with a 408."""
    with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY) as spool:
        with _cut_off_at(req.env.get("gunicorn.socket"), seconds) as cut:
            _copy(_stream(req), spool, max_bytes, clock() + seconds, clock, target)
            if cut.is_set():  # the socket was shut: what came was not the whole body
                raise _late()
        spool.seek(0)
        yield spool


def _copy(
    stream: BinaryIO,
    spool: BinaryIO,
    max_bytes: int,
    deadline: float,
    clock: Callable[[], float],
    target: str,
) -> None:
    count = 0
    while data := stream.read(CHUNK):
        count += len(data)
        if count > max_bytes:
            raise errors.TooLarge(f"The file is larger than {max_bytes} bytes", target)
        if clock() > deadline:
            raise _late()
        spool.write(data)


@contextlib.contextmanager
def _cut_off_at(sock: socket.socket | None, seconds: float) -> Iterator[threading.Event]:
    """Under gunicorn, shut the socket's receiving side at the deadline: a read blocked on a
    client that trickles a byte now and then returns there, whatever the socket timeout."""
    cut = threading.Event()
    if sock is None:
        yield cut
        return

    def shut() -> None:
        cut.set()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RD)

    timer = threading.Timer(seconds, shut)
    timer.daemon = True
    timer.start()
    try:
        yield cut
    except OSError:  # gunicorn's reader meets the shut socket (no more data)
        if cut.is_set():
            raise _late() from None
        raise
    finally:
        timer.cancel()


def _late() -> falcon.HTTPError:
    return falcon.HTTPError(
        falcon.HTTP_408,
        description="The request body did not arrive in time",
        headers={"Connection": "close"},
    )


def _stream(req: falcon.Request) -> BinaryIO:
    """The body as sent: bounded by Content-Length, or, for a chunked body (no length), the
    server's own input, read to the end it marks (gunicorn sets wsgi.input_terminated)."""
    if req.content_length is None and req.env.get("wsgi.input_terminated"):
        return req.stream
    return req.bounded_stream
