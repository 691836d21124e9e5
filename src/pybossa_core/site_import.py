"""Importing a PYBOSSA site: how each of its rows becomes one of ours, keeping its id, and
what is left behind and why.

Each `*_row` function takes one source row (a dict of PYBOSSA's columns; a column an older
PYBOSSA lacks is absent), the moment of the import, the notes counting what it changed, and
`new_key` (RandomKeys.new_key, for a row without its key), and returns the row to store, in
this project's column names, or raises Skip with the reason. Missing values get PYBOSSA's own
defaults. Counts and states that follow from other rows (a task's runs, its completion) are
not read: the target derives them once every run is in.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pybossa_core.tasks import ONGOING

NewKey = Callable[[], str]  # makes a new api key or project secret key
# In the order they are imported: each kind's rows refer only to kinds before it.
KINDS = (
    "user",
    "category",
    "project",
    "task",
    "task_run",
    "result",
    "helpingmaterial",
    "announcement",
    "blogpost",
    "pages",
)
# Favourites have no table in PYBOSSA (they are its tasks' fav_user_ids): each becomes a row
# of its own here, reported as a kind after the others.
FAVORITE = "favorite"
REPORTED = (*KINDS, FAVORITE)
# PYBOSSA's tables this project has no counterpart for, and why they are not carried over.
LEFT_BEHIND = {
    "auditlog": "audit log history: changes are logged here from the import on",
    "webhook": "webhook delivery history (each project's webhook URL is carried over)",
    "counter": "derived: run counts are counted again from the imported task runs",
    "project_stats": "derived: statistics are computed from the imported rows",
}
# An anonymous volunteer of the old site is known by PYBOSSA's anonymised IP; prefixed, it
# can never equal an identity this server makes ("anon-" and a keyed hash).
ANONYMOUS_PREFIX = "pybossa:"
DEFAULT_N_ANSWERS = 30  # PYBOSSA's default
USER_INFO_KEPT = ("avatar", "container", "avatar_url")
COOWNERS = "coowner_ids"  # a converted project's co-owners, stored apart (project_coowner)


class Skip(Exception):
    """This row is not imported; the message says why (it is counted in the report)."""


@dataclass
class KindReport:
    """One kind of row: how many the source holds, how many were imported, and why not."""

    source_rows: int = 0
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> rows
    notes: Counter = field(default_factory=Counter)  # what was changed on the way -> rows


@dataclass
class ImportReport:
    """The verification table: every kind of row, and the tables left behind."""

    kinds: dict[str, KindReport] = field(
        default_factory=lambda: {k: KindReport() for k in REPORTED}
    )
    left_behind: dict[str, int] = field(default_factory=dict)  # table -> rows in the source
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "kinds": {
                kind: {
                    "source_rows": r.source_rows,
                    "imported": r.imported,
                    "skipped": dict(r.skipped),
                    "notes": dict(r.notes),
                }
                for kind, r in self.kinds.items()
            },
            "left_behind": {
                table: {"rows": rows, "why": LEFT_BEHIND[table]}
                for table, rows in self.left_behind.items()
            },
        }


def moment(value: Any, fallback: datetime) -> datetime:
    """A PYBOSSA time (ISO 8601 text without a zone, in UTC, or a timestamp) as a naive UTC
    datetime; a missing one is `fallback`, an unreadable one a Skip."""
    if isinstance(value, datetime):
        return _naive_utc(value)
    if value is None or value == "":
        return fallback
    try:
        return _naive_utc(datetime.fromisoformat(str(value)))
    except ValueError:
        raise Skip(f"unreadable time {str(value)[:40]!r}") from None


def _naive_utc(value: datetime) -> datetime:
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def user_row(row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey) -> dict[str, Any]:
    info = _object(row.get("info"))
    tokens = [key for key in info if key not in USER_INFO_KEPT]
    if tokens:
        notes["info keys other than the avatar dropped (OAuth tokens ...)"] += 1
    if not row.get("fullname"):
        notes["no full name: the name stands in"] += 1
    if not row.get("api_key"):
        notes["no api key: a new one made"] += 1
    return {
        "id": row["id"],
        "created": moment(row.get("created"), now),
        "name": row["name"],
        "fullname": row.get("fullname") or row["name"],
        "email_addr": row["email_addr"],
        "api_key": row.get("api_key") or new_key(),
        "passwd_hash": row.get("passwd_hash"),
        "admin": bool(row.get("admin")),
        "privacy_mode": bool(row.get("privacy_mode")),
        "locale": row.get("locale") or "en",
        "valid_email": bool(row.get("valid_email")),
        "confirmation_email_sent": bool(row.get("confirmation_email_sent")),
        "subscribed": bool(row.get("subscribed")),
        "consent": bool(row.get("consent")),
        "info": {key: info[key] for key in USER_INFO_KEPT if key in info},
    }


def category_row(
    row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey
) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created": moment(row.get("created"), now),
        "name": row["name"],
        "short_name": row["short_name"],
        "description": row.get("description"),
        "info": _object(row.get("info")),
    }


# PYBOSSA keeps a protected project's password hash in its info, which the API shows to all:
# the hash is not carried over and, since projects here have no passwords, a protected
# project comes over as a draft (seen by its owners and admins) until its owners publish it.
PROJECT_PASSWORD = "passwd_hash"
PROTECTED_AS_DRAFT = "password-protected: the password left behind, imported as a draft"


def project_row(
    row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey
) -> dict[str, Any]:
    created = moment(row.get("created"), now)
    if not row.get("secret_key"):
        notes["no secret key: a new one made (old project tokens stop working)"] += 1
    info = dict(_object(row.get("info")))
    published = bool(row.get("published"))
    if info.pop(PROJECT_PASSWORD, None):
        notes[PROTECTED_AS_DRAFT] += 1
        published = False
    return {
        "id": row["id"],
        "created": created,
        "updated": moment(row.get("updated"), created),
        "name": row["name"],
        "short_name": row["short_name"],
        "description": row.get("description") or "",
        "long_description": row.get("long_description"),
        "webhook": row.get("webhook"),
        "allow_anonymous_contributors": _flag(row.get("allow_anonymous_contributors"), True),
        "published": published,
        "featured": bool(row.get("featured")),
        "zip_download": _flag(row.get("zip_download"), True),
        "contacted": bool(row.get("contacted")),
        "owner_id": row["owner_id"],
        "category_id": row["category_id"],
        "secret_key": row.get("secret_key") or new_key(),
        "info": info,
        COOWNERS: coowner_ids(row),
    }


def coowner_ids(row: dict[str, Any]) -> list[int]:
    """A project's co-owners: PYBOSSA's owners_ids less the owner, each once, in order."""
    found: list[int] = []
    for user_id in row.get("owners_ids") or []:
        if type(user_id) is int and user_id != row["owner_id"] and user_id not in found:
            found.append(user_id)
    return found


def coowner_rows(
    projects: list[tuple[int, list[int]]], user_ids: set[int], notes: Counter
) -> list[dict[str, Any]]:
    """The project_coowner rows of (project id, co-owners' ids) pairs: the co-owners that
    were imported as users (PYBOSSA's owners_ids has no foreign key)."""
    rows = []
    for project_id, coowners in projects:
        for user_id in coowners:
            if user_id in user_ids:
                rows.append({"project_id": project_id, "user_id": user_id})
                notes["co-owners carried over"] += 1
            else:
                notes["co-owners who are no imported user left out"] += 1
    return rows


def task_row(row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey) -> dict[str, Any]:
    n_answers = row.get("n_answers")
    if n_answers is None or n_answers < 1:
        notes[f"n_answers missing or below 1: {DEFAULT_N_ANSWERS}"] += 1
        n_answers = DEFAULT_N_ANSWERS
    priority = row.get("priority_0") or 0.0
    if not 0.0 <= priority <= 1.0:
        notes["priority_0 outside 0–1: brought to the nearest bound"] += 1
        priority = min(1.0, max(0.0, priority))
    return {
        "id": row["id"],
        "created": moment(row.get("created"), now),
        "project_id": row["project_id"],
        "state": ONGOING,
        "quorum": row.get("quorum") or 0,
        "calibration": row.get("calibration") or 0,
        "priority_0": priority,
        "n_answers": n_answers,
        "info": row.get("info") if row.get("info") is not None else {},
        "fav_user_ids": row.get("fav_user_ids") or None,
        "n_task_runs": 0,
    }


def task_run_row(
    row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey
) -> dict[str, Any]:
    created = moment(row.get("created"), now)
    anonymous = row.get("user_id") is None and not row.get("external_uid")
    ip = row.get("user_ip")
    return {
        "id": row["id"],
        "created": created,
        "finish_time": moment(row.get("finish_time"), created),
        "project_id": row["project_id"],
        "task_id": row["task_id"],
        "user_id": row.get("user_id"),
        "external_uid": row.get("external_uid") or None,
        "user_ip": ANONYMOUS_PREFIX + ip if anonymous and ip else None,
        "timeout": row.get("timeout"),
        "calibration": row.get("calibration"),
        "media_url": row.get("media_url"),
        "info": row.get("info"),
    }


def volunteer_of(run: dict[str, Any]) -> tuple[str, Any] | None:
    """Who gave a run (as the one-answer-per-volunteer rule sees it); None: nobody known."""
    for kind in ("user_id", "external_uid", "user_ip"):
        if run.get(kind) is not None:
            return kind, run[kind]
    return None


def result_row(
    row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey
) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created": moment(row.get("created"), now),
        "project_id": row["project_id"],
        "task_id": row["task_id"],
        "task_run_ids": list(row.get("task_run_ids") or []),
        "last_version": _flag(row.get("last_version"), True),
        "info": row.get("info"),
    }


def helping_row(
    row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey
) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created": moment(row.get("created"), now),
        "project_id": row["project_id"],
        "info": _object(row.get("info")),
        "media_url": row.get("media_url"),
        "priority": row.get("priority"),
        "stored_file": None,
    }  # set only by this server, once it stored a copy


def announcement_row(
    row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey
) -> dict[str, Any]:
    created = moment(row.get("created"), now)
    return {
        "id": row["id"],
        "created": created,
        "updated": moment(row.get("updated"), created),
        "user_id": row.get("user_id"),
        "title": row.get("title") or "",
        "body": row.get("body") or "",
        "info": _object(row.get("info")),
        "media_url": row.get("media_url"),
        "published": bool(row.get("published")),
    }


def blogpost_row(
    row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey
) -> dict[str, Any]:
    return {**announcement_row(row, now, notes, new_key), "project_id": row["project_id"]}


def page_row(row: dict[str, Any], now: datetime, notes: Counter, new_key: NewKey) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created": moment(row.get("created"), now),
        "project_id": row["project_id"],
        "slug": row.get("slug") or str(row["id"]),
        "info": _object(row.get("info")),
        "media_url": row.get("media_url"),
    }


CONVERTERS = {
    "user": user_row,
    "category": category_row,
    "project": project_row,
    "task": task_row,
    "task_run": task_run_row,
    "result": result_row,
    "helpingmaterial": helping_row,
    "announcement": announcement_row,
    "blogpost": blogpost_row,
    "pages": page_row,
}


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _flag(value: Any, default: bool) -> bool:
    return default if value is None else bool(value)
