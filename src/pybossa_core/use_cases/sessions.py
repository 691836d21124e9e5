"""Browser sessions: which user a signed session cookie stands for, and ending sessions."""

from pybossa_core.ports import AbstractUnitOfWork, SessionRevocations
from pybossa_core.use_cases import account_checks
from pybossa_core.users import Actor, User


def actor_for_session(
    uow: AbstractUnitOfWork,
    user_id: int,
    generation: int | None,
    session_id: str | None,
    ip: str | None,
    *,
    revocations: SessionRevocations,
) -> Actor | None:
    """The signed-in actor, or None when the session was signed out, the user is gone or
    has ended their sessions since (sign out everywhere, a new password or api key ...)."""
    if not session_id or revocations.is_revoked(session_id):
        return None
    with uow:
        user = uow.users.get(user_id)
        if user is None or generation != user.session_generation:
            return None
        return Actor.for_user(user, ip)


def sign_out(session_id: str | None, *, revocations: SessionRevocations, ttl_seconds: int) -> None:
    """End one session server-side: its cookie no longer signs anyone in, even if kept."""
    if session_id:
        revocations.revoke(session_id, ttl_seconds)


def sign_out_everywhere(uow: AbstractUnitOfWork, actor: Actor, name: str) -> User:
    """End every session of the user called `name` (the user, or an admin, asks)."""
    with uow:
        user = account_checks.own_account(uow, actor, name)
        user.end_sessions()
        uow.commit()
        return user
