"""Domain error families; entrypoints/errors.py maps each family to one HTTP answer."""


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str, target: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.target = target


class NotFound(DomainError):
    """The object does not exist (or the caller may not know that it does)."""

    def __init__(self, target: str, key: object = None) -> None:
        super().__init__(
            f"{target} {key} not found" if key is not None else f"{target} not found", target
        )


class AuthenticationRequired(DomainError):
    """The operation needs a known caller and none (or an unknown one) was given."""


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class NotReady(Forbidden):
    """The object is not in a state that allows this yet (a draft without tasks cannot be
    published); `errors` maps what is missing to messages, as InvalidInput's do."""

    def __init__(self, message: str, target: str | None, errors: dict[str, list[str]]) -> None:
        super().__init__(message, target)
        self.errors = errors


class InvalidInput(DomainError):
    """A value is malformed or breaks a rule; `errors` maps field names to messages."""

    def __init__(
        self, message: str, target: str | None = None, errors: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message, target)
        self.errors = errors or {}


class UnknownAttribute(InvalidInput):
    """A body key or a filter names a field the object does not have."""


class ReservedAttribute(InvalidInput):
    """A body tries to set a field that only the server sets (id, created, owner_id, ...)."""


class Conflict(DomainError):
    """The change contradicts the stored state (e.g. a category that still has projects)."""


class DuplicateValue(Conflict):
    """A unique value (short_name, name, e-mail) is already taken; `field` names it where the
    core knows which (a clash the database finds names none)."""

    def __init__(self, message: str, target: str | None = None, field: str | None = None) -> None:
        super().__init__(message, target)
        self.field = field


class MethodNotAllowed(DomainError):
    """The object type does not support this operation through the API."""


class DeliveryFailed(DomainError):
    """An outside service (mail server) could not take the message; retrying may help."""


class DestinationRefused(InvalidInput):
    """A webhook URL leads where the server may not send (private, loopback, link-local...)."""


class Unavailable(DomainError):
    """A service the server depends on (database, Redis) is not answering; retry later."""


class InvalidRows(DomainError):
    """Rows of a bulk import break the rules; `errors` lists {"row", "field", "reason"} (and
    "line" where known), and `more_errors` says the list was cut short."""

    def __init__(
        self, message: str, target: str | None, rows: list[dict], more_errors: bool = False
    ) -> None:
        super().__init__(message, target)
        self.errors = rows
        self.more_errors = more_errors


class MalformedInput(DomainError):
    """A file or body cannot be read at all: broken JSON or CSV, not UTF-8, NUL bytes."""


class TooLarge(DomainError):
    """The request holds more than the server takes at once (rows or bytes)."""
