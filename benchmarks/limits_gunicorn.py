"""The shipped gunicorn settings (same workers, worker class, keep-alive, logging), limits app."""

from entrypoints.gunicorn_config import *  # noqa: F403

wsgi_app = "benchmarks.limits_app:app"
proc_name = "pybossa-falcon-limits"
