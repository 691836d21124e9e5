"""The real pbclient, unmodified, drives a real gunicorn server on a loopback port."""

import pbclient
import pytest
import requests

from .live_server import cli, server_env, serving


@pytest.fixture
def server(database_url, tmp_path):
    """A gunicorn server; yields (endpoint, admin key, user key)."""
    env = server_env(database_url, tmp_path / "uploads")
    admin = cli(
        env,
        "users",
        "create",
        "--name",
        "admin",
        "--email",
        "admin@example.com",
        "--password",
        "admin-password",
        "--admin",
    )
    user = cli(
        env,
        "users",
        "create",
        "--name",
        "owner",
        "--email",
        "owner@example.com",
        "--password",
        "owner-password",
    )
    with serving(env) as endpoint:
        yield endpoint, admin["api_key"], user["api_key"]


def _use(endpoint: str, api_key: str) -> None:
    pbclient.set("endpoint", endpoint)
    pbclient.set("api_key", api_key)


def test_pbclient_manages_projects_tasks_categories_and_helping_materials(server, tmp_path):
    endpoint, admin_key, owner_key = server
    _use(endpoint, admin_key)
    category = pbclient.create_category("Birds Category", "Bird projects")
    category.description = "All about birds"
    assert pbclient.update_category(category).description == "All about birds"
    assert any(c.id == category.id for c in pbclient.get_categories(limit=50))
    assert pbclient.find_category(short_name="birdscategory")[0].id == category.id

    _use(endpoint, owner_key)
    project = pbclient.create_project("Birds", "birds", "Spot birds")
    project_id = project.id  # pbclient's update_* drops the id from the object it sends
    assert project.short_name == "birds" and project.secret_key
    duplicate = pbclient.create_project("Other", "birds", "dup")
    assert duplicate["exception_cls"] == "DBIntegrityError"
    assert pbclient.find_project(short_name="birds", all=1)[0].id == project_id
    assert [p.id for p in pbclient.get_projects(limit=10, last_id=0)] == [project_id]
    project.info["task_presenter"] = "<div>presenter</div>"
    project.long_description = "Long text"
    updated = pbclient.update_project(project)
    assert updated.info["task_presenter"] == "<div>presenter</div>"
    assert pbclient.get_project(project_id).long_description == "Long text"

    task = pbclient.create_task(project_id, {"url": "http://example.com/1.jpg"}, n_answers=2)
    task_id = task.id
    pbclient.create_task(project_id, {"url": "http://example.com/2.jpg"})
    task.n_answers = 3
    assert pbclient.update_task(task).n_answers == 3
    assert len(pbclient.get_tasks(project_id, limit=10, last_id=0)) == 2
    assert [t.id for t in pbclient.find_tasks(project_id, n_answers=3)] == [task_id]

    material = pbclient.create_helpingmaterial(project_id, {"text": "How to spot a bird"})
    material_id = material.id
    material.info["text"] = "Look up"
    assert pbclient.update_helping_material(material).info["text"] == "Look up"
    picture = tmp_path / "bird.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    uploaded = pbclient.create_helpingmaterial(project_id, {}, file_path=str(picture))
    assert uploaded.media_url.startswith("/uploads/")
    assert len(pbclient.get_helping_materials(project_id, limit=10, last_id=0)) == 2
    assert len(pbclient.find_helping_materials(project_id, id=material_id)) == 1

    assert pbclient.delete_task(task_id) is True
    assert pbclient.delete_project(project_id) is True
    assert pbclient.get_project(project_id)["status_code"] == 404
    _use(endpoint, admin_key)
    assert pbclient.delete_category(category.id) is True


def test_pbclient_reads_task_runs_and_updates_results(server):
    endpoint, admin_key, owner_key = server
    _use(endpoint, owner_key)
    project = pbclient.create_project("Fish", "fish", "Count fish")
    project_id = project.id
    task = pbclient.create_task(project_id, {"q": "how many?"}, n_answers=1)
    run_id = _answer(endpoint, owner_key, project_id, {"count": 3})

    runs = pbclient.get_taskruns(project_id, limit=10, last_id=0)
    assert [r.id for r in runs] == [run_id]
    assert pbclient.find_taskruns(project_id, task_id=task.id)[0].info == {"count": 3}
    result = pbclient.get_results(project_id, limit=10, last_id=0)[0]
    assert result.task_id == task.id and result.task_run_ids == [run_id]
    result.info = {"count": 3, "checked": True}
    assert pbclient.update_result(result).info == {"count": 3, "checked": True}
    assert pbclient.find_results(project_id, task_id=task.id)[0].info["checked"] is True
    assert pbclient.delete_taskrun(run_id) is True
    assert pbclient.get_taskruns(project_id, limit=10, last_id=0) == []


def _answer(endpoint: str, api_key: str, project_id: int, info: dict) -> int:
    """Answer the next task as a volunteer would (pbclient has no call for it)."""
    params = {"api_key": api_key}
    task = requests.get(
        f"{endpoint}/api/project/{project_id}/newtask", params=params, timeout=30
    ).json()
    resp = requests.post(
        f"{endpoint}/api/taskrun",
        params=params,
        timeout=30,
        json={"project_id": project_id, "task_id": task["id"], "info": info},
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["id"]
