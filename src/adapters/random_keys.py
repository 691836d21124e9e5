"""SystemRandomKeys: the RandomKeys port over the operating system's randomness."""

import secrets
import uuid

from pybossa_core.ports import RandomKeys


class SystemRandomKeys(RandomKeys):
    """Keys and name parts from uuid4, passwords from `secrets`."""

    def new_key(self) -> str:
        return str(uuid.uuid4())

    def new_name_part(self) -> str:
        return uuid.uuid4().hex

    def new_password(self) -> str:
        return secrets.token_hex(16)
