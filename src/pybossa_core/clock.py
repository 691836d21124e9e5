"""Time helpers shared by entities and use cases."""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""What use cases and resources are given to tell the time: utcnow, or a test's fixed time."""


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo (PYBOSSA stores naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
