"""The admin console: the admins, finding users, and managing categories. Admins only.

`permissions` has no rule for the "admin" kind, so only admins pass `ensure` for it: anonymous
callers get AuthenticationRequired, everyone else Forbidden.
"""

from dataclasses import dataclass
from datetime import datetime

from pybossa_core import errors, permissions
from pybossa_core.categories import Category, CreateCategory
from pybossa_core.entity import Changes
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.use_cases import categories as category_rules
from pybossa_core.use_cases.common import load
from pybossa_core.use_cases.forms import Refused
from pybossa_core.use_cases.project_listings import PSEUDO_CATEGORIES
from pybossa_core.users import Actor, User

CONSOLE = "admin"
MAX_FOUND = 50
MAX_NAME = 255
# Keys the front page, /api/globalstats and the project listings use beside the categories'
# short names.
RESERVED_SHORT_NAMES = frozenset(PSEUDO_CATEGORIES)
NAME_REQUIRED = "This field is required."
NAME_TOO_LONG = f"The name must be at most {MAX_NAME} characters long"
NAME_TAKEN = "Name is already taken."
OWN_RIGHT = "You cannot remove your own admin rights: ask another admin"
LAST_CATEGORY = (
    "Sorry, it is not possible to delete the only available category. "
    "You can modify it, click the edit button"
)


@dataclass(frozen=True)
class AdminUsers:
    """Every admin, and the users a search found (none without a search)."""

    admins: list[User]
    found: list[User]


@dataclass(frozen=True)
class CategoryOverview:
    """Every category, and how many projects (drafts included) each one holds."""

    categories: list[Category]
    n_projects: dict[int, int]


@dataclass(frozen=True)
class CategoryDeletion:
    """Whether the category was deleted, and if not, why."""

    deleted: bool
    reason: str | None = None


def admin_users(uow: AbstractUnitOfWork, actor: Actor, search: str = "") -> AdminUsers:
    """The admins, and up to MAX_FOUND users whose name, full name or e-mail contains
    `search` (any case)."""
    permissions.ensure(actor, permissions.READ, CONSOLE)
    text = _text(search)
    with uow:
        found = uow.users.search(text, MAX_FOUND) if text else []
        return AdminUsers(admins=uow.users.admins(), found=found)


def set_admin(uow: AbstractUnitOfWork, actor: Actor, user_id: int, admin: bool) -> User:
    """Grant or take away a user's admin right. An admin cannot take away their own, so the
    site always keeps at least one admin."""
    permissions.ensure(actor, permissions.UPDATE, CONSOLE)
    with uow:
        user = load(uow, "user", user_id)
        if not admin and user.id == actor.user_id:
            raise errors.Forbidden(OWN_RIGHT, CONSOLE)
        if user.admin and not admin:  # sessions opened as an admin end with the right
            user.end_sessions()
        user.admin = admin
        uow.commit()
        return user


def category_overview(uow: AbstractUnitOfWork, actor: Actor) -> CategoryOverview:
    """Every category with its number of projects."""
    permissions.ensure(actor, permissions.READ, CONSOLE)
    with uow:
        return CategoryOverview(
            categories=uow.categories.all(), n_projects=uow.categories.project_counts()
        )


def get_category(uow: AbstractUnitOfWork, actor: Actor, category_id: int) -> Category:
    """One category, for the update and delete forms."""
    permissions.ensure(actor, permissions.READ, CONSOLE)
    with uow:
        return load(uow, "category", category_id)


def add_category(
    uow: AbstractUnitOfWork, actor: Actor, name: str, description: str, now: datetime
) -> Category | Refused:
    """A new category; its short name is the name in lower case without spaces (as PYBOSSA
    and pbclient derive it). A form's mistakes are `Refused` with messages per field."""
    permissions.ensure(actor, permissions.CREATE, CONSOLE)
    name = _text(name)
    short_name = name.lower().replace(" ", "")
    with uow:
        refused = _name_refused(uow, name, short_name)
    if refused is not None:
        return refused
    command = CreateCategory(
        name=name, short_name=short_name, description=_text(description) or None
    )
    return _as_form_error(category_rules.create_category, uow, command, actor, now)


def change_category(
    uow: AbstractUnitOfWork, actor: Actor, category_id: int, name: str, description: str
) -> Category | Refused:
    """Rename a category or change its description; its short name stays (links and
    clients use it)."""
    permissions.ensure(actor, permissions.UPDATE, CONSOLE)
    name = _text(name)
    with uow:
        category = load(uow, "category", category_id)
        refused = _name_refused(uow, name, category.short_name, category.id)
    if refused is not None:
        return refused
    changes = Changes({"name": name, "description": _text(description) or None})
    return _as_form_error(category_rules.update_category, uow, category_id, changes, actor)


def remove_category(uow: AbstractUnitOfWork, actor: Actor, category_id: int) -> CategoryDeletion:
    """Delete a category unless projects are still in it or it is the last one."""
    permissions.ensure(actor, permissions.DELETE, CONSOLE)
    with uow:
        category = load(uow, "category", category_id)
        n_projects = uow.categories.count_projects(category.id)
        if n_projects:
            projects = "project" if n_projects == 1 else "projects"
            return CategoryDeletion(
                False,
                f"The category has {n_projects} {projects}: move them to another category first",
            )
        if len(uow.categories.all()) == 1:
            return CategoryDeletion(False, LAST_CATEGORY)
        uow.categories.delete(category)
        uow.commit()
        return CategoryDeletion(True)


def _text(value: object) -> str:
    """A form value as stripped text (anything but text counts as missing)."""
    return value.strip() if isinstance(value, str) else ""


def _name_refused(
    uow: AbstractUnitOfWork, name: str, short_name: str, category_id: int | None = None
) -> Refused | None:
    """None when the name is given, not too long, and neither it nor its short name belongs
    to another category (nor, for a new one, to the front page's own keys)."""
    if not name:
        problem = NAME_REQUIRED
    elif len(name) > MAX_NAME:
        problem = NAME_TOO_LONG
    elif (category_id is None and short_name in RESERVED_SHORT_NAMES) or any(
        other.id != category_id and (other.name == name or other.short_name == short_name)
        for other in uow.categories.all()
    ):
        problem = NAME_TAKEN
    else:
        return None
    return Refused({"name": [problem]})


def _as_form_error(action, *args) -> Category | Refused:
    """Run a category use case; a clash the database found meanwhile is the form's too."""
    try:
        return action(*args)
    except errors.DuplicateValue:
        return Refused({"name": [NAME_TAKEN]})
