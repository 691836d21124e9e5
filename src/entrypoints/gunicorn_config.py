"""Gunicorn settings for production serving; the root gunicorn.conf.py loads this module.

Every value comes from Settings (and so from the environment): BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT, LOG_LEVEL.
"""
from entrypoints.settings import Settings

_settings = Settings.from_env()

bind = _settings.bind
workers = _settings.workers
worker_class = "sync"
# A sync worker serves one request at a time; the timeout ends a stuck one.
timeout = _settings.timeout
graceful_timeout = 30
keepalive = 5
# Recycling workers now and then bounds any slow memory growth.
max_requests = 10_000
max_requests_jitter = 1_000
accesslog = "-"
errorlog = "-"
loglevel = _settings.log_level.lower()
# Limit request line and header sizes (bodies are bounded by the app's MAX_BODY_BYTES).
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = "127.0.0.1"
proc_name = "pybossa-falcon"
wsgi_app = "entrypoints.wsgi:get_app()"
