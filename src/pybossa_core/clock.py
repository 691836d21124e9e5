"""Time helpers shared by entities and use cases."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo (PYBOSSA stores naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
