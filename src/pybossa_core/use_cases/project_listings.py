"""The project listings by category (/project/category/<short_name>/): a category's published
projects, the featured ones, drafts, and the projects the caller answered."""

from dataclasses import dataclass, field

from pybossa_core import errors, permissions
from pybossa_core.categories import Category
from pybossa_core.ports import AbstractUnitOfWork, ProjectStats
from pybossa_core.projects import Project
from pybossa_core.queries import ListQuery
from pybossa_core.users import Actor

PER_PAGE = 20
FEATURED, DRAFT, HISTORICAL = "featured", "draft", "historical_contributions"
# Listings that are no category of their own; no category may take these short names.
PSEUDO_CATEGORIES = (FEATURED, DRAFT, HISTORICAL)


@dataclass(frozen=True)
class ProjectListing:
    """One page of a listing. `category` is None for the pseudo categories (named by
    `short_name`); `redirect_to` names the category to show instead (the featured listing
    when nothing is featured, as PYBOSSA sends its readers to the first category)."""

    short_name: str
    category: Category | None
    categories: list[Category]
    any_featured: bool
    projects: list[Project]
    page: int
    per_page: int
    total: int
    stats: dict[int, ProjectStats] = field(default_factory=dict)
    redirect_to: str | None = None

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def project_listing(
    uow: AbstractUnitOfWork, short_name: str, page: int, actor: Actor, *, per_page: int = PER_PAGE
) -> ProjectListing:
    """Page `page` (from 1) of the listing, by name: a category's published projects, the
    published featured ones, drafts (an admin's: all of them; a user's: their own) or the
    published projects the caller answered (signed-in callers only). An unknown category or
    a page past the last is NotFound."""
    if short_name in (DRAFT, HISTORICAL):
        permissions.ensure_authenticated(actor, "project")
    if page < 1:
        raise errors.NotFound("page", page)
    offset = (page - 1) * per_page
    with uow:
        category = _category(uow, short_name)
        projects, total = _page_of(uow, short_name, category, actor, offset, per_page)
        categories = uow.categories.all()
        any_featured = bool(uow.projects.featured(1))
        redirect_to = None
        if short_name == FEATURED and not any_featured and categories:
            redirect_to = categories[0].short_name
        elif page > 1 and offset >= total:
            raise errors.NotFound("page", page)
        ids = sorted(p.id for p in projects)
        return ProjectListing(
            short_name=short_name,
            category=category,
            categories=categories,
            any_featured=any_featured,
            projects=projects,
            page=page,
            per_page=per_page,
            total=total,
            stats=uow.stats.project_stats(ids) if ids else {},
            redirect_to=redirect_to,
        )


def _category(uow: AbstractUnitOfWork, short_name: str) -> Category | None:
    """The category named `short_name` (None for a pseudo category), or NotFound."""
    if short_name in PSEUDO_CATEGORIES:
        return None
    category = uow.categories.get_by_short_name(short_name)
    if category is None:
        raise errors.NotFound("category", short_name)
    return category


def _page_of(
    uow: AbstractUnitOfWork,
    short_name: str,
    category: Category | None,
    actor: Actor,
    offset: int,
    limit: int,
) -> tuple[list[Project], int]:
    """The listing's projects from `offset` on (`limit` at most), and how many it has."""
    if short_name == HISTORICAL:
        return (
            uow.projects.contributed_page(actor.user_id, offset, limit),
            uow.projects.count_contributed(actor.user_id),
        )
    query = _query(short_name, category, actor, offset, limit)
    return [row.item for row in uow.projects.list(query)], uow.projects.count_listed(query)


def _query(
    short_name: str, category: Category | None, actor: Actor, offset: int, limit: int
) -> ListQuery:
    """The list query of a category, of the featured projects, or of the drafts the actor
    may list (permissions.list_scope: an admin's are everyone's)."""
    paging = {"orderby": "name", "offset": offset, "limit": limit}
    if short_name == DRAFT:
        scope = permissions.list_scope(actor, "project", everything=actor.admin)
        return ListQuery(
            filters={"published": False},
            owner_scope=scope.owner_scope,
            draft_viewer=scope.draft_viewer,
            include_drafts=scope.include_drafts,
            **paging,
        )
    if short_name == FEATURED:
        return ListQuery(filters={"featured": True, "published": True}, **paging)
    return ListQuery(filters={"category_id": category.id, "published": True}, **paging)
