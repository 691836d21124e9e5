"""The audit log: who changed which setting of a project, from what to what, and when.

A project records each change of a setting as it makes it (Project.change, publish, its
co-owners, its owner...). The use case that made the change stages one AuditEntry per
recorded change in the same transaction (`stage`): an entry commits with its change or not
at all. Committing a project whose changes nobody staged is a programming error that the
unit of work refuses (`ensure_staged`), so no path may change a project unaudited.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

UPDATE, CREATE, DELETE = "update", "create", "delete"
API, WEB = "api", "web"  # the caller: the REST API, or a web view (PYBOSSA's two callers)
NOT_SET = "N/A"  # the old value of something created, the new value of something removed
# A secret (the project's secret key) is logged as changed, its values never.
SECRET_BEFORE, SECRET_AFTER = "(hidden)", "(a new one, hidden)"
_PENDING = "_pending_audit"  # where a project keeps the changes it made, until staged


@dataclass(frozen=True)
class SettingChange:
    """One setting of a project changed: `attribute` ("info.<key>" for a key of its info),
    its values before and after, and whether it was created, updated or deleted."""

    attribute: str
    old_value: Any
    new_value: Any
    action: str = UPDATE


@dataclass(eq=False)
class AuditEntry:
    """One change, as the log keeps it: values as text, the user's name as it was then."""

    project_id: int
    project_short_name: str
    user_id: int
    user_name: str
    created: datetime
    action: str
    caller: str
    attribute: str
    old_value: str | None
    new_value: str | None
    id: int | None = None

    KIND: ClassVar[str] = "auditlog"


class RecordsSettingChanges:
    """Mixin for the project: the changes it made, kept until a use case stages them."""

    def record_setting(
        self, attribute: str, old_value: Any, new_value: Any, action: str = UPDATE
    ) -> None:
        if action == UPDATE and old_value == new_value:
            return
        change = SettingChange(attribute, old_value, new_value, action)
        # Kept in the instance's dict: objects the ORM loads are built without __init__.
        self.__dict__.setdefault(_PENDING, []).append(change)

    def pull_setting_changes(self) -> list[SettingChange]:
        """The changes recorded since the last pull, oldest first; forgotten here."""
        return self.__dict__.pop(_PENDING, [])

    def has_unstaged_changes(self) -> bool:
        return bool(self.__dict__.get(_PENDING))


def as_text(value: Any) -> str | None:
    """A value as the log keeps it: text as it is, anything else as compact JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def entries(
    project: Any, user_id: int, user_name: str, now: datetime, caller: str
) -> list[AuditEntry]:
    """The project's recorded changes as log entries by this user (pulled: staged once)."""
    return [
        AuditEntry(
            project_id=project.id,
            project_short_name=project.short_name,
            user_id=user_id,
            user_name=user_name,
            created=now,
            action=change.action,
            caller=caller,
            attribute=change.attribute,
            old_value=as_text(change.old_value),
            new_value=as_text(change.new_value),
        )
        for change in project.pull_setting_changes()
    ]


def ensure_staged(objects: Any) -> None:
    """Raise RuntimeError when a project about to be committed holds changes no use case
    staged in the audit log: every path changing a project's settings must log them."""
    for obj in objects:
        if isinstance(obj, RecordsSettingChanges) and obj.has_unstaged_changes():
            raise RuntimeError(
                f"The changes to project {getattr(obj, 'id', None)} were not audited: "
                "stage them with use_cases.audit_log.stage before committing"
            )
