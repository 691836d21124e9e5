"""Objects a session wrote whose recorded events the unit of work pulls on commit.

The session's identity map holds its objects weakly: a delivery staged and flushed, then let
go by the use case, would be collected with its events before the commit. Objects written by
Core statements (an answer) are not in the session at all. Both are kept here, strongly.
"""

from sqlalchemy.orm import Session

_KEY = "tracked_objects"  # session.info key


def track(session: Session, obj: object) -> None:
    session.info.setdefault(_KEY, []).append(obj)


def written(session: Session) -> list[object]:
    """Every object of the session (tracked or held by it) once, oldest tracked first; the
    tracked ones are forgotten."""
    candidates = [*session.info.pop(_KEY, ()), *session.new, *session.identity_map.values()]
    return list({id(obj): obj for obj in candidates}.values())
