"""Settings.from_env checks every value: a bad one is a SettingError whose one-line message
names the variable and what it accepts."""

from pathlib import Path

import pytest

from entrypoints.settings import SettingError, Settings

BASE = Path("/srv/pybossa")


def read(**environ: str) -> Settings:
    return Settings.from_env(environ, base_dir=BASE)


def refused(name: str, value: str) -> str:
    """The message of the SettingError for NAME=value (which must be refused)."""
    with pytest.raises(SettingError) as raised:
        read(**{name: value})
    message = str(raised.value)
    assert raised.value.name == name and "\n" not in message
    assert message.startswith(f"Setting {name} must be ") and repr(value.strip()) in message
    return message


def test_without_settings_every_value_is_the_embedded_default():
    settings = read()
    assert settings.database_url == f"sqlite:///{BASE / 'var' / 'pybossa.db'}"
    assert (settings.bind, settings.workers, settings.log_level) == ("127.0.0.1:8080", 2, "INFO")
    assert settings.rate_limit == "300/15minutes" and settings.redis_url is None
    assert settings.metrics_dir == BASE / "var" / "metrics" and settings.control_socket is None


@pytest.mark.parametrize(
    "bind",
    [
        "0.0.0.0:8080",
        "localhost:1",
        "[::1]:65535",
        "pybossa.example.org:443",
        "unix:/run/pybossa.sock",
        ":8080",
        "tcp://0.0.0.0:8080",
        "unix:///run/pybossa.sock",
        "fd://3",
    ],
)
def test_bind_takes_every_address_gunicorn_takes(bind):
    assert read(BIND=bind).bind == bind


@pytest.mark.parametrize(
    "bind",
    [
        "localhost",
        "8080",
        "0.0.0.0:99999",
        "0.0.0.0:0",
        "host:port",
        "unix:",
        "http://0.0.0.0:8080",
        "fd://three",
    ],
)
def test_a_bind_without_a_usable_port_is_refused(bind):
    assert "HOST:PORT" in refused("BIND", bind)


@pytest.mark.parametrize("limit", ["100/minute", "300/15minutes", "10 per hour", "5/second"])
def test_rate_limit_takes_one_amount_per_period(limit):
    assert read(RATE_LIMIT=limit).rate_limit == limit


@pytest.mark.parametrize(
    "limit", ["lots", "3/fortnight", "0/minute", "1/second;2/minute", "100", "/minute"]
)
def test_a_malformed_rate_limit_is_refused(limit):
    assert "AMOUNT/PERIOD" in refused("RATE_LIMIT", limit)


@pytest.mark.parametrize(
    "name",
    ["SIGN_IN_FAILURES_PER_ACCOUNT", "SIGN_IN_FAILURES_PER_CLIENT", "ACCOUNT_MAILS_PER_ADDRESS"],
)
def test_the_account_throttles_take_a_rate_and_refuse_anything_else(name):
    assert getattr(read(**{name: "7/hour"}), name.lower()) == "7/hour"
    assert "AMOUNT/PERIOD" in refused(name, "0/hour")


@pytest.mark.parametrize(
    ("name", "value", "accepts"),
    [
        ("WEB_CONCURRENCY", "two", "1 or more"),
        ("WEB_CONCURRENCY", "0", "1 or more"),
        ("GUNICORN_TIMEOUT", "-5", "0 or more"),
        ("WEB_THREADS", "1.5", "1 or more"),
        ("MAX_BODY_BYTES", "1MB", "1 or more"),
        ("SESSION_SECONDS", "0", "1 or more"),
        ("TRUSTED_PROXY_HOPS", "-1", "0 or more"),
        ("DB_STATEMENT_TIMEOUT_MS", "-1", "0 or more"),
        ("SMTP_PORT", "70000", "from 1 to 65535"),
        ("BCRYPT_ROUNDS", "3", "from 4 to 31"),
        ("WEBHOOK_MAX_ATTEMPTS", "0", "1 or more"),
        ("IMPORT_MAX_ROWS", "many", "1 or more"),
    ],
)
def test_a_number_out_of_its_range_is_refused(name, value, accepts):
    message = refused(name, value)
    assert "a whole number" in message and accepts in message


def test_numbers_are_read_within_their_ranges():
    settings = read(
        WEB_CONCURRENCY="9",
        TRUSTED_PROXY_HOPS="0",
        SMTP_PORT="25",
        BCRYPT_ROUNDS="4",
        DB_STATEMENT_TIMEOUT_MS="0",
    )
    assert (settings.workers, settings.trusted_proxy_hops, settings.smtp_port) == (9, 0, 25)
    assert (settings.bcrypt_rounds, settings.db_statement_timeout_ms) == (4, 0)


def test_timeouts_take_zero_for_never_as_gunicorn_and_libpq_do():
    settings = read(GUNICORN_TIMEOUT="0", DB_CONNECT_TIMEOUT="0")
    assert (settings.timeout, settings.db_connect_timeout) == (0, 0)


@pytest.mark.parametrize(
    ("name", "value", "accepts"),
    [
        ("LOG_LEVEL", "loud", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("LOG_FORMAT", "xml", "json, text"),
    ],
)
def test_an_unknown_choice_is_refused_naming_the_choices(name, value, accepts):
    assert accepts in refused(name, value)


def test_choices_are_read_without_regard_to_case():
    settings = read(LOG_LEVEL="debug", LOG_FORMAT="TEXT")
    assert (settings.log_level, settings.log_format) == ("DEBUG", "text")


def test_the_log_levels_python_also_names_are_taken_for_what_they_mean():
    assert (read(LOG_LEVEL="warn").log_level, read(LOG_LEVEL="Fatal").log_level) == (
        "WARNING",
        "CRITICAL",
    )


@pytest.mark.parametrize(
    "name",
    [
        "ACCOUNT_CONFIRMATION",
        "SESSION_COOKIE_SECURE",
        "SMTP_STARTTLS",
        "SMTP_SSL",
        "RATE_LIMIT_ENABLED",
        "WEBHOOK_ALLOW_PRIVATE",
    ],
)
def test_a_boolean_that_is_neither_true_nor_false_is_refused(name):
    assert "true or false" in refused(name, "maybe")


def test_booleans_take_the_usual_spellings():
    assert read(SMTP_SSL="Yes", SMTP_STARTTLS="off").smtp_ssl is True
    assert read(SMTP_STARTTLS="0").smtp_starttls is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql://db/pybossa"),
        ("DATABASE_URL", "pybossa.db"),
        ("REDIS_URL", "localhost:6379"),
        ("REDIS_URL", "http://redis"),
        ("PUBLIC_URL", "pybossa.example.org"),
    ],
)
def test_a_url_of_another_kind_is_refused(name, value):
    assert "a URL starting" in refused(name, value)


def test_urls_are_read():
    settings = read(
        DATABASE_URL="postgresql+psycopg2://u@db/pybossa",
        REDIS_URL="rediss://cache:6380/1",
        PUBLIC_URL="https://x.example/",
    )
    assert settings.database_url == "postgresql+psycopg2://u@db/pybossa"
    assert settings.redis_url == "rediss://cache:6380/1"
    assert settings.public_url == "https://x.example"


def test_cors_origins_and_forwarded_allow_ips_are_checked():
    assert read(CORS_ORIGINS="https://a.example, http://b.example:8000").cors_origins
    assert read(CORS_ORIGINS="https://a.example,").cors_origins == "https://a.example,"
    assert read(FORWARDED_ALLOW_IPS="10.0.0.0/8,::1").forwarded_allow_ips == "10.0.0.0/8,::1"
    assert "origins" in refused("CORS_ORIGINS", "a.example")
    assert "IP addresses or networks" in refused("FORWARDED_ALLOW_IPS", "10.0.0.1/8")
    assert "IP addresses or networks" in refused("FORWARDED_ALLOW_IPS", "balancer.local")


def test_the_control_socket_is_off_unless_given_a_path():
    assert read(GUNICORN_CONTROL_SOCKET="/run/pbf/ctl").control_socket == Path("/run/pbf/ctl")
