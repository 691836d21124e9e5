"""Projects: what owners create, volunteers contribute to, and everyone may read once published."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core import consensus, errors, gold
from pybossa_core.entity import Changes, Entity, default_of, fields_of

SHORT_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")


@dataclass(eq=False)
class Project(Entity):
    """A crowdsourcing project; drafts (`published=False`) are seen only by owner and admins."""

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
    def owners_ids(self) -> list[int]:
        return [self.owner_id]

    def is_owned_by(self, user_id: int | None) -> bool:
        return user_id is not None and user_id == self.owner_id

    def change(self, changes: Changes, now: datetime) -> None:
        """Apply an owner's changes; publishing is not one of them (see `publish`)."""
        if changes.get("published") not in (None, self.published):
            raise errors.Forbidden("You cannot publish a project via the API", self.KIND)
        self.apply_changes(changes)
        self.check()
        self.updated = now

    def publish(self, n_tasks: int, now: datetime) -> None:
        """Make the project public; it needs a task presenter and at least one task."""
        problems = {}
        if not self.info.get("task_presenter"):
            problems["task_presenter"] = ["A project needs a task presenter to be published"]
        if n_tasks < 1:
            problems["tasks"] = ["A project needs at least one task to be published"]
        if problems:
            raise errors.NotReady("The project cannot be published yet", self.KIND, problems)
        self.published = True
        self.updated = now

    def check(self) -> None:
        """Raise InvalidInput, field by field, when a value breaks a project rule."""
        problems = {}
        if not SHORT_NAME.match(self.short_name or ""):
            problems["short_name"] = ["Use only letters, digits, '-' and '_' (1 to 255)"]
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
