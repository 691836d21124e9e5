"""The module the dramatiq CLI loads: it must declare the broker and actors on import.

`pybossa-falcon worker` names this module's `broker` to dramatiq (`entrypoints.worker_main:
broker`); it is also made the global broker, so a bare `dramatiq entrypoints.worker_main`
consumes the same queues the web processes send to.
"""
import json

import dramatiq

from adapters import jobs
from entrypoints.settings import SettingError, Settings
from entrypoints.worker import declare_actors, worker_services

try:
    _settings = Settings.from_env()
except SettingError as exc:  # one line, as the CLI says it (when dramatiq is run directly)
    raise SystemExit(json.dumps({"error": str(exc)})) from None
if _settings.redis_url is None:
    raise SystemExit("pybossa-falcon worker needs REDIS_URL: without it jobs run inline")
broker = jobs.redis_broker(_settings.redis_url, namespace=f"{_settings.redis_prefix}:dramatiq")
dramatiq.set_broker(broker)
declare_actors(broker, worker_services, _settings)
