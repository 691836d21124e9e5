"""Readers of one setting each: the value from the environment, or a SettingError naming the
variable and what it accepts (a bad value stops a command before anything starts)."""

import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import limits

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Names Python's logging also takes, and what they are (gunicorn knows only the ones above).
LOG_LEVEL_ALIASES = {"WARN": "WARNING", "FATAL": "CRITICAL"}
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# gunicorn's forms of an address: [tcp://]HOST:PORT (an empty HOST is every interface),
# unix:PATH (or unix://PATH) and fd://N (a socket handed over by a supervisor).
HOST_PORT = re.compile(r"^(?:tcp://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})$")
UNIX_OR_FD = re.compile(r"^(?:unix:(?://)?.+|fd://\d+)$")
BIND_ACCEPTS = (
    "HOST:PORT (like 127.0.0.1:8080, [::1]:8080 or :8080, port 1-65535), unix:PATH or fd://N"
)
RATE_ACCEPTS = "one limit AMOUNT/PERIOD (like 300/15minutes or 100/minute, AMOUNT 1 or more)"


class SettingError(ValueError):
    """A setting whose value cannot be used; the message is one line for the operator."""

    def __init__(self, name: str, accepts: str, raw: object) -> None:
        super().__init__(f"Setting {name} must be {accepts}, not {raw!r}")
        self.name = name


def text(env: Mapping[str, str], name: str) -> str | None:
    """The stripped value, or None when unset or blank."""
    return (env.get(name) or "").strip() or None


def integer(
    env: Mapping[str, str], name: str, default: int, minimum: int = 1, maximum: int | None = None
) -> int:
    """A whole number within [minimum, maximum]; `default` when unset or blank."""
    raw = text(env, name)
    if raw is None:
        return default
    accepts = (
        f"a whole number from {minimum} to {maximum}"
        if maximum is not None
        else f"a whole number, {minimum} or more"
    )
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(name, accepts, raw) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise SettingError(name, accepts, raw)
    return value


def boolean(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = text(env, name)
    if raw is None:
        return default
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise SettingError(name, "true or false (also 1/0, yes/no, on/off)", raw)


def choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, compared without case; returned as spelled in `choices`."""
    raw = text(env, name)
    if raw is None:
        return default
    for known in choices:
        if raw.lower() == known.lower():
            return known
    raise SettingError(name, "one of " + ", ".join(choices), raw)


def log_level(env: Mapping[str, str], default: str) -> str:
    """LOG_LEVEL: one of LOG_LEVELS in any case, WARN and FATAL taken for what they mean."""
    raw = text(env, "LOG_LEVEL")
    alias = LOG_LEVEL_ALIASES.get((raw or "").upper())
    return alias or choice(env, "LOG_LEVEL", default, LOG_LEVELS)


def bind(env: Mapping[str, str], default: str) -> str:
    """BIND: where gunicorn listens (a missing port would silently be gunicorn's 8000)."""
    raw = text(env, "BIND")
    if raw is None:
        return default
    if UNIX_OR_FD.match(raw):
        return raw
    found = HOST_PORT.match(raw)
    if found is None or not 1 <= int(found.group(2)) <= 65535:
        raise SettingError("BIND", BIND_ACCEPTS, raw)
    return raw


def rate_limit(env: Mapping[str, str], default: str, name: str = "RATE_LIMIT") -> str:
    """One rate in `limits` notation (`100/minute`), at least one per window."""
    raw = text(env, name)
    if raw is None:
        return default
    try:
        parsed = None if re.search(r"[;,|]", raw) else limits.parse(raw)
    except ValueError:
        parsed = None
    if parsed is None or parsed.amount < 1:
        raise SettingError(name, RATE_ACCEPTS, raw)
    return raw


def url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    """A URL with one of `schemes` (a `+driver` suffix allowed) and a host or path."""
    raw = text(env, name)
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme.split("+", 1)[0].lower() not in schemes or not (parts.netloc or parts.path):
        raise SettingError(name, "a URL starting " + " or ".join(f"{s}://" for s in schemes), raw)
    return raw


def origins(env: Mapping[str, str], default: str) -> str:
    """CORS_ORIGINS: * or a comma-separated list of origins (scheme://host[:port])."""
    raw = text(env, "CORS_ORIGINS")
    if raw is None or raw == "*":
        return raw or default
    for origin in filter(None, (part.strip() for part in raw.split(","))):
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
            raise SettingError(
                "CORS_ORIGINS", "* or comma-separated origins like https://app.example.org", raw
            )
    return raw


def networks(env: Mapping[str, str], name: str, default: str) -> str:
    """* or a comma-separated list of IP addresses or networks (10.0.0.0/8)."""
    raw = text(env, name)
    if raw is None or raw == "*":
        return raw or default
    try:
        for part in filter(None, (part.strip() for part in raw.split(","))):
            ipaddress.ip_network(part)  # strict, as gunicorn checks it: 10.0.0.0/8, not 10.0.0.1/8
    except ValueError:
        raise SettingError(name, "* or comma-separated IP addresses or networks", raw) from None
    return raw
