"""Browser sessions: which user a signed session cookie stands for."""
from pybossa_core.ports import AbstractUnitOfWork
from pybossa_core.users import Actor


def actor_for_session(uow: AbstractUnitOfWork, user_id: int, fingerprint: str | None,
                      ip: str | None) -> Actor | None:
    """The signed-in actor, or None when the user is gone or changed their password."""
    with uow:
        user = uow.users.get(user_id)
        if user is None or fingerprint != user.password_fingerprint():
            return None
        return Actor.for_user(user, ip)
