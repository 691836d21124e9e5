"""Ports to the world outside the database: hashing, files, stamps, locks, tokens, mail, jobs,
images, archives, randomness."""

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class PasswordHasher(abc.ABC):
    @abc.abstractmethod
    def hash(self, password: str) -> str:
        """Return a salted hash of the password."""

    @abc.abstractmethod
    def verify(self, password: str, hashed: str) -> bool:
        """Return True when the password matches the hash (constant time)."""

    @abc.abstractmethod
    def needs_rehash(self, hashed: str) -> bool:
        """Return True when the hash was made by an older scheme and should be redone."""


class SessionRevocations(abc.ABC):
    """Browser sessions signed out before their cookie expires (shared by every process)."""

    @abc.abstractmethod
    def revoke(self, session_id: str, ttl_seconds: int) -> None:
        """Remember the session as ended for `ttl_seconds` (its cookie's remaining life)."""

    @abc.abstractmethod
    def is_revoked(self, session_id: str) -> bool:
        """Return True when the session was signed out."""


class FileStorage(abc.ABC):
    @abc.abstractmethod
    def save(self, container: str, filename: str, data: bytes) -> str:
        """Store the bytes and return the public path of the file (/uploads/...)."""

    @abc.abstractmethod
    def delete(self, container: str, filename: str) -> None:
        """Remove a stored file; a missing file is not an error."""

    @abc.abstractmethod
    def open(self, container: str, filename: str) -> bytes:
        """Return a stored file's bytes; raises NotFound when there is none."""

    @abc.abstractmethod
    def delete_container(self, container: str) -> None:
        """Remove a container with every file in it; a missing container is not an error."""

    @abc.abstractmethod
    def names(self, container: str) -> list[str]:
        """The names of the files in a container, sorted (none when it does not exist)."""


class TaskStamps(abc.ABC):
    """Which tasks were served to which volunteer, for a while (PYBOSSA's requested stamps)."""

    @abc.abstractmethod
    def stamp(self, volunteer_key: str, task_ids: Sequence[int], ttl_seconds: int) -> None:
        """Record that the tasks were served to the volunteer; each stamp lives ttl seconds."""

    @abc.abstractmethod
    def is_stamped(self, volunteer_key: str, task_id: int) -> bool:
        """Return True while a live stamp exists for the volunteer and task."""

    @abc.abstractmethod
    def clear(self, volunteer_key: str, task_id: int) -> None:
        """Remove the stamp (a missing one is not an error)."""


class TaskLocks(abc.ABC):
    """Holds on tasks for the `locked` scheduler; an expired hold no longer counts."""

    @abc.abstractmethod
    def acquire(
        self, project_id: int, task_id: int, holder: str, limit: int, ttl_seconds: int
    ) -> bool:
        """Hold the task unless `limit` other live holders have it; re-acquiring refreshes."""

    @abc.abstractmethod
    def release(self, project_id: int, task_id: int, holder: str) -> None:
        """Drop the holder's hold on the task (a missing one is not an error)."""

    @abc.abstractmethod
    def held(self, project_id: int, holder: str) -> list[int]:
        """Return the ids of the project's tasks the holder holds now, oldest hold first."""

    @abc.abstractmethod
    def holders(self, task_id: int) -> int:
        """Return how many live holds the task has."""


class ServingRecords(abc.ABC):
    """What serving a task left for its volunteer (the stamp, and the `locked` scheduler's
    hold), forgotten together once they answer it."""

    @abc.abstractmethod
    def forget(self, project_id: int, task_id: int, volunteer_key: str) -> None:
        """Drop the volunteer's stamp and hold on the task (missing ones are not errors)."""


class TokenSigner(abc.ABC):
    """Signed, expiring tokens (project tokens for external contributors)."""

    @abc.abstractmethod
    def issue(self, claims: dict[str, Any], secret: str, ttl_seconds: int, now: datetime) -> str:
        """Return a token carrying the claims, signed with the secret, expiring after ttl."""

    @abc.abstractmethod
    def unverified_claims(self, token: str) -> dict[str, Any]:
        """Return the claims without checking them (to find the key); AuthenticationRequired
        when the token is not even well formed."""

    @abc.abstractmethod
    def verify(self, token: str, secret: str, now: datetime) -> dict[str, Any]:
        """Return the claims of a token signed with the secret and not expired; otherwise
        raise AuthenticationRequired (bad signature, expiry, unexpected algorithm)."""


@dataclass(frozen=True)
class Mail:
    """One plain-text e-mail."""

    to: str
    subject: str
    body: str


class Mailer(abc.ABC):
    @abc.abstractmethod
    def send(self, mail: Mail) -> None:
        """Deliver the mail; raises DeliveryFailed when the mail server refuses or is down."""


class JobQueue(abc.ABC):
    """Background work: run now (embedded) or by a worker process (dramatiq)."""

    @abc.abstractmethod
    def enqueue(self, job: str, **arguments: Any) -> None:
        """Schedule the named job (see use_cases.background.JOBS) with JSON arguments."""


@dataclass(frozen=True)
class CropBox:
    """The part of an image to keep: left, top, width, height (PYBOSSA's x1, y1, x2, y2)."""

    left: int
    top: int
    width: int
    height: int


class ImageProcessor(abc.ABC):
    max_bytes: int
    """The largest upload `avatar` takes: a caller reading one need read no more than a byte
    past it, and leaves the refusal to `avatar`."""

    @abc.abstractmethod
    def avatar(self, data: bytes, box: CropBox | None) -> bytes:
        """Return a PNG avatar cropped to the box and shrunk to fit; raises InvalidInput for
        anything that is not an image, is larger than `max_bytes`, or is a decompression bomb."""


class Archiver(abc.ABC):
    """Archives of named files (a user's export of their data)."""

    @abc.abstractmethod
    def archive(self, members: dict[str, bytes]) -> bytes:
        """Return one zip file holding the members (name -> content) in their order; the same
        members make the same bytes."""


class RandomKeys(abc.ABC):
    """Every random value the core needs, so that the core itself draws none."""

    @abc.abstractmethod
    def new_key(self) -> str:
        """Return a new api key or project secret key: a random uuid4, 36 characters."""

    @abc.abstractmethod
    def new_name_part(self) -> str:
        """Return 32 random hex digits, the part that makes a stored file's name unique."""

    @abc.abstractmethod
    def new_password(self) -> str:
        """Return a random password that no one knows."""


class HealthCheck(abc.ABC):
    """Whether one outside service (the database, Redis) answers now, for /ready."""

    @abc.abstractmethod
    def check(self) -> None:
        """Return when the service answers a trivial request; raises Unavailable otherwise."""
