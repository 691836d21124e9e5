"""Gunicorn settings for production serving; the root gunicorn.conf.py loads this module.

Every value comes from Settings (and so from the environment): BIND, WEB_CONCURRENCY (worker
processes, with REDIS_URL), WEB_THREADS (threads of the single embedded process),
GUNICORN_TIMEOUT, LOG_LEVEL.
"""
from entrypoints.settings import Settings

_settings = Settings.from_env()

bind = _settings.bind
if _settings.embedded:
    # Without Redis, requested-task stamps and task locks live in this one process's memory,
    # so the embedded server is one process with several threads.
    workers = 1
    worker_class = "gthread"
    threads = _settings.web_threads
else:
    # With Redis every worker (and every host) shares stamps and locks.
    workers = _settings.workers
    worker_class = "sync"
# The timeout restarts a worker stuck on one request.
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
