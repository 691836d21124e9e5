"""Projects: what owners create, volunteers contribute to, and everyone may read once published."""

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core import audit, consensus, errors, gold
from pybossa_core.entity import Changes, Entity, default_of, fields_of

SHORT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
# The site's own pages under /project/ (/project/new, /project/category/...): a project of
# such a short name would find its pages shadowed. tests/unit/test_routes.py checks that every
# literal segment after /project/ in the route table is here.
RESERVED_SHORT_NAMES = frozenset({"new", "category"})


@dataclass(eq=False)
class Coowner:
    """A user who manages a project as its owner does (PYBOSSA's `owners_ids`, but the
    owner): one per (project, user)."""

    user_id: int
    project_id: int | None = None


@dataclass(eq=False)
class Project(Entity, audit.RecordsSettingChanges):
    """A crowdsourcing project; drafts (`published=False`) are seen only by its owners (the
    owner and the co-owners) and admins. Every change of a setting is recorded for the
    audit log (audit.RecordsSettingChanges)."""

    name: str
    short_name: str
    description: str
    owner_id: int
    category_id: int
    secret_key: str
    created: datetime
    updated: datetime
    long_description: str | None = None
    webhook: str | None = None
    allow_anonymous_contributors: bool = True
    published: bool = False
    featured: bool = False
    zip_download: bool = True
    contacted: bool = False
    info: dict[str, Any] = field(default_factory=dict)
    coowners: list[Coowner] = field(default_factory=list)
    id: int | None = None

    KIND: ClassVar[str] = "project"
    WRITABLE: ClassVar[frozenset[str]] = frozenset(
        {
            "name",
            "short_name",
            "description",
            "long_description",
            "webhook",
            "allow_anonymous_contributors",
            "zip_download",
            "category_id",
            "info",
        }
    )
    ADMIN_WRITABLE: ClassVar[frozenset[str]] = frozenset({"featured"})
    SERVER_ONLY: ClassVar[frozenset[str]] = frozenset({"coowners"})
    ECHOED: ClassVar[frozenset[str]] = frozenset({"owners_ids"})
    FILTERABLE: ClassVar[tuple[str, ...]] = (
        "id",
        "name",
        "short_name",
        "description",
        "owner_id",
        "category_id",
        "published",
        "featured",
        "allow_anonymous_contributors",
    )

    @classmethod
    def create(
        cls,
        command: "CreateProject",
        *,
        owner_id: int,
        category_id: int,
        secret_key: str,
        now: datetime,
    ) -> "Project":
        """A new draft project owned by `owner_id`, in the category the use case settled on,
        with a fresh secret key (RandomKeys.new_key)."""
        fields = {**fields_of(command), "category_id": category_id}
        project = cls(owner_id=owner_id, secret_key=secret_key, created=now, updated=now, **fields)
        project.check()
        return project

    @property
    def coowners_ids(self) -> list[int]:
        return [coowner.user_id for coowner in self.coowners]

    @property
    def owners_ids(self) -> list[int]:
        """PYBOSSA's owners_ids: the owner first, then the co-owners."""
        return [self.owner_id, *self.coowners_ids]

    def is_owned_by(self, user_id: int | None) -> bool:
        """True for the owner and the co-owners: they manage the project alike."""
        return user_id is not None and (user_id == self.owner_id or user_id in self.coowners_ids)

    def is_the_owner(self, user_id: int | None) -> bool:
        """True for the owner alone (who may add and remove co-owners and hand it over)."""
        return user_id is not None and user_id == self.owner_id

    def change(self, changes: Changes, now: datetime) -> None:
        """Apply an owner's changes; publishing is not one of them (see `publish`)."""
        if changes.get("published") not in (None, self.published):
            raise errors.Forbidden("You cannot publish a project via the API", self.KIND)
        written = sorted(name for name in changes.values if name in self.WRITABLE)
        before = {name: copy.deepcopy(getattr(self, name)) for name in written}
        self.apply_changes(changes)
        self.check()
        for name, old_value in before.items():
            self._record_field(name, old_value, getattr(self, name))
        self.updated = now

    def set_featured(self, featured: bool, now: datetime) -> None:
        """An admin features the project on the front page (or stops featuring it)."""
        self.record_setting("featured", self.featured, featured)
        self.featured = featured
        self.updated = now

    def publish(self, n_tasks: int, now: datetime) -> None:
        """Make the project public; it needs a task presenter and at least one task. A
        published project stays as it is (publishing again is no change, as in PYBOSSA)."""
        if self.published:
            return
        problems = {}
        if not self.info.get("task_presenter"):
            problems["task_presenter"] = ["A project needs a task presenter to be published"]
        if n_tasks < 1:
            problems["tasks"] = ["A project needs at least one task to be published"]
        if problems:
            raise errors.NotReady("The project cannot be published yet", self.KIND, problems)
        self.record_setting("published", self.published, True)
        self.published = True
        self.updated = now

    def reset_secret_key(self, secret_key: str, now: datetime) -> None:
        """Take a new secret key (RandomKeys.new_key): tokens issued with the old one stop
        verifying, and apps must ask for new ones with the new key. The audit log says it
        changed, never what it was or is (admins read the log, and never see the key)."""
        self.record_setting("secret_key", audit.SECRET_BEFORE, audit.SECRET_AFTER)
        self.secret_key = secret_key
        self.updated = now

    def add_coowner(self, user_id: int, now: datetime) -> bool:
        """Make the user a co-owner; False (nothing changes) if they own it already."""
        if user_id in self.owners_ids:
            return False
        self.record_setting("coowners", self.owners_ids, [*self.owners_ids, user_id])
        self.coowners.append(Coowner(user_id=user_id, project_id=self.id))
        self.updated = now
        return True

    def remove_coowner(self, user_id: int, now: datetime) -> bool:
        """The user no longer manages the project; False if they were no co-owner. The
        owner is not removed (Forbidden): they hand the project over instead."""
        if user_id == self.owner_id:
            raise errors.Forbidden("The owner of a project cannot be removed", self.KIND)
        if user_id not in self.coowners_ids:
            return False
        before = self.owners_ids
        self.coowners = [c for c in self.coowners if c.user_id != user_id]
        self.record_setting("coowners", before, self.owners_ids)
        self.updated = now
        return True

    def transfer_to(self, user_id: int, now: datetime) -> None:
        """Hand the project to another user, who alone owns it then (as PYBOSSA 4 does: the
        previous owner and the co-owners no longer manage it); to its owner, nothing."""
        if user_id == self.owner_id:
            return
        self.record_setting("owner_id", self.owner_id, user_id)
        if self.coowners:
            self.record_setting("coowners", self.owners_ids, [user_id])
        self.owner_id = user_id
        self.coowners = []
        self.updated = now

    def _record_field(self, name: str, old_value: Any, new_value: Any) -> None:
        """A field's change for the audit log; info key by key, as PYBOSSA logs it."""
        if name != "info" or not isinstance(old_value, dict) or not isinstance(new_value, dict):
            self.record_setting(name, old_value, new_value)
            return
        for key in sorted(old_value.keys() | new_value.keys()):
            attribute = f"info.{key}"
            if key not in old_value:
                self.record_setting(attribute, audit.NOT_SET, new_value[key], audit.CREATE)
            elif key not in new_value:
                self.record_setting(attribute, old_value[key], audit.NOT_SET, audit.DELETE)
            else:
                self.record_setting(attribute, old_value[key], new_value[key])

    def check(self) -> None:
        """Raise InvalidInput, field by field, when a value breaks a project rule."""
        problems = {}
        if not SHORT_NAME.match(self.short_name or ""):
            problems["short_name"] = ["Use only letters, digits, '-' and '_' (1 to 255)"]
        elif self.short_name.lower() in RESERVED_SHORT_NAMES:
            problems["short_name"] = ["This short name is the name of a page of the site"]
        if not (self.name or "").strip():
            problems["name"] = ["The name must not be empty"]
        if not isinstance(self.category_id, int):
            problems["category_id"] = ["A project must be in a category"]
        problems.update(consensus.problems(self.info))
        problems.update(gold.problems(self.info))
        if problems:
            raise errors.InvalidInput("Invalid project", self.KIND, problems)


@dataclass(frozen=True)
class CreateProject:
    """The command to create a project: what its owner gives it. Without a category_id it
    goes to the default category."""

    name: str
    short_name: str
    description: str
    long_description: str | None = default_of(Project, "long_description")
    webhook: str | None = default_of(Project, "webhook")
    allow_anonymous_contributors: bool = default_of(Project, "allow_anonymous_contributors")
    zip_download: bool = default_of(Project, "zip_download")
    category_id: int | None = None
    info: dict[str, Any] = field(default_factory=dict)
