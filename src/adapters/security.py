"""Password hashing with bcrypt."""
import bcrypt

from pybossa_core import ports

BCRYPT_MAX_BYTES = 72


class BcryptPasswordHasher(ports.PasswordHasher):
    """bcrypt with a configurable cost.

    bcrypt reads only the first 72 bytes of a password (bcrypt >= 5 refuses longer ones);
    both `hash` and `verify` cut the UTF-8 bytes there, as bcrypt always did implicitly.
    """

    def __init__(self, rounds: int = 12) -> None:
        self.rounds = rounds

    def hash(self, password: str) -> str:
        salt = bcrypt.gensalt(rounds=self.rounds)
        return bcrypt.hashpw(_secret(password), salt).decode("ascii")

    def verify(self, password: str, hashed: str) -> bool:
        """True when the password matches; a malformed or empty hash never matches."""
        if not hashed:
            return False
        try:
            return bcrypt.checkpw(_secret(password), hashed.encode("utf-8"))
        except ValueError:
            return False


def _secret(password: str) -> bytes:
    return password.encode("utf-8")[:BCRYPT_MAX_BYTES]
