"""Background jobs (mail, account deletion, data export, webhooks, result recounts), each safe
to run again on retry."""

import dataclasses
import hashlib
import json
import re
from datetime import datetime
from typing import Any

from pybossa_core import errors, permissions
from pybossa_core.helping import project_container
from pybossa_core.ports import (
    AbstractUnitOfWork,
    Archiver,
    FileStorage,
    JobQueue,
    Mail,
    Mailer,
    WebhookSender,
)
from pybossa_core.use_cases import account_checks, completion, webhooks
from pybossa_core.users import OAUTH_PROVIDERS, Actor, User

JOBS = ("send_mail", "delete_account", "export_account", "deliver_webhook", completion.RECOUNT)
EXPORTS = "private_exports"
LEFT_OUT = permissions.LEFT_OUT_OF_OWN_EXPORT
OAUTH_TOKENS = frozenset(f"{provider}_token" for provider in OAUTH_PROVIDERS)


def send_mail(*, mailer: Mailer, to: str, subject: str, body: str) -> None:
    """Deliver one mail (DeliveryFailed propagates, so the queue retries)."""
    mailer.send(Mail(to=to, subject=subject, body=body))


def delete_account(uow: AbstractUnitOfWork, *, storage: FileStorage, user_id: int) -> bool:
    """Delete the user with the projects they own (those they co-own stay, without them);
    their answers elsewhere stay, anonymised.

    Returns False when there is no such user (already deleted: a retry does nothing).
    """
    with uow:
        user = uow.users.get(user_id)
        if user is None:  # a retry after the commit: the files may still be there
            _delete_account_files(storage, user_id, set())
            return False
        projects = [p for p in uow.projects.owned_by(user.id) if p.is_the_owner(user.id)]
        owned = {project.id for project in projects}
        for run in uow.task_runs.by_user(user.id):
            if run.project_id not in owned:
                run.user_id = None
        for project in projects:
            uow.projects.delete(project)
        uow.users.delete(user)
        uow.commit()
    _delete_account_files(storage, user_id, owned)
    return True


def _delete_account_files(storage: FileStorage, user_id: int, projects: set[int]) -> None:
    """After the commit (a rollback never loses a file): the folders the server gave the user
    and their projects, and their exports. The client-writable `info` never names a file."""
    for project_id in sorted(projects):
        storage.delete_container(project_container(project_id))
    storage.delete_container(f"user_{user_id}")
    for filename in storage.names(EXPORTS):
        if _is_export_of(user_id, filename):
            storage.delete(EXPORTS, filename)


def _is_export_of(user_id: int, filename: str) -> bool:
    return re.fullmatch(rf"user_{user_id}_[0-9a-f]{{16}}\.zip", filename) is not None


def export_account(
    uow: AbstractUnitOfWork,
    *,
    storage: FileStorage,
    jobs: JobQueue,
    archiver: Archiver,
    user_id: int,
    now: datetime,
    base_url: str,
) -> str | None:
    """Store a zip of the user's data and mail them its link; returns the file's name.

    The name is derived from the content, so running again stores the same file.
    """
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            return None
        data = _archive(
            {
                "user.json": _user_data(user),
                "projects.json": [
                    _public(p, LEFT_OUT["project"]) for p in uow.projects.owned_by(user.id)
                ],
                "task_runs.json": [
                    _public(r, LEFT_OUT["taskrun"]) for r in uow.task_runs.by_user(user.id)
                ],
            },
            archiver,
        )
    filename = f"user_{user.id}_{hashlib.sha256(data).hexdigest()[:16]}.zip"
    storage.save(EXPORTS, filename, data)
    link = f"{base_url.rstrip('/')}/account/{user.name}/export/{filename}"
    jobs.enqueue(
        "send_mail",
        to=user.email_addr,
        subject="Your personal data export",
        body=f"Hello {user.fullname},\n\nThe export of your data you asked for "
        f"({now:%Y-%m-%d %H:%M} UTC) is ready:\n\n{link}\n",
    )
    return filename


def export_file(
    uow: AbstractUnitOfWork, actor: Actor, name: str, filename: str, *, storage: FileStorage
) -> bytes:
    """An export of the user's data, for the user or an admin; other names are NotFound."""
    with uow:
        user = account_checks.own_account(uow, actor, name)
    if not isinstance(filename, str) or not _is_export_of(user.id, filename):
        raise errors.NotFound("file", filename)
    return storage.open(EXPORTS, filename)


def run(
    job: str,
    arguments: dict[str, Any],
    *,
    uow: AbstractUnitOfWork,
    storage: FileStorage,
    mailer: Mailer,
    jobs: JobQueue,
    now: datetime,
    base_url: str,
    archiver: Archiver | None = None,
    sender: WebhookSender | None = None,
    max_attempts: int = 1,
) -> None:
    """Run one queued job by name (an unknown name is a programming error: ValueError).

    `archiver` serves `export_account`; `sender` and `max_attempts` (attempts per delivery)
    serve `deliver_webhook`.
    """
    if job == "send_mail":
        send_mail(mailer=mailer, **arguments)
    elif job == "delete_account":
        delete_account(uow, storage=storage, **arguments)
    elif job == "export_account" and archiver is not None:
        export_account(
            uow,
            storage=storage,
            jobs=jobs,
            archiver=archiver,
            now=now,
            base_url=base_url,
            **arguments,
        )
    elif job == completion.RECOUNT:
        completion.recount_results(uow, **arguments)
    elif job == "deliver_webhook" and sender is not None:
        webhooks.deliver_webhook(
            uow, sender=sender, now=now, max_attempts=max_attempts, **arguments
        )
    else:
        raise ValueError(f"unknown job (or no port to run it): {job!r}")


def _user_data(user: User) -> dict[str, Any]:
    """The user's own data, without credentials (password hash, api key, oauth tokens)."""
    data = _public(user, LEFT_OUT["user"])
    data["info"] = {k: v for k, v in (user.info or {}).items() if k not in OAUTH_TOKENS}
    return data


def _public(entity: Any, hidden: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(entity).items() if k not in hidden}


def _archive(files: dict[str, Any], archiver: Archiver) -> bytes:
    """An archive of JSON files, byte-for-byte the same for the same data."""
    return archiver.archive(
        {
            name: json.dumps(content, default=_json_value, indent=2, sort_keys=True).encode()
            for name, content in files.items()
        }
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
