"""The module the dramatiq CLI loads: it must declare the broker and actors on import."""
from adapters import jobs
from entrypoints.settings import Settings
from entrypoints.worker import declare_actors, worker_services

_settings = Settings.from_env()
if _settings.redis_url is None:
    raise SystemExit("pybossa-falcon worker needs REDIS_URL: without it jobs run inline")
broker = jobs.redis_broker(_settings.redis_url, namespace=f"{_settings.redis_prefix}:dramatiq")
declare_actors(broker, worker_services)
