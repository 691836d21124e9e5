"""Admin console use cases: admins only, the admin right, and categories as forms manage them."""

import pytest

from pybossa_core import errors
from pybossa_core.categories import Category
from pybossa_core.use_cases import admin as console
from pybossa_core.use_cases.forms import Refused
from pybossa_core.users import ANONYMOUS

from .builders import NOW, a_category, a_project, a_user, actor, everything_in


@pytest.mark.parametrize(
    "call",
    [
        lambda uow, who: console.admin_users(uow, who, "x"),
        lambda uow, who: console.set_admin(uow, who, 1, True),
        lambda uow, who: console.category_overview(uow, who),
        lambda uow, who: console.get_category(uow, who, 1),
        lambda uow, who: console.add_category(uow, who, "", "", NOW),
        lambda uow, who: console.change_category(uow, who, 1, "", ""),
        lambda uow, who: console.remove_category(uow, who, 1),
    ],
)
def test_only_admins_use_the_console(uow, someone, call):
    a_category(uow)
    with pytest.raises(errors.AuthenticationRequired):
        call(uow, ANONYMOUS)
    with pytest.raises(errors.Forbidden):
        call(uow, actor(someone))


def test_the_admins_are_listed_and_nobody_is_found_without_a_search(uow, admin, someone):
    found = console.admin_users(uow, actor(admin), "   ")
    assert found.admins == [admin] and found.found == []


def test_a_search_matches_name_full_name_or_email_in_any_case(uow, admin):
    by_name = a_user(uow, name="scully")
    by_fullname = a_user(uow, fullname="Dana SCULLY")
    by_email = a_user(uow, email_addr="d.scully@fbi.gov")
    a_user(uow, name="mulder")
    found = console.admin_users(uow, actor(admin), " Scully ").found
    assert {u.id for u in found} == {by_name.id, by_fullname.id, by_email.id}


def test_a_search_finds_at_most_fifty_users_by_name(uow, admin):
    for n in range(55):
        a_user(uow, name=f"volunteer{n:02d}")
    found = console.admin_users(uow, actor(admin), "VOLUNTEER").found
    assert len(found) == console.MAX_FOUND == 50
    assert [u.name for u in found] == sorted(u.name for u in found)


def test_an_admin_grants_and_takes_away_the_admin_right(uow, admin, someone):
    console.set_admin(uow, actor(admin), someone.id, True)
    assert uow.users.get(someone.id).admin is True
    console.set_admin(uow, actor(admin), someone.id, False)
    assert uow.users.get(someone.id).admin is False


def test_an_admin_cannot_take_away_their_own_right(uow, admin):
    with pytest.raises(errors.Forbidden, match="own admin rights"):
        console.set_admin(uow, actor(admin), admin.id, False)
    assert uow.users.get(admin.id).admin is True


def test_the_right_of_an_unknown_user_is_not_found(uow, admin):
    with pytest.raises(errors.NotFound):
        console.set_admin(uow, actor(admin), 999, True)


def test_the_overview_counts_every_project_of_each_category(uow, admin, owner):
    busy, empty = a_category(uow), a_category(uow)
    a_project(uow, owner, category_id=busy.id)
    a_project(uow, owner, category_id=busy.id, published=True)
    overview = console.category_overview(uow, actor(admin))
    assert overview.categories == [busy, empty]
    assert overview.n_projects == {busy.id: 2}


def test_a_new_category_takes_its_short_name_from_its_name(uow, admin):
    category = console.add_category(uow, actor(admin), " Bench Category ", "for tests", NOW)
    stored = uow.categories.get(category.id)
    assert (stored.name, stored.short_name, stored.description, stored.created) == (
        "Bench Category",
        "benchcategory",
        "for tests",
        NOW,
    )


@pytest.mark.parametrize(
    "name, message",
    [
        ("", console.NAME_REQUIRED),
        ("   ", console.NAME_REQUIRED),
        (True, console.NAME_REQUIRED),
        ("x" * 256, console.NAME_TOO_LONG),
        ("Art", console.NAME_TAKEN),
        ("A rt", console.NAME_TAKEN),
        ("Featured", console.NAME_TAKEN),
        ("draft", console.NAME_TAKEN),
    ],
)
def test_a_new_category_needs_a_free_name(uow, admin, name, message):
    a_category(uow, name="Art", short_name="art")
    refused = console.add_category(uow, actor(admin), name, "", NOW)
    assert refused == Refused({"name": [message]})
    assert len(everything_in(uow.categories)) == 1


def test_a_name_taken_meanwhile_is_a_form_error_too(uow, admin):
    def another_admin_adds_it():
        uow.categories.add(Category(name="Other", short_name="art", created=NOW))

    uow.concurrently.append(another_admin_adds_it)
    refused = console.add_category(uow, actor(admin), "Art", "", NOW)
    assert refused == Refused({"name": [console.NAME_TAKEN]})


def test_a_renamed_category_keeps_its_short_name(uow, admin):
    category = a_category(uow, name="Science", short_name="science", description="Old")
    console.change_category(uow, actor(admin), category.id, "Natural Science", "")
    stored = uow.categories.get(category.id)
    assert (stored.name, stored.short_name, stored.description) == (
        "Natural Science",
        "science",
        None,
    )


def test_a_category_keeps_its_own_name_but_cannot_take_another(uow, admin):
    a_category(uow, name="Art", short_name="art")
    category = a_category(uow, name="Science", short_name="science")
    console.change_category(uow, actor(admin), category.id, "Science", "new text")
    refused = console.change_category(uow, actor(admin), category.id, "Art", "")
    assert refused == Refused({"name": [console.NAME_TAKEN]})
    assert uow.categories.get(category.id).name == "Science"


def test_changing_an_unknown_category_is_not_found(uow, admin):
    with pytest.raises(errors.NotFound):
        console.change_category(uow, actor(admin), 999, "", "")


def test_an_empty_category_is_deleted(uow, admin):
    a_category(uow)
    category = a_category(uow)
    outcome = console.remove_category(uow, actor(admin), category.id)
    assert outcome == console.CategoryDeletion(deleted=True)
    assert uow.categories.get(category.id) is None


@pytest.mark.parametrize("n_projects, says", [(1, "has 1 project:"), (3, "has 3 projects:")])
def test_a_category_with_projects_is_not_deleted(uow, admin, owner, n_projects, says):
    a_category(uow)
    category = a_category(uow)
    for _ in range(n_projects):
        a_project(uow, owner, category_id=category.id)
    outcome = console.remove_category(uow, actor(admin), category.id)
    assert not outcome.deleted and says in outcome.reason
    assert "move them to another category first" in outcome.reason
    assert uow.categories.get(category.id) is category


def test_the_last_category_is_not_deleted(uow, admin):
    category = a_category(uow)
    outcome = console.remove_category(uow, actor(admin), category.id)
    assert outcome == console.CategoryDeletion(deleted=False, reason=console.LAST_CATEGORY)
    assert uow.categories.get(category.id) is category


def test_deleting_an_unknown_category_is_not_found(uow, admin):
    with pytest.raises(errors.NotFound):
        console.remove_category(uow, actor(admin), 999)
