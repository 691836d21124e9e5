"""Settings.from_env: the only place that reads the process environment."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from entrypoints import setting_values as values
from entrypoints.setting_values import SettingError

__all__ = ["Settings", "SettingError"]

MIB = 1024 * 1024
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgres")
REDIS_SCHEMES = ("redis", "rediss", "unix")


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
    # Failed sign-ins to one account (from anywhere) and from one client (to any account);
    # mails anonymous forms may have sent to one address (reset and registration links).
    sign_in_failures_per_account: str = "10/15minutes"
    sign_in_failures_per_client: str = "50/15minutes"
    account_mails_per_address: str = "3/hour"
    trusted_proxy_hops: int = 0
    cors_origins: str = "*"
    log_format: str = "json"
    metrics_dir: Path | None = None
    metrics_multiprocess: bool = False
    db_connect_timeout: int = 5
    db_statement_timeout_ms: int = 25_000
    forwarded_allow_ips: str = "127.0.0.1,::1"
    metrics_allow_ips: str = "127.0.0.1,::1"
    import_max_rows: int = 100_000
    import_max_bytes: int = 256 * MIB
    body_timeout_seconds: int = 60
    webhook_allow_private: bool = False
    webhook_timeout: int = 10
    webhook_max_attempts: int = 6
    webhook_backoff_ms: int = 15_000
    control_socket: Path | None = None

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, base_dir: Path | None = None
    ) -> "Settings":
        """Read settings from `environ` (default: os.environ); files go under base_dir/var.

        Every value is checked here: a bad one raises SettingError, whose one-line message
        names the variable and what it accepts.
        """
        env = os.environ if environ is None else environ
        var = (base_dir or Path.cwd()) / "var"
        return cls(
            database_url=values.url(env, "DATABASE_URL", DATABASE_SCHEMES)
            or f"sqlite:///{var / 'pybossa.db'}",
            storage_dir=Path(values.text(env, "STORAGE_DIR") or var / "uploads"),
            bind=values.bind(env, cls.bind),
            workers=values.integer(env, "WEB_CONCURRENCY", cls.workers),
            timeout=values.integer(env, "GUNICORN_TIMEOUT", cls.timeout, 0),  # 0: never
            max_body_bytes=values.integer(env, "MAX_BODY_BYTES", cls.max_body_bytes),
            max_upload_bytes=values.integer(env, "MAX_UPLOAD_BYTES", cls.max_upload_bytes),
            bcrypt_rounds=values.integer(env, "BCRYPT_ROUNDS", cls.bcrypt_rounds, 4, 31),
            log_level=values.log_level(env, cls.log_level),
            redis_url=values.url(env, "REDIS_URL", REDIS_SCHEMES),
            redis_prefix=values.text(env, "REDIS_PREFIX") or cls.redis_prefix,
            secret_key=env.get("SECRET_KEY") or None,
            web_threads=values.integer(env, "WEB_THREADS", cls.web_threads),
            stamp_seconds=values.integer(env, "STAMP_SECONDS", cls.stamp_seconds),
            project_token_seconds=values.integer(
                env, "PROJECT_TOKEN_SECONDS", cls.project_token_seconds
            ),
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
    public_url = values.url(env, "PUBLIC_URL", ("http", "https"))
    return {
        "public_url": public_url.rstrip("/") if public_url else None,
        "account_confirmation": values.boolean(
            env, "ACCOUNT_CONFIRMATION", cls.account_confirmation
        ),
        "session_seconds": values.integer(env, "SESSION_SECONDS", cls.session_seconds),
        "session_cookie_secure": values.boolean(
            env, "SESSION_COOKIE_SECURE", cls.session_cookie_secure
        ),
        "account_key_seconds": values.integer(env, "ACCOUNT_KEY_SECONDS", cls.account_key_seconds),
        "smtp_host": values.text(env, "SMTP_HOST"),
        "smtp_port": values.integer(env, "SMTP_PORT", cls.smtp_port, 1, 65535),
        "smtp_username": env.get("SMTP_USERNAME") or None,
        "smtp_password": env.get("SMTP_PASSWORD") or None,
        "smtp_starttls": values.boolean(env, "SMTP_STARTTLS", cls.smtp_starttls),
        "smtp_ssl": values.boolean(env, "SMTP_SSL", cls.smtp_ssl),
        "mail_sender": values.text(env, "MAIL_SENDER") or cls.mail_sender,
        "max_avatar_bytes": values.integer(env, "MAX_AVATAR_BYTES", cls.max_avatar_bytes),
    }


def _api_edge_settings(env: Mapping[str, str], cls: type[Settings]) -> dict:
    """Rate limiting, the sign-in and mail throttles, the proxies trusted for the client's
    address, and CORS on /api."""
    return {
        "rate_limit": values.rate_limit(env, cls.rate_limit),
        "rate_limit_enabled": values.boolean(env, "RATE_LIMIT_ENABLED", cls.rate_limit_enabled),
        "sign_in_failures_per_account": values.rate_limit(
            env, cls.sign_in_failures_per_account, "SIGN_IN_FAILURES_PER_ACCOUNT"
        ),
        "sign_in_failures_per_client": values.rate_limit(
            env, cls.sign_in_failures_per_client, "SIGN_IN_FAILURES_PER_CLIENT"
        ),
        "account_mails_per_address": values.rate_limit(
            env, cls.account_mails_per_address, "ACCOUNT_MAILS_PER_ADDRESS"
        ),
        "trusted_proxy_hops": values.integer(env, "TRUSTED_PROXY_HOPS", cls.trusted_proxy_hops, 0),
        "cors_origins": values.origins(env, cls.cors_origins),
    }


def _operations_settings(env: Mapping[str, str], cls: type[Settings], var: Path) -> dict:
    """Logs, metrics, database timeouts, the proxies gunicorn trusts, its control socket.

    PROMETHEUS_MULTIPROC_DIR is set by the gunicorn configuration (a directory of its own
    under METRICS_DIR) for its workers: then every worker writes its metrics there and
    /metrics adds them up.
    """
    multiprocess_dir = values.text(env, "PROMETHEUS_MULTIPROC_DIR")
    control_socket = values.text(env, "GUNICORN_CONTROL_SOCKET")
    return {
        "log_format": values.choice(env, "LOG_FORMAT", cls.log_format, ("json", "text")),
        "metrics_dir": Path(values.text(env, "METRICS_DIR") or var / "metrics"),
        "metrics_multiprocess": multiprocess_dir is not None,
        "db_connect_timeout": values.integer(
            env, "DB_CONNECT_TIMEOUT", cls.db_connect_timeout, 0
        ),  # 0: libpq waits as long as it takes
        "db_statement_timeout_ms": values.integer(
            env, "DB_STATEMENT_TIMEOUT_MS", cls.db_statement_timeout_ms, 0
        ),
        "forwarded_allow_ips": values.networks(env, "FORWARDED_ALLOW_IPS", cls.forwarded_allow_ips),
        "metrics_allow_ips": values.networks(env, "METRICS_ALLOW_IPS", cls.metrics_allow_ips),
        "control_socket": Path(control_socket) if control_socket else None,
    }


def _owner_workflow_settings(env: Mapping[str, str], cls: type[Settings]) -> dict:
    """Bulk imports (rows and bytes per request) and webhook deliveries.

    An import body must arrive whole within BODY_TIMEOUT_SECONDS (a 408 otherwise).

    WEBHOOK_ALLOW_PRIVATE lets webhooks reach private, loopback and link-local addresses
    (refused by default: a project owner must not make the server probe its own network).
    A failed delivery is retried WEBHOOK_MAX_ATTEMPTS times in all, waiting about
    WEBHOOK_BACKOFF_MS, then twice as long before each next attempt.
    """
    return {
        "import_max_rows": values.integer(env, "IMPORT_MAX_ROWS", cls.import_max_rows),
        "import_max_bytes": values.integer(env, "IMPORT_MAX_BYTES", cls.import_max_bytes),
        "body_timeout_seconds": values.integer(
            env, "BODY_TIMEOUT_SECONDS", cls.body_timeout_seconds
        ),
        "webhook_allow_private": values.boolean(
            env, "WEBHOOK_ALLOW_PRIVATE", cls.webhook_allow_private
        ),
        "webhook_timeout": values.integer(env, "WEBHOOK_TIMEOUT", cls.webhook_timeout),
        "webhook_max_attempts": values.integer(
            env, "WEBHOOK_MAX_ATTEMPTS", cls.webhook_max_attempts
        ),
        "webhook_backoff_ms": values.integer(env, "WEBHOOK_BACKOFF_MS", cls.webhook_backoff_ms),
    }
