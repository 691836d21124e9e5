"""The permission table: who may read, create, update and delete each kind of object."""

import pytest

from pybossa_core import errors, permissions
from pybossa_core.permissions import CONTRIBUTE, CREATE, DELETE, READ, UPDATE
from pybossa_core.projects import Coowner, Project
from pybossa_core.publications import Announcement, BlogPost, Page
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Task
from pybossa_core.users import ANONYMOUS, Actor, User
from pybossa_core.volunteers import Volunteer

from .builders import NOW

OWNER, AUTHOR, SOMEONE = Actor(user_id=1), Actor(user_id=2), Actor(user_id=3)
ADMIN = Actor(user_id=9, admin=True)
ACTORS = {
    "anonymous": ANONYMOUS,
    "someone": SOMEONE,
    "author": AUTHOR,
    "owner": OWNER,
    "admin": ADMIN,
}
ACTIONS = (READ, CREATE, UPDATE, DELETE)


def project(published: bool) -> Project:
    return Project(
        name="P",
        short_name="p",
        description="",
        owner_id=1,
        category_id=1,
        secret_key="s",
        created=NOW,
        updated=NOW,
        published=published,
        id=1,
    )


DRAFT, PUBLISHED = project(False), project(True)
TASK = Task(project_id=1, created=NOW, id=1)
RUN = TaskRun(project_id=1, task_id=1, created=NOW, finish_time=NOW, user_id=2, id=1)
NEWS = Announcement(title="t", body="b", created=NOW, updated=NOW, published=True, id=1)
UNANNOUNCED = Announcement(title="t", body="b", created=NOW, updated=NOW, id=2)
POST = BlogPost(project_id=1, title="t", body="b", created=NOW, updated=NOW, published=True, id=1)
DRAFT_POST = BlogPost(project_id=1, title="t", body="b", created=NOW, updated=NOW, id=2)
PAGE = Page(project_id=1, slug="about", created=NOW, id=1)
OWNER_ONLY = {"anonymous": set(), "someone": set(), "author": set(), "owner": set(ACTIONS)}
EVERYONE_READS = {"anonymous": {READ}, "someone": {READ}, "author": {READ}, "owner": set(ACTIONS)}

# kind, object, project -> for each actor, the actions allowed.
TABLE = [
    (
        "category",
        None,
        None,
        {"anonymous": {READ}, "someone": {READ}, "author": {READ}, "owner": {READ}},
    ),
    (
        "project",
        DRAFT,
        None,
        {
            "anonymous": set(),
            "someone": {CREATE},
            "author": {CREATE},
            "owner": {READ, CREATE, UPDATE, DELETE},
        },
    ),
    (
        "project",
        PUBLISHED,
        None,
        {
            "anonymous": {READ},
            "someone": {READ, CREATE},
            "author": {READ, CREATE},
            "owner": {READ, CREATE, UPDATE, DELETE},
        },
    ),
    (
        "task",
        TASK,
        DRAFT,
        {
            "anonymous": {READ},
            "someone": {READ},
            "author": {READ},
            "owner": {READ, CREATE, UPDATE, DELETE},
        },
    ),
    (
        "result",
        None,
        PUBLISHED,
        {
            "anonymous": {READ},
            "someone": {READ},
            "author": {READ},
            "owner": {READ, CREATE, UPDATE, DELETE},
        },
    ),
    (
        "helpingmaterial",
        None,
        PUBLISHED,
        {
            "anonymous": {READ},
            "someone": {READ},
            "author": {READ},
            "owner": {READ, CREATE, UPDATE, DELETE},
        },
    ),
    (
        "taskrun",
        RUN,
        PUBLISHED,
        {
            "anonymous": {READ, CREATE},
            "someone": {READ, CREATE},
            "author": {READ, CREATE, UPDATE, DELETE},
            "owner": {READ, CREATE, DELETE},
        },
    ),
    ("announcement", NEWS, None, {who: {READ} for who in ("anonymous", "someone", "owner")}),
    ("announcement", UNANNOUNCED, None, {who: set() for who in ("anonymous", "someone", "owner")}),
    ("blogpost", POST, PUBLISHED, EVERYONE_READS),
    ("blogpost", DRAFT_POST, PUBLISHED, OWNER_ONLY),
    ("blogpost", POST, DRAFT, OWNER_ONLY),
    ("page", PAGE, PUBLISHED, EVERYONE_READS),
    ("page", PAGE, DRAFT, OWNER_ONLY),
    (
        "user",
        None,
        None,
        {"anonymous": {READ}, "someone": {READ}, "author": {READ}, "owner": {READ}},
    ),
]
CASES = [
    (kind, obj, proj, who, action, action in allowed[who])
    for kind, obj, proj, allowed in TABLE
    for who in allowed
    for action in ACTIONS
]


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
    assert caught.value.message == (
        "You don't have the permission to access the requested resource."
    )


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


# -- visibility -------------------------------------------------------------------------------


def user(privacy_mode: bool) -> User:
    """The user AUTHOR is."""
    return User(
        name="u",
        fullname="U",
        email_addr="u@x",
        api_key="k",
        created=NOW,
        privacy_mode=privacy_mode,
        id=2,
    )


USER_PUBLIC = {"name", "locale"}
USER_FIELDS = USER_PUBLIC | permissions.PRIVATE_FIELDS["user"]


def shown(actor, kind, obj, fields, **given):
    return set(fields) - permissions.hidden_fields(actor, kind, obj, **given)


@pytest.mark.parametrize(
    "who, private, expected",
    [
        ("anonymous", True, USER_PUBLIC),
        ("someone", True, USER_PUBLIC),
        ("anonymous", False, USER_PUBLIC | {"id", "created", "fullname"}),
        ("someone", False, USER_PUBLIC | {"id", "created", "fullname"}),
        ("author", True, USER_FIELDS),
        ("author", False, USER_FIELDS),
        ("admin", True, USER_FIELDS - {"email_addr"}),
        ("admin", False, USER_FIELDS - {"email_addr"}),
    ],
)
def test_a_user_shows_others_what_their_privacy_mode_allows(who, private, expected):
    assert shown(ACTORS[who], "user", user(private), USER_FIELDS) == expected


def test_privacy_mode_hides_who_a_user_is_from_account_pages_too():
    assert permissions.shows_identity(user(privacy_mode=False))
    assert not permissions.shows_identity(user(privacy_mode=True))


PROJECT_PRIVATE = permissions.PRIVATE_FIELDS["project"]


@pytest.mark.parametrize("proj", [DRAFT, PUBLISHED], ids=["draft", "published"])
@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", set()),
        ("someone", set()),
        ("admin", PROJECT_PRIVATE - {"secret_key"}),
        ("owner", PROJECT_PRIVATE),
    ],
)
def test_a_projects_secret_key_is_its_owners_and_its_settings_also_admins(who, expected, proj):
    assert shown(ACTORS[who], "project", proj, PROJECT_PRIVATE) == expected


@pytest.mark.parametrize("kind, obj", [("task", TASK), ("taskrun", RUN)])
@pytest.mark.parametrize("who", ACTORS)
def test_gold_is_shown_exactly_to_whom_sees_the_projects_gold(who, kind, obj):
    gold = permissions.GOLD[kind]
    sees_gold = permissions.sees_gold(ACTORS[who], DRAFT)
    assert shown(ACTORS[who], kind, obj, gold, gold=sees_gold) == (gold if sees_gold else set())
    assert sees_gold is (who in ("owner", "admin"))


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_the_writer_of_a_task_sees_its_gold_in_the_answer(who):
    assert permissions.hidden_from_writer(ACTORS[who], "task", TASK) == set()


@pytest.mark.parametrize("who", ACTORS)
def test_the_volunteer_loop_hides_gold_from_everyone(who):
    assert permissions.hidden_from_volunteer(ACTORS[who], "task", TASK) == {
        "gold_answers",
        "dedupe_key",
    }
    assert permissions.hidden_from_volunteer(ACTORS[who], "taskrun", RUN) == {"gold_score"}


@pytest.mark.parametrize("kind", ["category", "result", "helpingmaterial"])
def test_some_kinds_hide_nothing_from_anyone(kind):
    assert all(permissions.hidden_fields(a, kind, None) == set() for a in ACTORS.values())


def test_a_signed_in_reader_lists_their_own_objects_unless_they_ask_for_everything():
    assert permissions.list_scope(OWNER, "task", everything=False).owner_scope == OWNER.user_id
    assert permissions.list_scope(OWNER, "task", everything=True).owner_scope is None
    assert permissions.list_scope(ANONYMOUS, "task", everything=False).owner_scope is None
    for kind in ("category", "user"):  # nobody's own
        assert permissions.list_scope(OWNER, kind, everything=False).owner_scope is None


@pytest.mark.parametrize(
    "who, viewer, every_draft",
    [
        ("anonymous", None, False),
        ("someone", 3, False),
        ("owner", 1, False),
        ("admin", 9, True),
    ],
)
def test_drafts_are_listed_to_their_owner_and_every_draft_to_admins(who, viewer, every_draft):
    scope = permissions.list_scope(ACTORS[who], "project", everything=True)
    assert (scope.draft_viewer, scope.include_drafts) == (viewer, every_draft)


@pytest.mark.parametrize("kind", sorted(permissions.PRIVATE_FIELDS))
@pytest.mark.parametrize("who", ["anonymous", "someone"])
def test_a_list_may_not_be_queried_by_what_it_may_hide(who, kind):
    scope = permissions.list_scope(ACTORS[who], kind, everything=True)
    assert scope.unqueryable == permissions.PRIVATE_FIELDS[kind]
    for field in scope.unqueryable:
        with pytest.raises(errors.Forbidden):
            permissions.ensure_queryable(scope, kind, {field})


def test_admins_and_a_list_of_ones_own_projects_may_be_queried_by_every_field():
    assert permissions.list_scope(ADMIN, "user", everything=True).unqueryable == set()
    own = permissions.list_scope(OWNER, "project", everything=False)
    assert own.unqueryable == set()
    permissions.ensure_queryable(own, "project", {"secret_key", "published"})
    mine_and_others = permissions.list_scope(OWNER, "project", everything=True)
    assert "published" in mine_and_others.unqueryable


# -- who may answer -----------------------------------------------------------------------------


def _closed_to_anonymous() -> Project:
    closed = project(published=True)
    closed.allow_anonymous_contributors = False
    return closed


def test_a_project_closed_to_anonymous_volunteers_refuses_one_known_by_ip():
    with pytest.raises(errors.AuthenticationRequired):
        permissions.ensure_may_answer(_closed_to_anonymous(), Volunteer(user_ip="anon-1"))


@pytest.mark.parametrize("volunteer", [Volunteer(user_id=7), Volunteer(external_uid="app-user-1")])
def test_a_user_or_an_apps_volunteer_may_answer_a_project_closed_to_anonymous(volunteer):
    assert permissions.ensure_may_answer(_closed_to_anonymous(), volunteer) is None


def test_an_open_project_takes_anonymous_answers():
    project = _closed_to_anonymous()
    project.allow_anonymous_contributors = True
    assert permissions.ensure_may_answer(project, Volunteer(user_ip="anon-1")) is None


def test_a_private_users_profile_page_shows_who_they_are_and_lists_do_not():
    private = user(privacy_mode=True)
    assert permissions.shows_identity(private, on_profile=True)
    assert not permissions.shows_identity(private)


def test_a_coowner_changes_the_project_but_only_its_owner_or_an_admin_deletes_it():
    shared = project(published=True)
    shared.coowners = [Coowner(user_id=SOMEONE.user_id, project_id=shared.id)]
    assert permissions.can(SOMEONE, UPDATE, "project", shared)
    assert not permissions.can(SOMEONE, DELETE, "project", shared)
    assert permissions.can(OWNER, DELETE, "project", shared)
    assert permissions.can(ADMIN, DELETE, "project", shared)
