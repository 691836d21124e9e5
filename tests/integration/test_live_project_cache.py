"""Each gunicorn worker keeps the projects the volunteer loop reads; a change committed by one
worker reaches the other's cache through Redis before the next request (two workers, real
`pybossa-falcon serve`, PostgreSQL and SQLite).

Which worker serves a request is chosen by holding the other one with a half-sent request
(see live_server.HalfSentRequest).
"""

import pytest
import requests

from . import builders
from .live_server import HalfSentRequest, server_env, serving


@pytest.fixture
def live(database_url, uow, redis_url, redis_prefix, tmp_path):
    """Two workers over Redis; yields (base URL, owner key)."""
    env = server_env(
        database_url,
        tmp_path / "uploads",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        WEB_CONCURRENCY="2",
    )
    owner = builders.a_user(uow)
    with serving(env) as url:
        yield url, owner.api_key


def project_with_a_task(base_url: str, key: str) -> int:
    api = f"{base_url}/api"
    project = requests.post(
        f"{api}/project",
        params={"api_key": key},
        timeout=10,
        json={"name": "Owls", "short_name": "owls", "description": "Count owls"},
    )
    assert project.status_code == 200, project.text
    project_id = project.json()["id"]
    task = requests.post(
        f"{api}/task",
        params={"api_key": key},
        timeout=10,
        json={"project_id": project_id, "info": {"q": "?"}},
    )
    assert task.status_code == 200, task.text
    return project_id


def anonymous_newtask(base_url: str, project_id: int) -> int:
    return requests.get(f"{base_url}/api/project/{project_id}/newtask", timeout=10).status_code


def test_a_setting_changed_on_one_worker_applies_at_once_on_the_other(live):
    base_url, key = live
    project_id = project_with_a_task(base_url, key)
    first = HalfSentRequest(base_url)  # holds worker A
    assert anonymous_newtask(base_url, project_id) == 200  # B reads the project
    second = HalfSentRequest(base_url)  # holds worker B
    assert b"200 OK" in first.finish()
    assert anonymous_newtask(base_url, project_id) == 200  # A reads the project
    closed = requests.put(
        f"{base_url}/api/project/{project_id}",
        params={"api_key": key},
        json={"allow_anonymous_contributors": False},
        timeout=10,
    )
    assert closed.status_code == 200, closed.text  # A commits the change
    third = HalfSentRequest(base_url)  # holds worker A
    assert b"200 OK" in second.finish()
    assert anonymous_newtask(base_url, project_id) == 401  # B, which had the project
    assert b"200 OK" in third.finish()
    assert anonymous_newtask(base_url, project_id) == 401
