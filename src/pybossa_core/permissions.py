"""Who may do what: one rule per (entity kind, action), as PYBOSSA decides it."""
from typing import Any

from pybossa_core import errors
from pybossa_core.users import Actor

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
    raise errors.Forbidden("You don't have the permission to access the requested resource.",
                           kind)


def ensure_authenticated(actor: Actor, kind: str) -> None:
    """Raise AuthenticationRequired for anonymous callers."""
    if not actor.authenticated:
        raise errors.AuthenticationRequired("Authentication required", kind)


def sees_secrets(actor: Actor, project: Any) -> bool:
    """Only a project's owner sees its secret key and settings (admins see settings too)."""
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
    raise errors.Forbidden("Only the project's owner and admins see its gold answers",
                           "project")


def _category(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    return action == READ


def _project(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """A draft is unlisted, not closed (as in PYBOSSA): only its owner (and admins) read the
    project object, but anyone may contribute to it as to a published project. Whether an
    anonymous caller's answers are welcome is the project's allow_anonymous_contributors,
    which the loop checks once it knows who the volunteer is."""
    if action == CONTRIBUTE:
        return True
    if action == READ:
        return obj.published or obj.is_owned_by(actor.user_id)
    if action == CREATE:
        return actor.authenticated
    return obj.is_owned_by(actor.user_id)


def _project_part(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    """Tasks, results and helping materials: public to read, the project owner's to change."""
    return action == READ or (project is not None and project.is_owned_by(actor.user_id))


def _task_run(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    if action in (READ, CREATE):
        return True
    if action == DELETE:
        return obj.is_by(actor.user_id) or (project is not None
                                            and project.is_owned_by(actor.user_id))
    return False


def _user(actor: Actor, action: str, obj: Any, project: Any) -> bool:
    return action == READ


_RULES = {
    "category": _category,
    "project": _project,
    "task": _project_part,
    "result": _project_part,
    "helpingmaterial": _project_part,
    "taskrun": _task_run,
    "user": _user,
}
