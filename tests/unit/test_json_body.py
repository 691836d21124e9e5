"""Response bodies: orjson where it can, the standard library where it refuses."""

import json

import pytest

from entrypoints import json_body

VALUES = [
    {"id": 1, "info": {"text": "Zürich — 東京 🐦", "n": 1.5, "ok": True, "none": None}},
    [{"id": n, "created": "2026-12-05T10:00:00.000000"} for n in range(3)],
    {"huge": 2**70, "negative": -(2**64)},  # beyond orjson's 64 bits
    {"answers": {1: "yes", 2: "no"}},  # non-string keys, as json.dumps writes them
    "plain text",
]


@pytest.mark.parametrize("value", VALUES)
def test_a_body_reads_back_as_the_standard_library_writes_it(value):
    assert json.loads(json_body.encode(value)) == json.loads(json.dumps(value))


def test_text_is_utf_8_not_escaped():
    assert json_body.encode({"name": "Zürich"}) == '{"name":"Zürich"}'.encode()


def test_a_value_neither_encoder_writes_is_a_programming_error():
    with pytest.raises(TypeError):
        json_body.encode({"object": object()})
