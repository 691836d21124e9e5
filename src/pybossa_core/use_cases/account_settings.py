"""Changing an account: profile, password, avatar, api key, newsletter, deletion and export.

The forms' use cases return the changed user, or `Refused` with the form's problems per field;
what is no form's problem (permissions, an unknown user) raises.
"""

from datetime import datetime
from typing import Any

from pybossa_core import errors, permissions
from pybossa_core.ports import (
    AbstractUnitOfWork,
    CropBox,
    FileStorage,
    ImageProcessor,
    JobQueue,
    PasswordHasher,
    RandomKeys,
)
from pybossa_core.use_cases import account_checks, forms
from pybossa_core.use_cases.forms import Refused
from pybossa_core.users import Actor, ChangeProfile, User

TARGET = "account"
FLAGS = ("privacy_mode", "subscribed")
WRONG_CURRENT_PASSWORD = "Your current password doesn't match the one in our records"
MAX_LOCALE = 16


def update_profile(
    uow: AbstractUnitOfWork,
    actor: Actor,
    name: str,
    command: ChangeProfile,
    *,
    now: datetime,
    reserved_names: frozenset[str],
) -> User | Refused:
    """Apply the user's (or an admin's) profile changes; a new address must be confirmed."""
    changes = command.sent()
    with uow:
        user = account_checks.own_account(uow, actor, name)
        refused = forms.refused(_profile_problems(uow, user, changes, reserved_names))
        if refused is not None:
            return refused
        if "email_addr" in changes:
            changes["email_addr"] = changes["email_addr"].lower()
            if changes["email_addr"] != user.email_addr.lower():
                user.valid_email, user.confirmation_email_sent = False, False
        if "fullname" in changes:
            changes["fullname"] = changes["fullname"].strip()
        for field, value in changes.items():
            setattr(user, field, value)
        uow.commit()
        return user


def change_password(
    uow: AbstractUnitOfWork,
    actor: Actor,
    name: str,
    current: str,
    new: str,
    confirm: str,
    *,
    hasher: PasswordHasher,
) -> User | Refused:
    """The user's own password change (not an admin's), given the current password; it ends
    the user's sessions (the caller signs its own in again)."""
    with uow:
        user = account_checks.own_account(uow, actor, name, admins=False)
        known = (
            bool(user.passwd_hash)
            and isinstance(current, str)
            and hasher.verify(current, user.passwd_hash)
        )
        problems = {} if known else {"current_password": [WRONG_CURRENT_PASSWORD]}
        problems |= account_checks.password_problems(new, confirm, "new_password")
        refused = forms.refused(problems)
        if refused is not None:
            return refused
        user.passwd_hash = hasher.hash(new)
        user.end_sessions()
        uow.commit()
        return user


def update_avatar(
    uow: AbstractUnitOfWork,
    actor: Actor,
    name: str,
    data: bytes,
    box: CropBox | None,
    *,
    images: ImageProcessor,
    storage: FileStorage,
    keys: RandomKeys,
) -> User | Refused:
    """Store a new avatar (cropped to the box) and, once that is durable, drop the old file;
    what the image processor cannot take (not an image, too large, a box off the image) is
    the form's problem."""
    with uow:
        user = account_checks.own_account(uow, actor, name)
        try:
            png = images.avatar(data, box)
        except errors.InvalidInput as exc:
            return Refused(exc.errors or {"avatar": [exc.message]})
        container, filename = f"user_{user.id}", f"{keys.new_name_part()}_avatar.png"
        url = storage.save(container, filename, png)
        old = (user.info.get("container"), user.info.get("avatar"))
        user.info = {**user.info, "avatar": filename, "container": container, "avatar_url": url}
        uow.commit()
    if all(isinstance(part, str) and part for part in old):
        storage.delete(*old)
    return user


def reset_api_key(uow: AbstractUnitOfWork, actor: Actor, name: str, *, keys: RandomKeys) -> User:
    """Give the user a new api key; the old one stops working, and so do the user's
    sessions (a leaked key may have been used to sign in elsewhere)."""
    with uow:
        user = account_checks.own_account(uow, actor, name)
        user.api_key = keys.new_key()
        user.end_sessions()
        uow.commit()
        return user


def subscribe(uow: AbstractUnitOfWork, actor: Actor) -> User:
    """Subscribe the caller to the newsletter."""
    permissions.ensure_authenticated(actor, TARGET)
    with uow:
        user = uow.users.get(actor.user_id)
        if user is None:
            raise errors.AuthenticationRequired("Authentication required", TARGET)
        user.subscribed = True
        uow.commit()
        return user


def request_account_deletion(
    uow: AbstractUnitOfWork, actor: Actor, name: str, *, jobs: JobQueue
) -> None:
    """Queue the deletion of the user's account (the user or an admin asks)."""
    with uow:
        user_id = account_checks.own_account(uow, actor, name).id
    jobs.enqueue("delete_account", user_id=user_id)


def request_account_export(
    uow: AbstractUnitOfWork, actor: Actor, name: str, *, jobs: JobQueue
) -> None:
    """Queue the export of the user's data, mailed as a download link when ready."""
    with uow:
        user_id = account_checks.own_account(uow, actor, name).id
    jobs.enqueue("export_account", user_id=user_id)


def _profile_problems(
    uow: AbstractUnitOfWork, user: User, changes: dict[str, Any], reserved_names: frozenset[str]
) -> dict[str, list[str]]:
    """The problems of each changed field; name and address must be free for this user."""
    checks = {
        "name": lambda v: account_checks.name_problems(uow, v, user, reserved_names=reserved_names),
        "fullname": account_checks.fullname_problems,
        "email_addr": lambda v: account_checks.email_problems(uow, v, user),
        "locale": lambda v: (
            [] if isinstance(v, str) and 0 < len(v) <= MAX_LOCALE else ["Choose a language"]
        ),
        **{
            flag: (lambda v: [] if isinstance(v, bool) else ["Must be true or false"])
            for flag in FLAGS
        },
    }
    return {field: checks[field](value) for field, value in changes.items()}
