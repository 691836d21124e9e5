"""The real pbclient, unmodified, drives a real gunicorn server on a loopback port."""
import json
import os
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pbclient
import pytest

from adapters.sql import database, orm
from adapters.sql.unit_of_work import SqlUnitOfWork
from pybossa_core.task_runs import TaskRun
from pybossa_core.tasks import Result

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cli(env: dict, *args: str) -> dict:
    done = subprocess.run([str(BIN / "pybossa-falcon"), *args], env=env, capture_output=True,
                          text=True, check=True, timeout=60)
    return json.loads(done.stdout)


@pytest.fixture
def server(database_url, tmp_path):
    """A gunicorn server with two workers; yields (endpoint, admin key, user key)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "BIND": f"127.0.0.1:{port}",
           "STORAGE_DIR": str(tmp_path / "uploads"), "WEB_CONCURRENCY": "2",
           "BCRYPT_ROUNDS": "4"}
    admin = _cli(env, "users", "create", "--name", "admin", "--email", "admin@example.com",
                 "--password", "admin-password", "--admin")
    user = _cli(env, "users", "create", "--name", "owner", "--email", "owner@example.com",
                "--password", "owner-password")
    process = subprocess.Popen([str(BIN / "pybossa-falcon"), "serve"], env=env,
                               stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:  # gunicorn logs "Listening at" once the socket is bound
            if "Listening at" in line:
                break
        yield f"http://127.0.0.1:{port}", admin["api_key"], user["api_key"]
    finally:
        process.terminate()
        process.wait(timeout=30)


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


def test_pbclient_reads_task_runs_and_updates_results(server, database_url):
    endpoint, admin_key, owner_key = server
    _use(endpoint, owner_key)
    project = pbclient.create_project("Fish", "fish", "Count fish")
    task = pbclient.create_task(project.id, {"q": "how many?"}, n_answers=1)
    run_id, result_id = _answer(database_url, project.id, task.id)

    runs = pbclient.get_taskruns(project.id, limit=10, last_id=0)
    assert [r.id for r in runs] == [run_id]
    assert pbclient.find_taskruns(project.id, task_id=task.id)[0].info == {"count": 3}
    result = pbclient.get_results(project.id, limit=10, last_id=0)[0]
    assert result.id == result_id and result.task_run_ids == [run_id]
    project_id = project.id
    result.info = {"count": 3, "checked": True}
    assert pbclient.update_result(result).info == {"count": 3, "checked": True}
    assert pbclient.find_results(project_id, task_id=task.id)[0].info["checked"] is True
    assert pbclient.delete_taskrun(run_id) is True
    assert pbclient.get_taskruns(project_id, limit=10, last_id=0) == []


def _answer(database_url: str, project_id: int, task_id: int) -> tuple[int, int]:
    """Store one answer and its result directly (task-run creation is the volunteer loop's)."""
    orm.start_mappers()
    engine = database.create_engine_for(database_url)
    uow = SqlUnitOfWork(database.session_factory(engine))
    now = datetime(2026, 1, 1, 12, 0, 0)
    try:
        with uow:
            run = TaskRun(project_id=project_id, task_id=task_id, created=now, finish_time=now,
                          info={"count": 3})
            uow.task_runs.add(run)
            uow.commit()
            result = Result(project_id=project_id, task_id=task_id, created=now,
                            task_run_ids=[run.id], info={"count": 3})
            uow.results.add(result)
            uow.commit()
            return run.id, result.id
    finally:
        engine.dispose()
