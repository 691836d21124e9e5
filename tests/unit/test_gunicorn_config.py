"""What gunicorn runs with, by deployment: the embedded server is one process that is never
recycled (its memory holds the stamps and holds); production workers are recycled."""

import gc
import runpy

import pytest

from entrypoints import gunicorn_config


def config(monkeypatch, **env) -> dict:
    for name in ("DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(gunicorn_config.__file__)


def test_the_embedded_server_is_one_process_never_recycled(monkeypatch):
    found = config(monkeypatch)
    assert (found["workers"], found["worker_class"], found["max_requests"]) == (1, "gthread", 0)


@pytest.mark.parametrize("workers", ["2", "5"])
def test_production_workers_are_recycled_with_jitter(monkeypatch, workers):
    found = config(
        monkeypatch,
        REDIS_URL="redis://127.0.0.1:6379/0",
        DATABASE_URL="postgresql://db/pybossa",
        WEB_CONCURRENCY=workers,
    )
    assert (found["workers"], found["worker_class"]) == (int(workers), "sync")
    assert found["max_requests"] > 0 and found["max_requests_jitter"] > 0


def test_a_started_worker_hides_what_it_loaded_from_the_garbage_collector(monkeypatch):
    from entrypoints import heartbeat

    class Worker:
        def notify(self) -> None:
            pass

    monkeypatch.setattr(heartbeat, "_notify", None)
    loaded = ["a module-level object of the app"]
    try:
        config(monkeypatch)["post_worker_init"](Worker())
        assert gc.get_freeze_count() > 0
        assert not any(found is loaded for found in gc.get_objects())
    finally:
        gc.unfreeze()
