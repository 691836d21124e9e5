"""RsaSigner: the Signer port over an RSA private key (cryptography), as CernVM verifies it."""

from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from pybossa_core.ports.signing import Signer


class RsaSigner(Signer):
    """RSA PKCS#1 v1.5 signatures over SHA-512 digests (what M2Crypto's sign gave PYBOSSA)."""

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self._key = private_key

    @classmethod
    def from_pem_file(cls, path: Path) -> "RsaSigner":
        """The signer of the unencrypted PEM key in `path`; ValueError naming it otherwise."""
        try:
            key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
        except OSError as exc:
            raise ValueError(f"VMCP_KEY: cannot read {path}: {exc.strerror}") from None
        except (ValueError, TypeError) as exc:
            raise ValueError(
                f"VMCP_KEY: {path} is not an unencrypted PEM private key: {exc}"
            ) from None
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"VMCP_KEY: {path} holds a {type(key).__name__}, not an RSA key")
        return cls(key)

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data, padding.PKCS1v15(), hashes.SHA512())
