"""What a site and its projects publish beside tasks: site announcements, a project's blog
posts and its pages (PYBOSSA's announcement, blogpost and pages tables)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pybossa_core.entity import Changes, Entity, default_of, refuse_project_move


@dataclass(eq=False)
class Announcement(Entity):
    """A site-wide message by an admin; only published ones are shown to everyone.
    `user_id` is its author (None once their account is gone)."""

    title: str
    body: str
    created: datetime
    updated: datetime
    user_id: int | None = None
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = None
    published: bool = False
    id: int | None = None

    KIND: ClassVar[str] = "announcement"
    WRITABLE: ClassVar[frozenset[str]] = frozenset(
        {"title", "body", "info", "media_url", "published"}
    )
    FILTERABLE: ClassVar[tuple[str, ...]] = ("id", "user_id", "published")

    def change(self, changes: Changes, now: datetime) -> None:
        self.apply_changes(changes)
        self.updated = now


@dataclass(eq=False)
class BlogPost(Entity):
    """A post on a project's blog, by one of its owners; a draft (not published) is shown
    to the project's owners only."""

    project_id: int
    title: str
    body: str
    created: datetime
    updated: datetime
    user_id: int | None = None
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = None
    published: bool = False
    id: int | None = None

    KIND: ClassVar[str] = "blogpost"
    WRITABLE: ClassVar[frozenset[str]] = frozenset(
        {"project_id", "title", "body", "info", "media_url", "published"}
    )
    FILTERABLE: ClassVar[tuple[str, ...]] = ("id", "project_id", "user_id", "published")

    def change(self, changes: Changes, now: datetime) -> None:
        refuse_project_move(self, changes)
        self.apply_changes(changes)
        self.updated = now


@dataclass(eq=False)
class Page(Entity):
    """A page of a project's site, named by its `slug`; what it shows is in `info` (PYBOSSA's
    pages table has no other text column)."""

    project_id: int
    slug: str
    created: datetime
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = None
    id: int | None = None

    KIND: ClassVar[str] = "page"
    WRITABLE: ClassVar[frozenset[str]] = frozenset({"project_id", "slug", "info", "media_url"})
    FILTERABLE: ClassVar[tuple[str, ...]] = ("id", "project_id", "slug")

    def change(self, changes: Changes, now: datetime) -> None:
        refuse_project_move(self, changes)
        self.apply_changes(changes)


@dataclass(frozen=True)
class CreateAnnouncement:
    """The command to announce: what an admin writes of it."""

    title: str
    body: str
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = default_of(Announcement, "media_url")
    published: bool = default_of(Announcement, "published")


@dataclass(frozen=True)
class CreateBlogPost:
    """The command to post on a project's blog."""

    project_id: int
    title: str
    body: str
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = default_of(BlogPost, "media_url")
    published: bool = default_of(BlogPost, "published")


@dataclass(frozen=True)
class CreatePage:
    """The command to add a page to a project."""

    project_id: int
    slug: str
    info: dict[str, Any] = field(default_factory=dict)
    media_url: str | None = default_of(Page, "media_url")
