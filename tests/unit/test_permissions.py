"""The permission table: who may read, create, update and delete each kind of object."""
import pytest

from pybossa_core import errors, permissions
from pybossa_core.permissions import CONTRIBUTE, CREATE, DELETE, READ, UPDATE
from pybossa_core.projects import Project
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Task
from pybossa_core.users import ANONYMOUS, Actor

from .builders import NOW

OWNER, AUTHOR, SOMEONE = Actor(user_id=1), Actor(user_id=2), Actor(user_id=3)
ADMIN = Actor(user_id=9, admin=True)
ACTORS = {"anonymous": ANONYMOUS, "someone": SOMEONE, "author": AUTHOR, "owner": OWNER,
          "admin": ADMIN}
ACTIONS = (READ, CREATE, UPDATE, DELETE)


def project(published: bool) -> Project:
    return Project(name="P", short_name="p", description="", owner_id=1, category_id=1,
                   secret_key="s", created=NOW, updated=NOW, published=published, id=1)


DRAFT, PUBLISHED = project(False), project(True)
TASK = Task(project_id=1, created=NOW, id=1)
RUN = TaskRun(project_id=1, task_id=1, created=NOW, finish_time=NOW, user_id=2, id=1)

# kind, object, project -> for each actor, the actions allowed.
TABLE = [
    ("category", None, None, {
        "anonymous": {READ}, "someone": {READ}, "author": {READ}, "owner": {READ}}),
    ("project", DRAFT, None, {
        "anonymous": set(), "someone": {CREATE}, "author": {CREATE},
        "owner": {READ, CREATE, UPDATE, DELETE}}),
    ("project", PUBLISHED, None, {
        "anonymous": {READ}, "someone": {READ, CREATE}, "author": {READ, CREATE},
        "owner": {READ, CREATE, UPDATE, DELETE}}),
    ("task", TASK, DRAFT, {
        "anonymous": {READ}, "someone": {READ}, "author": {READ},
        "owner": {READ, CREATE, UPDATE, DELETE}}),
    ("result", None, PUBLISHED, {
        "anonymous": {READ}, "someone": {READ}, "author": {READ},
        "owner": {READ, CREATE, UPDATE, DELETE}}),
    ("helpingmaterial", None, PUBLISHED, {
        "anonymous": {READ}, "someone": {READ}, "author": {READ},
        "owner": {READ, CREATE, UPDATE, DELETE}}),
    ("taskrun", RUN, PUBLISHED, {
        "anonymous": {READ, CREATE}, "someone": {READ, CREATE},
        "author": {READ, CREATE, DELETE}, "owner": {READ, CREATE, DELETE}}),
    ("user", None, None, {
        "anonymous": {READ}, "someone": {READ}, "author": {READ}, "owner": {READ}}),
]
CASES = [(kind, obj, proj, who, action, action in allowed[who])
         for kind, obj, proj, allowed in TABLE for who in allowed for action in ACTIONS]


@pytest.mark.parametrize("kind, obj, proj, who, action, expected", CASES)
def test_the_permission_table(kind, obj, proj, who, action, expected):
    assert permissions.can(ACTORS[who], action, kind, obj, proj) is expected


@pytest.mark.parametrize("kind, obj, proj", [(k, o, p) for k, o, p, _ in TABLE])
@pytest.mark.parametrize("action", ACTIONS)
def test_an_admin_may_do_anything(kind, obj, proj, action):
    assert permissions.can(ADMIN, action, kind, obj, proj)


@pytest.mark.parametrize("proj", [DRAFT, PUBLISHED], ids=["draft", "published"])
@pytest.mark.parametrize("who", ACTORS)
def test_anyone_may_contribute_to_a_draft_as_to_a_published_project(who, proj):
    assert permissions.can(ACTORS[who], CONTRIBUTE, "project", proj)


def test_contributing_to_a_draft_does_not_make_its_project_readable():
    for who in (ANONYMOUS, SOMEONE, AUTHOR):
        assert permissions.can(who, CONTRIBUTE, "project", DRAFT)
        assert not permissions.can(who, READ, "project", DRAFT)


def test_nobody_but_an_admin_may_touch_an_unknown_kind():
    assert not permissions.can(OWNER, READ, "nothing")
    assert permissions.can(ADMIN, READ, "nothing")


def test_a_part_of_a_project_needs_the_project_to_be_changed():
    assert not permissions.can(OWNER, UPDATE, "task", TASK, None)


def test_ensure_lets_an_allowed_caller_through():
    assert permissions.ensure(OWNER, UPDATE, "project", DRAFT) is None


def test_ensure_asks_an_anonymous_caller_to_sign_in():
    with pytest.raises(errors.AuthenticationRequired) as caught:
        permissions.ensure(ANONYMOUS, READ, "project", DRAFT)
    assert caught.value.target == "project"


def test_ensure_forbids_a_known_caller():
    with pytest.raises(errors.Forbidden) as caught:
        permissions.ensure(SOMEONE, READ, "project", DRAFT)
    assert caught.value.message == ("You don't have the permission to access the requested "
                                    "resource.")


def test_ensure_authenticated_refuses_only_anonymous_callers():
    permissions.ensure_authenticated(SOMEONE, "task")
    with pytest.raises(errors.AuthenticationRequired):
        permissions.ensure_authenticated(Actor(ip="10.0.0.1"), "task")


def test_only_the_owner_sees_a_projects_secrets():
    assert permissions.sees_secrets(OWNER, DRAFT)
    assert not permissions.sees_secrets(ADMIN, DRAFT)
    assert not permissions.sees_secrets(SOMEONE, DRAFT)


def test_the_owner_and_admins_see_a_projects_settings():
    assert permissions.sees_settings(OWNER, DRAFT)
    assert permissions.sees_settings(ADMIN, DRAFT)
    assert not permissions.sees_settings(SOMEONE, DRAFT)
    assert not permissions.sees_settings(ANONYMOUS, DRAFT)
