"""Categories are managed by admins only."""

from datetime import datetime

from pybossa_core import errors, permissions
from pybossa_core.categories import Category, CreateCategory
from pybossa_core.entity import Changes, fields_of
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.use_cases.common import load
from pybossa_core.users import Actor


def create_category(
    uow: AbstractUnitOfWork, command: CreateCategory, actor: Actor, now: datetime
) -> Category:
    permissions.ensure(actor, permissions.CREATE, "category")
    with uow:
        category = Category(created=now, **fields_of(command))
        _refuse_duplicate(uow, category)
        uow.categories.add(category)
        uow.commit()
        return category


def update_category(
    uow: AbstractUnitOfWork, category_id: int, changes: Changes, actor: Actor
) -> Category:
    with uow:
        category = load(uow, "category", category_id)
        permissions.ensure(actor, permissions.UPDATE, "category", category)
        category.apply_changes(changes)
        _refuse_duplicate(uow, category)
        uow.commit()
        return category


def delete_category(uow: AbstractUnitOfWork, category_id: int, actor: Actor) -> None:
    """Delete an empty category; one that still holds projects is a Conflict."""
    with uow:
        category = load(uow, "category", category_id)
        permissions.ensure(actor, permissions.DELETE, "category", category)
        n_projects = uow.categories.count_projects(category.id)
        if n_projects:
            raise errors.Conflict(
                f"The category still has {n_projects} project(s): move them first", "category"
            )
        uow.categories.delete(category)
        uow.commit()


def _refuse_duplicate(uow: AbstractUnitOfWork, category: Category) -> None:
    found = uow.categories.get_by_short_name(category.short_name)
    if found is not None and found is not category:
        raise errors.DuplicateValue(
            f"A category with this short_name already exists: {category.short_name}", "category"
        )
