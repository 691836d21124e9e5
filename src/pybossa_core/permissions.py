"""Who may do what, and who sees what: one rule per (entity kind, action), as PYBOSSA
decides it, and one place deciding which objects and fields each reader is shown."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from pybossa_core import errors
from pybossa_core.users import Actor
from pybossa_core.volunteers import Volunteer

READ, CREATE, UPDATE, DELETE = "read", "create", "update", "delete"
# Taking part in a project's volunteer loop: being served its tasks, answering them, asking
# for one's progress. Not READ: a draft's project object stays hidden while its tasks are open.
CONTRIBUTE = "contribute"


def can(actor: Actor, action: str, kind: str, obj: Any = None, project: Any = None) -> bool:
    """True when `actor` may apply `action` to `obj` (of `kind`, inside `project` if any)."""
    if actor.admin:
        return True
    rule = _RULES.get(kind)
    return rule is not None and rule(actor, action, obj, project)


def ensure(actor: Actor, action: str, kind: str, obj: Any = None, project: Any = None) -> None:
    """Raise AuthenticationRequired (anonymous) or Forbidden (known caller) unless allowed."""
    if can(actor, action, kind, obj, project):
        return
    if not actor.authenticated:
        raise errors.AuthenticationRequired("Authentication required", kind)
    raise errors.Forbidden("You don't have the permission to access the requested resource.", kind)


def ensure_authenticated(actor: Actor, kind: str) -> None:
    """Raise AuthenticationRequired for anonymous callers."""
    if not actor.authenticated:
        raise errors.AuthenticationRequired("Authentication required", kind)


def ensure_may_answer(project: Any, volunteer: Volunteer) -> None:
    """A project that takes answers from signed-in volunteers only refuses an anonymous one
    (one known by IP); a user or an app's external volunteer may answer."""
    if volunteer.user_ip is not None and not project.allow_anonymous_contributors:
        raise errors.AuthenticationRequired(
            "This project accepts answers from signed-in volunteers only", "project"
        )


def sees_secrets(actor: Actor, project: Any) -> bool:
    """Only a project's owners (its owner and co-owners: Project.is_owned_by) see its secret
    key and settings (admins see settings too)."""
    return project.is_owned_by(actor.user_id)


def sees_settings(actor: Actor, project: Any) -> bool:
    return actor.admin or project.is_owned_by(actor.user_id)


def sees_gold(actor: Actor, project: Any) -> bool:
    """A project's gold answers and its volunteers' gold scores: its owner's and admins'.

    Whoever may write a task of the project passes this too (responders to writes rely on
    it); volunteers never do, not even through their own answers' scores."""
    return actor.admin or (project is not None and project.is_owned_by(actor.user_id))


def ensure_sees_gold(actor: Actor, project: Any) -> None:
    """Raise AuthenticationRequired (anonymous) or Forbidden unless sees_gold."""
    if sees_gold(actor, project):
        return
    ensure_authenticated(actor, "project")
    raise errors.Forbidden("Only the project's owner and admins see its gold answers", "project")


def ensure_manages_owners(actor: Actor, project: Any) -> None:
    """Only the owner (not a co-owner) and admins add or remove co-owners and hand the
    project over to another user."""
    if actor.admin or project.is_the_owner(actor.user_id):
        return
    ensure_authenticated(actor, "project")
    raise errors.Forbidden("Only the project's owner and admins manage its owners", "project")


# -- Visibility: which objects a reader is shown, and which of their fields ---------------
#
# Every field of a kind's output is public unless it is named below, with who sees it.

NOTHING: frozenset[str] = frozenset()
# A project's secret key is its owner's alone (admins' neither); its settings, its owner's
# and admins'.
PROJECT_SECRETS = frozenset({"secret_key"})
PROJECT_SETTINGS = frozenset(
    {"webhook", "allow_anonymous_contributors", "published", "zip_download", "contacted"}
)
# A task's gold answers (and the key deduplicating its import) and a task run's gold score:
# for those who see its project's gold (sees_gold).
GOLD = {"task": frozenset({"gold_answers", "dedupe_key"}), "taskrun": frozenset({"gold_score"})}
# A user's e-mail address is theirs alone; their account (info, flags) theirs and admins';
# who they are (id, since when, full name) everyone's unless their privacy mode is on.
USER_CONTACT = frozenset({"email_addr"})
USER_ACCOUNT = frozenset({"info", "privacy_mode", "admin"})
USER_IDENTITY = frozenset({"id", "created", "fullname"})
# The keys of a user's `info` that account pages show others (the owner sees all of it).
USER_PUBLIC_INFO = ("avatar", "container")
# What a user's export of their own data leaves out: their credentials (the password hash,
# the api key), their projects' secret keys, and each of their answers' gold score, which
# would give the gold answers away. OAuth tokens in `info` stay out too (OAUTH_TOKEN_KEYS).
LEFT_OUT_OF_OWN_EXPORT = {
    "user": frozenset({"passwd_hash", "api_key"}),
    "project": PROJECT_SECRETS,
    "taskrun": GOLD["taskrun"],
}

PRIVATE_FIELDS = {
    "category": NOTHING,
    "result": NOTHING,
    "helpingmaterial": NOTHING,
    "announcement": NOTHING,
    "blogpost": NOTHING,
    "page": NOTHING,
    "project": PROJECT_SECRETS | PROJECT_SETTINGS,
    "task": GOLD["task"],
    "taskrun": GOLD["taskrun"],
    "user": USER_CONTACT | USER_ACCOUNT | USER_IDENTITY,
}
_USER_PUBLIC_HIDES = USER_CONTACT | USER_ACCOUNT

# How an object of each kind is a user's own, for lists of their own objects: as its owner,
# as the owner of its project, as its author. Categories and users are nobody's.
OWNER, PROJECT_OWNER, AUTHOR = "owner", "project owner", "author"
OWNED_THROUGH = {
    "project": (OWNER,),
    "task": (PROJECT_OWNER,),
    "result": (PROJECT_OWNER,),
    "helpingmaterial": (PROJECT_OWNER,),
    "taskrun": (AUTHOR, PROJECT_OWNER),
    "blogpost": (PROJECT_OWNER,),
    "page": (PROJECT_OWNER,),
}
# Kinds whose objects are shown only where their project is (published projects, and the
# drafts of their owners), and kinds whose unpublished objects are shown only to admins and
# to their owners of the ways named.
SHOWN_WITH_PROJECT = frozenset({"blogpost", "page"})
UNPUBLISHED_SHOWN_TO: dict[str, tuple[str, ...]] = {
    "announcement": (),
    "blogpost": (PROJECT_OWNER,),
}


def shows_identity(user: Any, on_profile: bool = False) -> bool:
    """Others see who a user is (id, since when, full name) unless their privacy mode is on;
    the user's own profile page shows it whatever the mode, as PYBOSSA's does (lists of
    users, such as the community and the front page, follow the mode)."""
    return on_profile or not user.privacy_mode


def hidden_fields(actor: Actor, kind: str, obj: Any, *, gold: bool = False) -> frozenset[str]:
    """The fields of `obj` (of `kind`) that `actor` is not shown.

    `gold` is sees_gold for the object's project, asked once per project of a list. The
    answer is one of a few constant sets, so that a renderer can prepare each once.
    """
    if kind == "project":
        if sees_secrets(actor, obj):
            return NOTHING
        return PROJECT_SECRETS if sees_settings(actor, obj) else PRIVATE_FIELDS["project"]
    if kind == "user":
        if actor.user_id == obj.id:
            return NOTHING
        if actor.admin:
            return USER_CONTACT
        return _USER_PUBLIC_HIDES if shows_identity(obj) else PRIVATE_FIELDS["user"]
    if kind in GOLD and not gold:
        return GOLD[kind]
    return NOTHING


def hidden_from_writer(actor: Actor, kind: str, obj: Any) -> frozenset[str]:
    """What the answer to a create or update hides from the caller who wrote `obj`: what it
    hides from any reader, but not gold, since only those who see a project's gold (its
    owner and admins) may write its tasks. An answer is corrected by its author, a
    volunteer: its gold score stays hidden, as the volunteer loop hides it."""
    if kind == "taskrun":
        return hidden_from_volunteer(actor, kind, obj)
    return hidden_fields(actor, kind, obj, gold=True)


def hidden_from_volunteer(actor: Actor, kind: str, obj: Any) -> frozenset[str]:
    """What the volunteer loop (a task served, the answer to one's answer) hides: gold too,
    whoever volunteers, owners and admins included, so that answering never shows it."""
    return hidden_fields(actor, kind, obj, gold=False)


@dataclass(frozen=True)
class ListScope:
    """Which objects of a kind a list shows its reader, and what it may be queried by."""

    owner_scope: int | None  # only this user's own objects (OWNED_THROUGH)
    draft_viewer: int | None  # this user's draft projects are listed with the published
    include_drafts: bool  # every draft project is listed
    # Fields some object of the list may hide from the reader: filtering, ordering or
    # searching by one would tell it through the answer's order or count.
    unqueryable: frozenset[str]


def list_scope(actor: Actor, kind: str, everything: bool) -> ListScope:
    """A signed-in reader lists their own objects unless they ask for `everything` (their
    projects: those they own or co-own); drafts are listed to their owners (and every draft
    to admins). Admins may query by every field
    (they see e-mail addresses in the admin console); a list of one's own projects shows
    all their fields."""
    owner = (
        actor.user_id if actor.authenticated and not everything and kind in OWNED_THROUGH else None
    )
    sees_all = actor.admin or (kind == "project" and owner is not None)
    return ListScope(
        owner_scope=owner,
        draft_viewer=actor.user_id,
        include_drafts=actor.admin,
        unqueryable=NOTHING if sees_all else PRIVATE_FIELDS[kind],
    )


def ensure_queryable(scope: ListScope, kind: str, queried: Collection[str]) -> None:
    """Forbidden when a list is filtered, ordered or searched by a field it may hide."""
    hidden = sorted(scope.unqueryable.intersection(queried))
    if hidden:
        raise errors.Forbidden(f"You may not filter, order or search {kind} by {hidden[0]}", kind)


def _category(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    return action == READ


def _project(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """A draft is unlisted, not closed (as in PYBOSSA): only its owners (and admins) read the
    project object, but anyone may contribute to it as to a published project. Whether an
    anonymous caller's answers are welcome is the project's allow_anonymous_contributors,
    which the loop checks once it knows who the volunteer is. Co-owners change the
    project as its owner does, but deleting it, like handing it over, is its owner's alone
    (and admins'): a co-owner cannot take the owner's project away."""
    if action == CONTRIBUTE:
        return True
    if action == READ:
        return obj.published or obj.is_owned_by(actor.user_id)
    if action == CREATE:
        return actor.authenticated
    if action == DELETE:
        return obj.is_the_owner(actor.user_id)
    return obj.is_owned_by(actor.user_id)


def _project_part(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """Tasks, results and helping materials: public to read, the project owners' to change."""
    return action == READ or (project is not None and project.is_owned_by(actor.user_id))


def _announcement(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """Published announcements are everyone's to read; admins write them."""
    return action == READ and obj.published


def _blog_post(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """A project's owners write its posts and read its drafts; others read its published
    posts where they may read the project."""
    if _owns_project(actor, project):
        return True
    return action == READ and obj.published and project is not None and project.published


def _page(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """A project's pages: read where the project is, written by its owners."""
    if _owns_project(actor, project):
        return True
    return action == READ and project is not None and project.published


def _owns_project(actor: Actor, project: Any) -> bool:
    return project is not None and project.is_owned_by(actor.user_id)


def _task_run(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """Anyone reads and answers; an answer's author corrects it (UPDATE: its info, as
    PYBOSSA lets a volunteer); its author or the project's owner deletes it."""
    if action in (READ, CREATE):
        return True
    if action == UPDATE:
        return obj.is_by(actor.user_id)
    if action == DELETE:
        return obj.is_by(actor.user_id) or (
            project is not None and project.is_owned_by(actor.user_id)
        )
    return False


def _user(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    return action == READ


_RULES = {
    "category": _category,
    "project": _project,
    "task": _project_part,
    "result": _project_part,
    "helpingmaterial": _project_part,
    "announcement": _announcement,
    "blogpost": _blog_post,
    "page": _page,
    "taskrun": _task_run,
    "user": _user,
}
