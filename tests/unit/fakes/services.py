"""In-memory fakes of pybossa_core.ports.services: hashes, files, stamps, locks, tokens, mail, jobs,
images and health checks.

Stamps and locks expire on an injectable clock (`Seconds`), so no test sleeps.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pybossa_core import errors, ports

EPOCH = datetime(1970, 1, 1)


class Seconds:
    """A clock for the fakes: `clock()` is the current second; `advance` moves it on."""

    def __init__(self, start: float = 0.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


class FakeTaskStamps(ports.TaskStamps):
    """Stamps as {(volunteer_key, task_id): expiry second}; a stamp lives until its expiry."""

    def __init__(self, now: Callable[[], float] | None = None) -> None:
        self.now = now or Seconds()
        self.expiries: dict[tuple[str, int], float] = {}

    def stamp(self, volunteer_key: str, task_ids: Sequence[int], ttl_seconds: int) -> None:
        for task_id in task_ids:
            self.expiries[(volunteer_key, task_id)] = self.now() + ttl_seconds

    def is_stamped(self, volunteer_key: str, task_id: int) -> bool:
        expiry = self.expiries.get((volunteer_key, task_id))
        return expiry is not None and expiry > self.now()

    def clear(self, volunteer_key: str, task_id: int) -> None:
        self.expiries.pop((volunteer_key, task_id), None)


class FakeTaskLocks(ports.TaskLocks):
    """Holds as {task_id: {holder: (project_id, expiry, order of acquisition)}}."""

    def __init__(self, now: Callable[[], float] | None = None) -> None:
        self.now = now or Seconds()
        self.holds: dict[int, dict[str, tuple[int, float, int]]] = {}
        self._order = itertools.count()

    def acquire(
        self, project_id: int, task_id: int, holder: str, limit: int, ttl_seconds: int
    ) -> bool:
        live = self._live(task_id)
        if holder in live:
            _, _, order = live[holder]
        elif len(live) >= limit:
            return False
        else:
            order = next(self._order)
        live[holder] = (project_id, self.now() + ttl_seconds, order)
        self.holds[task_id] = live
        return True

    def release(self, project_id: int, task_id: int, holder: str) -> None:
        self.holds.get(task_id, {}).pop(holder, None)

    def held(self, project_id: int, holder: str) -> list[int]:
        mine = []
        for task_id in list(self.holds):
            hold = self._live(task_id).get(holder)
            if hold is not None and hold[0] == project_id:
                mine.append((hold[2], task_id))
        return [task_id for _, task_id in sorted(mine)]

    def holders(self, task_id: int) -> int:
        return len(self._live(task_id))

    def _live(self, task_id: int) -> dict[str, tuple[int, float, int]]:
        """The task's unexpired holds (expired ones are dropped, as a TTL would)."""
        now = self.now()
        live = {h: hold for h, hold in self.holds.get(task_id, {}).items() if hold[1] > now}
        self.holds[task_id] = live
        return live


class FakeTokenSigner(ports.TokenSigner):
    """Readable tokens, honestly checked: "token:<claims as JSON>:<signature>", the signature
    an HMAC of the claims' JSON with the secret (so changed claims are caught, as in a JWT).

    `exp` is whole seconds since the epoch of the naive UTC `now`, as in a JWT.
    """

    PREFIX = "token:"

    def issue(self, claims: dict[str, Any], secret: str, ttl_seconds: int, now: datetime) -> str:
        text = json.dumps({**claims, "exp": _timestamp(now) + ttl_seconds}, sort_keys=True)
        return f"{self.PREFIX}{text}:{_signature(text, secret)}"

    def unverified_claims(self, token: str) -> dict[str, Any]:
        return self._split(token)[0]

    def verify(self, token: str, secret: str, now: datetime) -> dict[str, Any]:
        claims, signature = self._split(token)
        text = json.dumps(claims, sort_keys=True)
        if not hmac.compare_digest(signature, _signature(text, secret)):
            raise errors.AuthenticationRequired("Invalid token signature", "token")
        exp = claims.get("exp")
        if not isinstance(exp, int) or exp < _timestamp(now):
            raise errors.AuthenticationRequired("The token has expired", "token")
        return claims

    def _split(self, token: str) -> tuple[dict[str, Any], str]:
        """(claims, secret) of a well-formed token; AuthenticationRequired otherwise."""
        try:
            if not token.startswith(self.PREFIX):
                raise ValueError(token)
            claims, end = json.JSONDecoder().raw_decode(token, len(self.PREFIX))
            if not isinstance(claims, dict) or token[end : end + 1] != ":":
                raise ValueError(token)
        except ValueError:
            raise errors.AuthenticationRequired("Malformed token", "token") from None
        return claims, token[end + 1 :]


def _signature(text: str, secret: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def _timestamp(now: datetime) -> int:
    return int((now - EPOCH).total_seconds())


class FakePasswordHasher(ports.PasswordHasher):
    """Reversible on purpose: a hash is the password behind a "hashed:" prefix."""

    PREFIX = "hashed:"
    OLD_PREFIX = "old-scheme:"  # what a hash made by an older scheme looks like

    def hash(self, password: str) -> str:
        return self.PREFIX + password

    def verify(self, password: str, hashed: str) -> bool:
        return hashed in (self.PREFIX + password, self.OLD_PREFIX + password)

    def needs_rehash(self, hashed: str) -> bool:
        return not hashed.startswith(self.PREFIX)


class FakeFileStorage(ports.FileStorage):
    """Files as bytes in a dict keyed by (container, filename)."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, str], bytes] = {}

    def save(self, container: str, filename: str, data: bytes) -> str:
        self.files[(container, filename)] = data
        return f"/uploads/{container}/{filename}"

    def delete(self, container: str, filename: str) -> None:
        self.files.pop((container, filename), None)

    def delete_container(self, container: str) -> None:
        for name in self.names(container):
            del self.files[(container, name)]

    def names(self, container: str) -> list[str]:
        return sorted(name for (folder, name) in self.files if folder == container)

    def open(self, container: str, filename: str) -> bytes:
        try:
            return self.files[(container, filename)]
        except KeyError:
            raise errors.NotFound("file", f"{container}/{filename}") from None


class FakeMailer(ports.Mailer):
    """Keeps every mail it was given in `sent`; fails the next `failures` sends, as a down
    mail server would."""

    def __init__(self, failures: int = 0) -> None:
        self.sent: list[ports.Mail] = []
        self.failures = failures

    def send(self, mail: ports.Mail) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise errors.DeliveryFailed("The mail server is not answering", "mail")
        self.sent.append(mail)


class FakeJobQueue(ports.JobQueue):
    """Records each job as (name, arguments); `run_inline(job, arguments)`, when given, runs it
    at once as the embedded queue does."""

    def __init__(self, run_inline: Callable[[str, dict[str, Any]], None] | None = None) -> None:
        self.enqueued: list[tuple[str, dict[str, Any]]] = []
        self.run_inline = run_inline

    def enqueue(self, job: str, **arguments: Any) -> None:
        json.dumps(arguments)  # a real queue only carries JSON
        self.enqueued.append((job, arguments))
        if self.run_inline is not None:
            self.run_inline(job, arguments)

    def arguments(self, job: str) -> list[dict[str, Any]]:
        """The arguments of every enqueued job of this name, in order."""
        return [arguments for name, arguments in self.enqueued if name == job]


class SequentialKeys(ports.RandomKeys):
    """Random values numbered in the order they are asked for, each kind from 1, so a test
    knows the next one: key n is a uuid4 ending in n (00000000-0000-4000-8000-000000000001
    first), name part n is n in four hex digits eight times, password n is "password-n"."""

    def __init__(self) -> None:
        self._keys, self._name_parts, self._passwords = (itertools.count(1) for _ in range(3))

    def new_key(self) -> str:
        return str(uuid.UUID(int=next(self._keys), version=4))

    def new_name_part(self) -> str:
        return f"{next(self._name_parts):04x}" * 8

    def new_password(self) -> str:
        return f"password-{next(self._passwords)}"


class FakeImageProcessor(ports.ImageProcessor):
    """ "PNG:" + the bytes; more than `max_bytes` or bytes starting with b"not-an-image" are
    refused; boxes are kept."""

    REFUSED = b"not-an-image"

    def __init__(self, max_bytes: int = 5 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.boxes: list[ports.CropBox | None] = []

    def avatar(self, data: bytes, box: ports.CropBox | None) -> bytes:
        if len(data) > self.max_bytes:
            message = f"The image is larger than {self.max_bytes} bytes"
            raise errors.InvalidInput(message, "account", {"avatar": [message]})
        if data.startswith(self.REFUSED):
            message = "This file is not an image we can read"
            raise errors.InvalidInput(message, "avatar", {"avatar": [message]})
        self.boxes.append(box)
        return b"PNG:" + data


class FakeHealthCheck(ports.HealthCheck):
    """A service that answers while `up` is true; `error` (when given) is raised instead."""

    def __init__(self, up: bool = True, error: Exception | None = None) -> None:
        self.up = up
        self.error = error

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        if not self.up:
            raise errors.Unavailable("The service is not answering")
