"""Co-owners manage a project as its owner does; only the owner and admins change who owns
it; and every change of a project's settings is in its audit log, in the same commit."""

import pytest

from pybossa_core import audit, errors, permissions
from pybossa_core.entity import Changes
from pybossa_core.permissions import READ, UPDATE
from pybossa_core.use_cases import audit_log, coowners, projects
from pybossa_core.users import ANONYMOUS

from .builders import LATER, NOW, a_project, a_user, actor, an_admin
from .fakes import FakeFileStorage


@pytest.fixture
def coowner(uow):
    return a_user(uow)


@pytest.fixture
def shared(uow, owner, coowner):
    project = a_project(uow, owner)
    assert coowners.add_coowner(uow, project.short_name, coowner.name, actor(owner), NOW)
    return project


def test_a_coowner_may_do_what_the_owner_may_and_sees_the_secrets(shared, owner, coowner):
    assert shared.owners_ids == [owner.id, coowner.id]
    for action in (READ, UPDATE):
        assert permissions.can(actor(coowner), action, "project", shared)
    # but deleting the project, like handing it over, is the owner's (and admins') alone
    assert not permissions.can(actor(coowner), permissions.DELETE, "project", shared)
    assert permissions.can(actor(coowner), UPDATE, "task", project=shared)
    assert permissions.sees_secrets(actor(coowner), shared)
    assert permissions.sees_gold(actor(coowner), shared)
    assert permissions.hidden_fields(actor(coowner), "project", shared) == permissions.NOTHING


def test_someone_else_reads_only_the_published_project(uow, shared, someone):
    assert not permissions.can(actor(someone), READ, "project", shared)
    assert not permissions.can(actor(someone), UPDATE, "project", shared)
    assert not permissions.sees_secrets(actor(someone), shared)


def test_only_the_owner_and_admins_manage_the_owners(uow, shared, owner, coowner, someone):
    admin = an_admin(uow)
    permissions.ensure_manages_owners(actor(owner), shared)
    permissions.ensure_manages_owners(actor(admin), shared)
    with pytest.raises(errors.Forbidden):
        permissions.ensure_manages_owners(actor(coowner), shared)
    with pytest.raises(errors.AuthenticationRequired):
        permissions.ensure_manages_owners(ANONYMOUS, shared)
    with pytest.raises(errors.Forbidden):
        coowners.add_coowner(uow, shared.short_name, someone.name, actor(coowner), NOW)
    assert shared.owners_ids == [owner.id, coowner.id]


def test_the_owner_is_never_removed_and_adding_an_owner_again_changes_nothing(
    uow, shared, owner, coowner
):
    with pytest.raises(errors.Forbidden):
        coowners.remove_coowner(uow, shared.short_name, owner.name, actor(owner), NOW)
    assert not coowners.add_coowner(uow, shared.short_name, owner.name, actor(owner), NOW)
    assert not coowners.add_coowner(uow, shared.short_name, coowner.name, actor(owner), NOW)
    assert shared.owners_ids == [owner.id, coowner.id]
    with pytest.raises(errors.NotFound):
        coowners.add_coowner(uow, shared.short_name, "nobody", actor(owner), NOW)


def test_my_projects_include_the_coowned_ones(uow, shared, coowner, someone):
    assert [p.id for p in uow.projects.owned_by(coowner.id)] == [shared.id]
    assert uow.projects.owned_by(someone.id) == []


def test_handing_a_project_over_leaves_the_new_owner_alone(uow, shared, owner, coowner):
    new_owner = a_user(uow)
    _, refused = coowners.transfer_ownership(
        uow, shared.short_name, new_owner.email_addr.upper(), actor(owner), LATER
    )
    assert refused is None
    assert (shared.owner_id, shared.owners_ids) == (new_owner.id, [new_owner.id])
    assert not shared.is_owned_by(owner.id) and not shared.is_owned_by(coowner.id)
    _, refused = coowners.transfer_ownership(
        uow, shared.short_name, "nobody@example.org", actor(new_owner), LATER
    )
    assert refused.problems == {"email_addr": [coowners.NO_SUCH_USER]}
    assert shared.owner_id == new_owner.id


def test_each_change_is_logged_with_who_made_it_and_the_values_as_text(uow, owner):
    project = a_project(uow, owner, info={"sched": "default", "old": 1})
    described = project.description
    changes = Changes({"description": "new", "info": {"sched": "breadth_first", "n": [1]}})
    projects.update_project(uow, project.id, changes, actor(owner), LATER, caller=audit.WEB)
    entries = uow.audit_log.for_project(project.id, 0, 10)
    logged = [(e.action, e.attribute, e.old_value, e.new_value) for e in reversed(entries)]
    assert logged == [
        ("update", "description", described, "new"),
        ("create", "info.n", "N/A", "[1]"),
        ("delete", "info.old", "1", "N/A"),
        ("update", "info.sched", "default", "breadth_first"),
    ]
    assert {(e.user_id, e.user_name, e.caller, e.created) for e in entries} == {
        (owner.id, owner.name, audit.WEB, LATER)
    }
    assert uow.audit_log.count_for_project(project.id) == 4


def test_a_commit_refuses_a_project_change_nobody_logged(uow, owner):
    project = a_project(uow, owner)
    with uow:
        project.change(Changes({"description": "unlogged"}), LATER)
        with pytest.raises(RuntimeError, match="not audited"):
            uow.commit()
    assert uow.projects.get(project.id).description != "unlogged"
    assert uow.audit_log.count_for_project(project.id) == 0


def test_a_refused_change_logs_nothing(uow, owner):
    project = a_project(uow, owner)
    with pytest.raises(errors.InvalidInput):
        projects.update_project(
            uow, project.id, Changes({"short_name": "bad name!"}), actor(owner), LATER
        )
    assert uow.audit_log.count_for_project(project.id) == 0
    assert not uow.projects.get(project.id).has_unstaged_changes()


def test_the_log_is_read_by_owners_and_admins_only(uow, shared, coowner, someone):
    page = audit_log.project_log(uow, shared.short_name, actor(coowner), offset=0, limit=500)
    assert [e.attribute for e in page.entries] == ["coowners"] and page.total == 1
    with pytest.raises(errors.Forbidden):
        audit_log.project_log(uow, shared.short_name, actor(someone), offset=0, limit=10)


def test_deleting_a_project_deletes_its_log(uow, shared, owner):
    projects.delete_project(uow, shared.id, actor(owner), storage=FakeFileStorage())
    assert uow.audit_log.rows == {}


def test_a_search_finds_the_named_users_however_many_addresses_match(uow, shared, owner):
    for n in range(coowners.MAX_FOUND * 5 + 1):  # more than a search reads, sorted first
        a_user(uow, name=f"a{n:03}", fullname="Someone", email_addr=f"ann{n}@example.com")
    named = a_user(uow, name="zanne", fullname="Zanne")
    page = coowners.owners_page(uow, shared.short_name, actor(owner), search="ANN")
    assert [user.id for user in page.found] == [named.id]
