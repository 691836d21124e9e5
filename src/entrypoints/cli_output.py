"""What the commands write: their result on standard output, a refusal as one JSON line on
standard error (exit status 2). Command output, not logs: the log stays for the server."""

import json
import sys

REFUSED = 2  # the exit status of a command that could not do what it was asked


def say(text: str) -> None:
    """One result line (or block) on standard output."""
    sys.stdout.write(text + "\n")


def refuse(message: str, **details) -> int:
    """Say why on standard error, as one JSON line, and return the exit status 2."""
    sys.stderr.write(json.dumps({"error": message, **details}) + "\n")
    return REFUSED


def one_line(exc: BaseException) -> str:
    """A driver's error (its `orig` when it wraps one) on one line, at most 500 characters."""
    cause = getattr(exc, "orig", None) or exc
    return " ".join(str(cause).split())[:500]
