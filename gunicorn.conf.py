"""Gunicorn configuration shipped with pybossa-falcon (see src/entrypoints/gunicorn_config.py)."""
from entrypoints.gunicorn_config import *  # noqa: F403
