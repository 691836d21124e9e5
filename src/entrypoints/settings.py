"""Settings.from_env: the only place that reads the process environment."""
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Every setting with its embedded default; production overrides them by environment."""

    database_url: str
    storage_dir: Path
    bind: str = "127.0.0.1:8080"
    workers: int = 2
    timeout: int = 30
    max_body_bytes: int = 1 * MIB
    max_upload_bytes: int = 10 * MIB
    bcrypt_rounds: int = 12
    log_level: str = "INFO"
    redis_url: str | None = None
    redis_prefix: str = "pbf"
    secret_key: str | None = None
    web_threads: int = 8
    stamp_seconds: int = 3600
    project_token_seconds: int = 86400
    public_url: str | None = None
    account_confirmation: bool = False
    session_seconds: int = 14 * 86400
    session_cookie_secure: bool = False
    account_key_seconds: int = 3600
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_ssl: bool = False
    mail_sender: str = "pybossa@localhost"
    max_avatar_bytes: int = 5 * MIB
    vmcp_key: Path | None = None
    rate_limit: str = "300/15minutes"
    rate_limit_enabled: bool = True
    trusted_proxy_hops: int = 0
    cors_origins: str = "*"
    log_format: str = "json"
    metrics_dir: Path | None = None
    metrics_multiprocess: bool = False
    db_connect_timeout: int = 5
    db_statement_timeout_ms: int = 25_000
    forwarded_allow_ips: str = "127.0.0.1,::1"
    import_max_rows: int = 100_000
    import_max_bytes: int = 256 * MIB
    webhook_allow_private: bool = False
    webhook_timeout: int = 10
    webhook_max_attempts: int = 6
    webhook_backoff_ms: int = 15_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, base_dir: Path | None = None
                 ) -> "Settings":
        """Read settings from `environ` (default: os.environ); files go under base_dir/var."""
        env = os.environ if environ is None else environ
        var = (base_dir or Path.cwd()) / "var"
        return cls(
            database_url=env.get("DATABASE_URL") or f"sqlite:///{var / 'pybossa.db'}",
            storage_dir=Path(env.get("STORAGE_DIR") or var / "uploads"),
            bind=env.get("BIND") or cls.bind,
            workers=_int(env, "WEB_CONCURRENCY", cls.workers),
            timeout=_int(env, "GUNICORN_TIMEOUT", cls.timeout),
            max_body_bytes=_int(env, "MAX_BODY_BYTES", cls.max_body_bytes),
            max_upload_bytes=_int(env, "MAX_UPLOAD_BYTES", cls.max_upload_bytes),
            bcrypt_rounds=_int(env, "BCRYPT_ROUNDS", cls.bcrypt_rounds),
            log_level=env.get("LOG_LEVEL") or cls.log_level,
            redis_url=env.get("REDIS_URL") or None,
            redis_prefix=env.get("REDIS_PREFIX") or cls.redis_prefix,
            secret_key=env.get("SECRET_KEY") or None,
            web_threads=_int(env, "WEB_THREADS", cls.web_threads),
            stamp_seconds=_int(env, "STAMP_SECONDS", cls.stamp_seconds),
            project_token_seconds=_int(env, "PROJECT_TOKEN_SECONDS", cls.project_token_seconds),
            vmcp_key=Path(env["VMCP_KEY"]) if env.get("VMCP_KEY") else None,
            **_account_settings(env, cls),
            **_api_edge_settings(env, cls),
            **_operations_settings(env, cls, var),
            **_owner_workflow_settings(env, cls),
        )

    def base_url(self) -> str:
        """The public address put into e-mailed links (PUBLIC_URL, else the bind address)."""
        return self.public_url or f"http://{self.bind}"

    @property
    def embedded(self) -> bool:
        """Without Redis, stamps and locks live in memory: one server process only."""
        return self.redis_url is None


def _account_settings(env: Mapping[str, str], cls: type[Settings]) -> dict:
    """Sessions, account e-mails and the SMTP server."""
    return {
        "public_url": (env.get("PUBLIC_URL") or "").rstrip("/") or None,
        "account_confirmation": _bool(env, "ACCOUNT_CONFIRMATION", cls.account_confirmation),
        "session_seconds": _int(env, "SESSION_SECONDS", cls.session_seconds),
        "session_cookie_secure": _bool(env, "SESSION_COOKIE_SECURE",
                                       cls.session_cookie_secure),
        "account_key_seconds": _int(env, "ACCOUNT_KEY_SECONDS", cls.account_key_seconds),
        "smtp_host": env.get("SMTP_HOST") or None,
        "smtp_port": _int(env, "SMTP_PORT", cls.smtp_port),
        "smtp_username": env.get("SMTP_USERNAME") or None,
        "smtp_password": env.get("SMTP_PASSWORD") or None,
        "smtp_starttls": _bool(env, "SMTP_STARTTLS", cls.smtp_starttls),
        "smtp_ssl": _bool(env, "SMTP_SSL", cls.smtp_ssl),
        "mail_sender": env.get("MAIL_SENDER") or cls.mail_sender,
        "max_avatar_bytes": _int(env, "MAX_AVATAR_BYTES", cls.max_avatar_bytes),
    }


def _api_edge_settings(env: Mapping[str, str], cls: type[Settings]) -> dict:
    """Rate limiting, the proxies trusted for the client's address, and CORS on /api."""
    hops = _int(env, "TRUSTED_PROXY_HOPS", cls.trusted_proxy_hops)
    if hops < 0:
        raise ValueError(f"Setting TRUSTED_PROXY_HOPS must be 0 or more, not {hops}")
    return {
        "rate_limit": (env.get("RATE_LIMIT") or "").strip() or cls.rate_limit,
        "rate_limit_enabled": _bool(env, "RATE_LIMIT_ENABLED", cls.rate_limit_enabled),
        "trusted_proxy_hops": hops,
        "cors_origins": (env.get("CORS_ORIGINS") or "").strip() or cls.cors_origins,
    }


def _operations_settings(env: Mapping[str, str], cls: type[Settings], var: Path) -> dict:
    """Logs, metrics, database timeouts and the proxies gunicorn trusts.

    PROMETHEUS_MULTIPROC_DIR is set by the gunicorn configuration (from METRICS_DIR) for its
    workers: then every worker writes its metrics there and /metrics adds them up.
    """
    log_format = (env.get("LOG_FORMAT") or cls.log_format).strip().lower()
    if log_format not in ("json", "text"):
        raise ValueError(f"Setting LOG_FORMAT must be json or text, not {log_format!r}")
    multiprocess_dir = env.get("PROMETHEUS_MULTIPROC_DIR") or None
    return {
        "log_format": log_format,
        "metrics_dir": Path(env.get("METRICS_DIR") or multiprocess_dir or var / "metrics"),
        "metrics_multiprocess": multiprocess_dir is not None,
        "db_connect_timeout": _int(env, "DB_CONNECT_TIMEOUT", cls.db_connect_timeout),
        "db_statement_timeout_ms": _int(env, "DB_STATEMENT_TIMEOUT_MS",
                                        cls.db_statement_timeout_ms),
        "forwarded_allow_ips": (env.get("FORWARDED_ALLOW_IPS") or "").strip()
                               or cls.forwarded_allow_ips,
    }


def _owner_workflow_settings(env: Mapping[str, str], cls: type[Settings]) -> dict:
    """Bulk imports (rows and bytes per request) and webhook deliveries.

    WEBHOOK_ALLOW_PRIVATE lets webhooks reach private, loopback and link-local addresses
    (refused by default: a project owner must not make the server probe its own network).
    A failed delivery is retried WEBHOOK_MAX_ATTEMPTS times in all, waiting about
    WEBHOOK_BACKOFF_MS, then twice as long before each next attempt.
    """
    return {
        "import_max_rows": _positive(env, "IMPORT_MAX_ROWS", cls.import_max_rows),
        "import_max_bytes": _positive(env, "IMPORT_MAX_BYTES", cls.import_max_bytes),
        "webhook_allow_private": _bool(env, "WEBHOOK_ALLOW_PRIVATE", cls.webhook_allow_private),
        "webhook_timeout": _positive(env, "WEBHOOK_TIMEOUT", cls.webhook_timeout),
        "webhook_max_attempts": _positive(env, "WEBHOOK_MAX_ATTEMPTS", cls.webhook_max_attempts),
        "webhook_backoff_ms": _positive(env, "WEBHOOK_BACKOFF_MS", cls.webhook_backoff_ms),
    }


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise ValueError(f"Setting {name} must be 1 or more, not {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"Setting {name} must be true or false, not {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"Setting {name} must be a whole number, not {raw!r}") from None
