"""Category use cases: only admins manage categories, and a category with projects stays."""

import pytest

from pybossa_core import errors
from pybossa_core.categories import CreateCategory
from pybossa_core.entity import Changes
from pybossa_core.use_cases import categories
from pybossa_core.users import ANONYMOUS

from .builders import NOW, a_category, a_project, actor, everything_in

SCIENCE = CreateCategory(name="Science", short_name="science", description="Things to measure")


def test_an_admin_creates_a_category(uow, admin):
    category = categories.create_category(uow, SCIENCE, actor(admin), NOW)
    stored = uow.categories.get(category.id)
    assert (stored.name, stored.short_name, stored.created) == ("Science", "science", NOW)


def test_a_user_who_is_not_admin_cannot_create_a_category(uow, someone):
    with pytest.raises(errors.Forbidden):
        categories.create_category(uow, SCIENCE, actor(someone), NOW)
    assert everything_in(uow.categories) == []


def test_an_anonymous_caller_cannot_create_a_category(uow):
    with pytest.raises(errors.AuthenticationRequired):
        categories.create_category(uow, SCIENCE, ANONYMOUS, NOW)


def test_a_category_short_name_is_unique(uow, admin):
    a_category(uow, short_name="science")
    with pytest.raises(errors.DuplicateValue, match="science"):
        categories.create_category(uow, SCIENCE, actor(admin), NOW)
    assert len(everything_in(uow.categories)) == 1


def test_an_admin_updates_a_category(uow, admin):
    category = a_category(uow)
    categories.update_category(uow, category.id, Changes({"description": "New"}), actor(admin))
    assert uow.categories.get(category.id).description == "New"


def test_a_category_may_keep_its_own_short_name(uow, admin):
    category = a_category(uow, short_name="same")
    categories.update_category(uow, category.id, Changes({"short_name": "same"}), actor(admin))
    assert uow.categories.get(category.id).short_name == "same"


def test_a_category_cannot_take_another_categorys_short_name(uow, admin):
    a_category(uow, short_name="taken")
    category = a_category(uow, short_name="mine")
    with pytest.raises(errors.DuplicateValue):
        categories.update_category(uow, category.id, Changes({"short_name": "taken"}), actor(admin))
    assert uow.categories.get(category.id).short_name == "mine"


def test_a_user_who_is_not_admin_cannot_update_a_category(uow, someone):
    category = a_category(uow, name="Kept")
    with pytest.raises(errors.Forbidden):
        categories.update_category(uow, category.id, Changes({"name": "Lost"}), actor(someone))
    assert uow.categories.get(category.id).name == "Kept"


def test_a_category_update_refuses_changed_server_fields(uow, admin):
    category = a_category(uow)
    with pytest.raises(errors.ReservedAttribute):
        categories.update_category(uow, category.id, Changes({"id": 99}), actor(admin))


def test_updating_a_missing_category_is_not_found(uow, admin):
    with pytest.raises(errors.NotFound):
        categories.update_category(uow, 404, Changes({"name": "x"}), actor(admin))


def test_an_admin_deletes_an_empty_category(uow, admin):
    category = a_category(uow)
    categories.delete_category(uow, category.id, actor(admin))
    assert uow.categories.get(category.id) is None


def test_a_category_that_still_has_projects_cannot_be_deleted(uow, admin, owner):
    category = a_category(uow)
    a_project(uow, owner, category_id=category.id)
    with pytest.raises(errors.Conflict, match="1 project"):
        categories.delete_category(uow, category.id, actor(admin))
    assert uow.categories.get(category.id) is category


@pytest.mark.parametrize("who", ["someone", "anonymous"])
def test_only_an_admin_deletes_a_category(uow, someone, who):
    category = a_category(uow)
    caller, error = (
        (actor(someone), errors.Forbidden)
        if who == "someone"
        else (ANONYMOUS, errors.AuthenticationRequired)
    )
    with pytest.raises(error):
        categories.delete_category(uow, category.id, caller)
    assert uow.categories.get(category.id) is category
