"""Password hashing with bcrypt and signed tokens with PyJWT."""

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

import bcrypt
import jwt

from adapters import pybossa_hashes
from pybossa_core import errors, ports

BCRYPT_MAX_BYTES = 72
HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
VERIFY_OPTIONS = {
    "require": ["exp", "iat"],
    "verify_exp": False,
    "verify_iat": False,
    "verify_nbf": False,
}
REASONS = (
    (jwt.InvalidSignatureError, "The token signature is invalid"),
    (jwt.InvalidAlgorithmError, "The token algorithm is not accepted"),
    (jwt.MissingRequiredClaimError, "The token lacks a required claim"),
)


class BcryptPasswordHasher(ports.PasswordHasher):
    """bcrypt with a configurable cost, over a SHA-256 digest of the password.

    bcrypt reads only the first 72 bytes of a password, so two long passwords sharing their
    first 72 bytes would match each other. New hashes are bcrypt over base64(sha256(password))
    (44 ASCII bytes, no NUL) and carry the PREHASHED prefix; hashes made before (plain bcrypt
    over the first 72 bytes) still verify, and `needs_rehash` tells the caller to upgrade them,
    as it does for hashes imported from PYBOSSA.
    """

    PREHASHED = "$sha256"

    def __init__(self, rounds: int = 12) -> None:
        self.rounds = rounds

    def hash(self, password: str) -> str:
        salt = bcrypt.gensalt(rounds=self.rounds)
        return self.PREHASHED + bcrypt.hashpw(_digest(password), salt).decode("ascii")

    def verify(self, password: str, hashed: str) -> bool:
        """True when the password matches; a malformed or empty hash never matches. Hashes
        imported from PYBOSSA (werkzeug's formats) are checked too."""
        if not hashed:
            return False
        if pybossa_hashes.is_pybossa_hash(hashed):
            return pybossa_hashes.verify(password, hashed)
        prehashed = hashed.startswith(self.PREHASHED)
        secret = _digest(password) if prehashed else _legacy_secret(password)
        try:
            return bcrypt.checkpw(secret, hashed.removeprefix(self.PREHASHED).encode("utf-8"))
        except ValueError:
            return False

    def needs_rehash(self, hashed: str) -> bool:
        """True for a hash made before pre-hashing (or with another cost)."""
        if not hashed or not hashed.startswith(self.PREHASHED):
            return True
        parts = hashed.removeprefix(self.PREHASHED).split("$")
        return len(parts) < 3 or parts[2] != f"{self.rounds:02d}"


def _digest(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def _legacy_secret(password: str) -> bytes:
    return password.encode("utf-8")[:BCRYPT_MAX_BYTES]


class JwtTokenSigner(ports.TokenSigner):
    """Signed, expiring JWTs (PyJWT) with one fixed HMAC algorithm; `alg: none` never passes.

    Expiry is checked against the `now` the caller passes, not the host's clock, so the core's
    Clock decides; a token is expired from its `exp` second on, and not valid before its
    `nbf`. `iat` must be present and a number, but a future one is accepted (hosts' clocks
    may differ a little).
    """

    def __init__(self, algorithm: str = "HS256") -> None:
        if algorithm not in HMAC_ALGORITHMS:
            raise ValueError(f"unsupported token algorithm: {algorithm!r}")
        self.algorithm = algorithm

    def issue(self, claims: dict[str, Any], secret: str, ttl_seconds: int, now: datetime) -> str:
        issued_at = _timestamp(now)
        payload = {**claims, "iat": issued_at, "exp": issued_at + int(ttl_seconds)}
        return jwt.encode(payload, secret, algorithm=self.algorithm)

    def unverified_claims(self, token: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except (jwt.PyJWTError, ValueError) as exc:
            raise errors.AuthenticationRequired("The token is malformed", "token") from exc
        return _as_claims(claims)

    def verify(self, token: str, secret: str, now: datetime) -> dict[str, Any]:
        try:
            claims = jwt.decode(
                token, secret, algorithms=[self.algorithm], options=VERIFY_OPTIONS, leeway=0
            )
        except jwt.PyJWTError as exc:
            raise errors.AuthenticationRequired(_reason(exc), "token") from exc
        except ValueError as exc:
            raise errors.AuthenticationRequired("The token is malformed", "token") from exc
        claims = _as_claims(claims)
        _check_times(claims, _timestamp(now))
        return claims


def _reason(exc: jwt.PyJWTError) -> str:
    for kind, reason in REASONS:
        if isinstance(exc, kind):
            return reason
    return "The token is malformed"


def _timestamp(now: datetime) -> int:
    """Whole seconds since the epoch of a naive UTC datetime (an aware one is converted)."""
    aware = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    return int(aware.timestamp())


def _check_times(claims: dict[str, Any], now: int) -> None:
    """`exp` and `iat` must be numbers, `exp` after now, and `nbf` (when given) not after."""
    times = [claims["exp"], claims["iat"], claims.get("nbf", 0)]
    if not all(isinstance(t, int | float) and not isinstance(t, bool) for t in times):
        raise errors.AuthenticationRequired("The token times are malformed", "token")
    if claims["exp"] <= now:
        raise errors.AuthenticationRequired("The token has expired", "token")
    if claims.get("nbf", 0) > now:
        raise errors.AuthenticationRequired("The token is not valid yet", "token")


def _as_claims(claims: Any) -> dict[str, Any]:
    if not isinstance(claims, dict):
        raise errors.AuthenticationRequired("The token is malformed", "token")
    return claims
