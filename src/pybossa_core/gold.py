"""Gold tasks: scoring answers against known answers, volunteers' accuracy, and serving.

A gold task is a task with ``calibration`` = 1 and a ``gold_answers`` object (the expected
value of some answer keys). It never completes and never gets a result: every volunteer may
answer it once, whatever its ``n_answers``.

Scoring. An answer (the task run's ``info``) scores the share of the gold keys whose value it
matches, from 0.0 to 1.0. Text is compared trimmed and case-insensitively; any other value
exactly: numbers by value (1 matches 1.0), a boolean only the same boolean, objects and lists
exactly, key by key and item by item (text inside them too, case and spaces included). A gold
key missing from the answer is not matched. An answer that is not an object scores 0.0, and so
does a gold object without keys (tasks refuse one).

Accuracy. A volunteer's accuracy in a project sums their scored answers: ``n_gold`` answered,
``n_correct`` (score 1.0) and ``accuracy``, the mean score (the share of correct answers when
each gold task has one key), or None before their first gold answer.

Serving (``info.gold_every`` = N). Absent, null or 0: gold tasks are served like any other
task, in the scheduler's order. With N >= 1 the volunteer's positions are numbered from their
answers in the project: the next task is position ``done + 1``, the one after ``done + 2``
(newtask's ``offset`` and ``limit`` look further ahead). A position p with p % N == 0 is a gold
position: it gets a gold task the volunteer has not answered (in the scheduler's order), or an
ordinary task when none is left. Every other position gets an ordinary task only, never a gold
one; when ordinary tasks run out the volunteer is served nothing more (also no gold tasks).
So with N = 5 a volunteer's 5th, 10th, 15th... answers are to gold tasks, and N = 1 serves the
gold tasks first. The ``locked`` scheduler ignores ``gold_every``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

MAX_GOLD_EVERY = 2**31 - 1
T = TypeVar("T")


def score(gold_answers: dict[str, Any] | None, answer_info: Any) -> float:
    """The share (0.0 to 1.0) of the gold keys the answer gives the expected value of."""
    if not gold_answers or not isinstance(answer_info, dict):
        return 0.0
    matched = sum(
        key in answer_info and _same(expected, answer_info[key], top=True)
        for key, expected in gold_answers.items()
    )
    return matched / len(gold_answers)


def is_correct(gold_score: float | None) -> bool:
    """A fully right answer: every gold key matched."""
    return gold_score is not None and gold_score >= 1.0


def _same(expected: Any, given: Any, top: bool = False) -> bool:
    """Equal as the rules say: text loosely at the top level, everything else exactly."""
    if isinstance(expected, str) or isinstance(given, str):
        if not (isinstance(expected, str) and isinstance(given, str)):
            return False
        return expected.strip().casefold() == given.strip().casefold() if top else expected == given
    if isinstance(expected, bool) or isinstance(given, bool):
        return type(expected) is type(given) and expected == given
    if isinstance(expected, dict) and isinstance(given, dict):
        return expected.keys() == given.keys() and all(
            _same(value, given[key]) for key, value in expected.items()
        )
    if isinstance(expected, list) and isinstance(given, list):
        return len(expected) == len(given) and all(
            _same(a, b) for a, b in zip(expected, given, strict=True)
        )
    if isinstance(expected, dict | list) or isinstance(given, dict | list):
        return False
    return expected == given


@dataclass(frozen=True)
class Accuracy:
    """A volunteer's scored answers in one project."""

    n_gold: int = 0
    n_correct: int = 0
    mean_score: float | None = None

    @classmethod
    def of(cls, scores: Iterable[float]) -> "Accuracy":
        """The summary of some gold scores."""
        scores = list(scores)
        return cls(
            len(scores),
            sum(is_correct(s) for s in scores),
            sum(scores) / len(scores) if scores else None,
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: n_gold, n_correct and accuracy (mean score, 4 decimals, or None)."""
        mean = None if self.mean_score is None else round(self.mean_score, 4)
        return {"n_gold": self.n_gold, "n_correct": self.n_correct, "accuracy": mean}


@dataclass(frozen=True)
class VolunteerAccuracy:
    """One row of a project's accuracy report; no user_id and no external_uid = anonymous."""

    user_id: int | None
    external_uid: str | None
    accuracy: Accuracy

    def as_dict(self) -> dict[str, Any]:
        kind = (
            "user"
            if self.user_id is not None
            else "external"
            if self.external_uid is not None
            else "anonymous"
        )
        return {
            "volunteer": kind,
            "user_id": self.user_id,
            "external_uid": self.external_uid,
            **self.accuracy.as_dict(),
        }


def problems(info: dict[str, Any] | None) -> dict[str, list[str]]:
    """What is wrong with a project's gold_every setting (empty when it is fine)."""
    every = info.get("gold_every") if isinstance(info, dict) else None
    if every is None or (
        isinstance(every, int) and not isinstance(every, bool) and 0 <= every <= MAX_GOLD_EVERY
    ):
        return {}
    return {
        "info.gold_every": [
            "gold_every must be a whole number: 0 (off) or N >= 1 to "
            "serve a gold task every N tasks"
        ]
    }


def gold_every(info: dict[str, Any] | None) -> int | None:
    """N when the project serves a gold task every N tasks; None when gold is not paced."""
    every = info.get("gold_every") if isinstance(info, dict) else None
    valid = isinstance(every, int) and not isinstance(every, bool) and every >= 1
    return every if valid else None


def gold_positions(done: int, count: int, every: int) -> list[bool]:
    """For the volunteer's next `count` positions (done + 1 onwards): is each a gold one?"""
    return [(done + position) % every == 0 for position in range(1, count + 1)]


def interleave(positions: list[bool], gold_tasks: list[T], ordinary_tasks: list[T]) -> list[T]:
    """Fill the positions in order: a gold one takes the next gold task, or else an ordinary
    one; an ordinary one only an ordinary task. Stops at the first position left empty."""
    golds, ordinary = iter(gold_tasks), iter(ordinary_tasks)
    served = []
    for is_gold in positions:
        task = next(golds, None) if is_gold else None
        task = task if task is not None else next(ordinary, None)
        if task is None:
            break
        served.append(task)
    return served
