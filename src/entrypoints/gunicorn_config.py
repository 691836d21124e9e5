"""Gunicorn settings for production serving; the root gunicorn.conf.py loads this module.

Every value comes from Settings (and so from the environment): BIND, WEB_CONCURRENCY (worker
processes, with REDIS_URL), WEB_THREADS (threads of the single embedded process),
GUNICORN_TIMEOUT, LOG_LEVEL, LOG_FORMAT, METRICS_DIR, FORWARDED_ALLOW_IPS,
GUNICORN_CONTROL_SOCKET. docs/operations.md explains how to size them.

Nothing here may touch another server running on the same host: a server that fails to start
(its port taken, a bad setting) leaves the running one's metrics and control socket alone.
"""

import gc
import json
import os
from pathlib import Path

from entrypoints import heartbeat, logs, metrics_files
from entrypoints.settings import SettingError, Settings

try:
    _settings = Settings.from_env()
except SettingError as exc:
    # One line, as the CLI says it; gunicorn would print a traceback for an exception.
    raise SystemExit(json.dumps({"error": str(exc)})) from None

bind = _settings.bind
if _settings.embedded:
    # Without Redis, requested-task stamps and task locks live in this one process's memory,
    # so the embedded server is one process with several threads.
    workers = 1
    worker_class = "gthread"
    threads = _settings.web_threads
    # Never recycled: a new worker would start without the stamps and holds of the old one
    # (answers to tasks it served would be refused), and nothing is served while it boots.
    max_requests = 0
else:
    # With Redis every worker (and every host) shares stamps and locks. Sync workers serve
    # one request per process: no thread waits on another's GIL or database connection, and
    # a stuck request is caught by the timeout below. The requests spend most of their time
    # on the database, so about 2 x CPU cores + 1 workers keep a host busy (WEB_CONCURRENCY).
    workers = _settings.workers
    worker_class = "sync"
    # Recycling workers now and then bounds any slow memory growth; the jitter keeps them
    # from all restarting at once.
    max_requests = 10_000
    max_requests_jitter = 1_000
# Each worker builds its app after the fork: it opens its own database and Redis connections
# (sockets must never be shared between processes) and reads PROMETHEUS_MULTIPROC_DIR before
# it imports prometheus_client. Deploy new code with a restart, not a HUP: the master keeps
# the modules this file imports.
preload_app = False
# A worker silent this long (stuck on one request) is killed and replaced. The database
# cancels statements sooner (DB_STATEMENT_TIMEOUT_MS), so a slow query gets a 503, not a kill.
timeout = _settings.timeout
# On SIGTERM or HUP, workers finish the requests they hold for up to this long.
graceful_timeout = 30
# Idle keep-alive connections are kept this long (gthread only). Sync workers close every
# connection after its answer and must sit behind a buffering proxy or balancer, or a slow
# client holds a whole worker.
keepalive = 5
# The app writes its own access line (JSON, with the request id and duration): no second one.
accesslog = None
errorlog = "-"
loglevel = _settings.log_level.lower()
logger_class = logs.JsonGunicornLogger if _settings.log_format == "json" else logs.GunicornLogger
# Limit request line and header sizes (bodies are bounded by the app's MAX_BODY_BYTES).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Peers whose X-Forwarded-Proto is believed (so req.scheme is https behind a TLS balancer);
# the client's address comes from X-Forwarded-For by TRUSTED_PROXY_HOPS, in the app.
forwarded_allow_ips = _settings.forwarded_allow_ips
# The workers' heartbeat files on tmpfs: on a disk (or a container's overlay) a slow write
# can make a healthy worker look stuck.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
# Every worker writes its metrics to files in this server's own directory under METRICS_DIR
# (named after the master's pid: this file is loaded by the master), and /metrics adds them up
# (see metrics.py). It is made ready only once the socket is bound (when_ready).
_instance_metrics = metrics_files.instance_dir(_settings.metrics_dir, os.getpid())
raw_env = [f"PROMETHEUS_MULTIPROC_DIR={_instance_metrics}"]
# gunicorn's control socket defaults to one path per user, which a second server on the host
# would take over: off unless GUNICORN_CONTROL_SOCKET gives this server a path of its own.
if _settings.control_socket is None:
    control_socket_disable = True
else:
    control_socket = str(_settings.control_socket)
proc_name = "pybossa-falcon"
wsgi_app = "entrypoints.wsgi:get_app()"


def when_ready(server) -> None:
    """Once listening (before any worker starts), give this server an empty metrics directory
    of its own: files left by an earlier process with the same pid would be added up."""
    metrics_files.prepare(_instance_metrics)


def on_exit(server) -> None:
    """This server's samples go with it."""
    metrics_files.remove(_instance_metrics)


def post_worker_init(worker) -> None:
    """Let long streamed responses (exports) show the master that this worker is alive; then
    hide the loaded app from the garbage collector."""
    heartbeat.install(worker.notify)
    # The modules and services just loaded live as long as the worker. Left in the collector's
    # oldest generation, every full collection walks all of them (about 20 ms), stalling the
    # request that triggered it; frozen, a full collection walks only what requests made.
    gc.freeze()


def child_exit(server, worker) -> None:
    """Tell the metrics that a worker is gone."""
    metrics_files.mark_worker_dead(worker.pid, _instance_metrics)
