"""Consensus: what a completed task's answers add up to, as its project asks (info.consensus).

* ``none`` (the default): the result lists the answers and nothing more, as in PYBOSSA.
* ``majority``: the most given answer wins. With ``info.consensus_field`` set, answers are the
  values of that key of each task run's info (runs without it do not vote); otherwise the
  whole info is the answer. Text is compared trimmed and case-insensitively, anything else
  exactly; the winner is shown as first given. A tie goes to the answer given first, and says
  so. ``agreement`` is the winner's share of the votes (0 to 1).
"""

import json
from typing import Any

NONE = "none"
MAJORITY = "majority"
METHODS = (NONE, MAJORITY)
MAX_FIELD_LENGTH = 255
_MISSING = object()


def problems(info: dict[str, Any] | None) -> dict[str, list[str]]:
    """What is wrong with a project's consensus settings (empty when they are fine)."""
    info = info if isinstance(info, dict) else {}
    found = {}
    method = info.get("consensus", NONE)
    if method not in METHODS:
        found["info.consensus"] = [f"consensus must be one of {', '.join(METHODS)}"]
    field = info.get("consensus_field")
    if field is not None and not (isinstance(field, str) and 0 < len(field) <= MAX_FIELD_LENGTH):
        found["info.consensus_field"] = ["consensus_field must be the name of an answer key"]
    return found


def settings_of(project_info: dict[str, Any] | None) -> tuple[Any, Any]:
    """The settings a consensus is counted by: (method, field)."""
    info = project_info if isinstance(project_info, dict) else {}
    return info.get("consensus", NONE), info.get("consensus_field")


def summarize(project_info: dict[str, Any] | None, answers: list[Any]) -> dict[str, Any] | None:
    """The consensus of the answers under the project's settings; None for `none`."""
    method, field = settings_of(project_info)
    if method != MAJORITY:
        return None
    return majority([_vote(answer, field) for answer in answers], field)


def majority(votes: list[Any], field: str | None = None) -> dict[str, Any]:
    """The winning answer, every answer's count (most first) and the agreement score."""
    votes = [vote for vote in votes if vote is not _MISSING]
    tally: dict[str, list] = {}
    for vote in votes:
        tally.setdefault(_key(vote), [vote, 0])[1] += 1
    ranked = sorted(tally.values(), key=lambda entry: -entry[1])  # stable: first given first
    top = ranked[0][1] if ranked else 0
    return {
        "method": MAJORITY,
        "field": field,
        "answer": ranked[0][0] if ranked else None,
        "votes": [{"answer": answer, "count": count} for answer, count in ranked],
        "agreement": round(top / len(votes), 4) if votes else 0.0,
        "n_votes": len(votes),
        "tie": len(ranked) > 1 and ranked[1][1] == top,
    }


def _vote(answer: Any, field: str | None) -> Any:
    if field is None:
        return answer
    return answer.get(field, _MISSING) if isinstance(answer, dict) else _MISSING


def _key(value: Any) -> str:
    """Equal answers share a key: text trimmed and case-folded, anything else as JSON."""
    if isinstance(value, str):
        return "s:" + value.strip().casefold()
    return "j:" + json.dumps(value, sort_keys=True, default=str)
