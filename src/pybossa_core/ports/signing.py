"""Port for signatures made with a private key the server holds (CernVM's VMCP answers)."""

import abc


class Signer(abc.ABC):
    """Signs bytes with the server's private key."""

    @abc.abstractmethod
    def sign(self, data: bytes) -> bytes:
        """Return the raw signature of `data` (RSA PKCS#1 v1.5 over its SHA-512 digest)."""
