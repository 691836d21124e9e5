"""The system's random keys keep the formats PYBOSSA's clients know, and never repeat."""

import re
import uuid

from adapters.random_keys import SystemRandomKeys


def test_new_keys_are_uuid4_strings_and_name_parts_32_hex_digits():
    keys = SystemRandomKeys()
    key, part = keys.new_key(), keys.new_name_part()
    assert str(uuid.UUID(key)) == key and uuid.UUID(key).version == 4
    assert re.fullmatch(r"[0-9a-f]{32}", part)
    assert re.fullmatch(r"[0-9a-f]{32}", keys.new_password())


def test_no_two_draws_are_alike():
    keys = SystemRandomKeys()
    assert len({keys.new_key() for _ in range(100)}) == 100
    assert len({keys.new_name_part()[:12] for _ in range(100)}) == 100
    assert len({keys.new_password() for _ in range(100)}) == 100
