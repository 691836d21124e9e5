"""What a form's use case answers when the form is refused: the problems of its fields."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Refused:
    """What is wrong with a form, per field; nothing was stored or mailed."""

    problems: dict[str, list[str]]


def refused(problems: dict[str, list[str]]) -> Refused | None:
    """The fields that have problems (None when none has)."""
    found = {field: messages for field, messages in problems.items() if messages}
    return Refused(found) if found else None
