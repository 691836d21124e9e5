"""CernVM-WebAPI's VM configuration point (VMCP): the parameters, signed as PYBOSSA signs them.

The signed buffer is every parameter as `<lowercase key>=<RFC 3986 quoted value>\\n`, keys in
sorted order, followed by the `cvm_salt` value; booleans count as 1 and 0.
"""

import base64
from collections.abc import Mapping
from urllib.parse import quote

from pybossa_core.ports.signing import Signer

SALT = "cvm_salt"
SIGNATURE = "signature"


def signing_buffer(params: Mapping[str, object], salt: str) -> bytes:
    """The bytes CernVM-WebAPI verifies: sorted `key=quoted value` lines, then the salt."""
    lines = [f"{key.lower()}={quote(_text(params[key]), safe='')}\n" for key in sorted(params)]
    return ("".join(lines) + salt).encode("utf-8")


def sign(params: Mapping[str, object], salt: str, signer: Signer) -> dict[str, object]:
    """The parameters plus `signature`, the base64 signature of their signing buffer."""
    signature = signer.sign(signing_buffer(params, salt))
    return {**params, SIGNATURE: base64.b64encode(signature).decode("ascii")}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
