"""Request bodies spooled whole before work starts: bounded in bytes and in time."""

import io

import falcon
import pytest
from falcon import testing

from entrypoints import request_body
from pybossa_core import errors


class _SlowStream(io.RawIOBase):
    """A body that arrives a few bytes at a time, each read moving a fake clock on 1 s."""

    def __init__(self, data: bytes, clock: list[float]) -> None:
        self.data, self.clock = data, clock

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.clock[0] += 1.0
        taken, self.data = self.data[:2], self.data[2:]
        return taken


def _request(data: bytes, clock: list[float]) -> falcon.Request:
    env = testing.create_environ(method="POST", headers={"Content-Length": str(len(data))})
    env["wsgi.input"] = _SlowStream(data, clock)
    return falcon.Request(env)


def test_a_body_within_its_bounds_is_given_whole_and_rewound():
    clock = [0.0]
    with request_body.spooled(
        _request(b"abcdef", clock), max_bytes=10, seconds=60, target="task", clock=lambda: clock[0]
    ) as body:
        assert body.read() == b"abcdef"


def test_a_body_still_arriving_after_its_deadline_is_a_408():
    clock = [0.0]
    with (
        pytest.raises(falcon.HTTPError) as raised,
        request_body.spooled(
            _request(b"x" * 40, clock),
            max_bytes=100,
            seconds=5,
            target="task",
            clock=lambda: clock[0],
        ),
    ):
        pass
    assert raised.value.status_code == 408


def test_a_body_over_its_byte_bound_is_too_large():
    clock = [0.0]
    with (
        pytest.raises(errors.TooLarge),
        request_body.spooled(
            _request(b"x" * 40, clock),
            max_bytes=10,
            seconds=60,
            target="task",
            clock=lambda: clock[0],
        ),
    ):
        pass
