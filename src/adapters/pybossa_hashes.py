"""Password hashes PYBOSSA wrote (werkzeug's `pbkdf2:` and `scrypt:` formats), checked so that
users imported from a PYBOSSA site sign in with their old passwords.

The formats, as stored in PYBOSSA's `user.passwd_hash`:
  pbkdf2:<hash name>:<iterations>$<salt>$<hex of PBKDF2-HMAC(password, salt)>
  scrypt:<n>:<r>:<p>$<salt>$<hex of scrypt(password, salt), 64 bytes>
The salt is used as its UTF-8 text. The work factors come from the stored hash, so each is
bounded: an absurd one is a hash that never matches, not minutes of CPU. New hashes are never
made in these formats; a sign-in that matches one is upgraded (see BcryptPasswordHasher).
"""

import hashlib
import hmac

PBKDF2_ALGORITHMS = frozenset({"sha1", "sha224", "sha256", "sha384", "sha512"})
MAX_PBKDF2_ITERATIONS = 5_000_000  # werkzeug 3 writes 1,000,000; PYBOSSA 4 150,000
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024  # werkzeug's default (n=32768, r=8, p=1) needs 32 MiB
SCRYPT_KEY_BYTES = 64
PREFIXES = ("pbkdf2:", "scrypt:")


def is_pybossa_hash(hashed: str) -> bool:
    """True for a hash in one of the formats above (well formed or not)."""
    return hashed.startswith(PREFIXES)


def verify(password: str, hashed: str) -> bool:
    """True when the password matches the PYBOSSA hash; a malformed one never matches."""
    method, _, rest = hashed.partition("$")
    salt, _, expected = rest.partition("$")
    if not salt or not expected:
        return False
    kind, *factors = method.split(":")
    secret, salt_bytes = password.encode("utf-8"), salt.encode("utf-8")
    if kind == "pbkdf2":
        derived = _pbkdf2(secret, salt_bytes, factors)
    elif kind == "scrypt":
        derived = _scrypt(secret, salt_bytes, factors)
    else:
        return False
    return derived is not None and hmac.compare_digest(derived.hex(), expected.lower())


def _pbkdf2(secret: bytes, salt: bytes, factors: list[str]) -> bytes | None:
    if len(factors) != 2 or factors[0] not in PBKDF2_ALGORITHMS:
        return None
    iterations = _positive(factors[1])
    if iterations is None or iterations > MAX_PBKDF2_ITERATIONS:
        return None
    return hashlib.pbkdf2_hmac(factors[0], secret, salt, iterations)


def _scrypt(secret: bytes, salt: bytes, factors: list[str]) -> bytes | None:
    n, r, p = (_positive(factor) for factor in factors) if len(factors) == 3 else (None,) * 3
    if n is None or r is None or p is None or n & (n - 1) or n < 2:
        return None
    memory = 132 * n * r * p  # what werkzeug allows scrypt: 128·n·r plus room for p blocks
    if memory > MAX_SCRYPT_MEMORY:
        return None
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=memory, dklen=SCRYPT_KEY_BYTES)


def _positive(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else None
