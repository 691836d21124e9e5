"""Race-freedom of the volunteer loop: many volunteers at once against a live gunicorn.

Every volunteer loops newtask -> taskrun until nothing is served. Afterwards every task has
exactly n_answers runs and is completed, no (task, volunteer) pair appears twice, and each task
has exactly one result listing its runs. PostgreSQL runs with Redis and several workers;
SQLite runs the embedded server (one process, threads). Each race runs on a published project
and on a draft that was never published: a draft takes answers exactly as it would published.
"""

import os
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
import redis
import requests
from sqlalchemy import create_engine, text

from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from pybossa_core.projects import CreateProject
from pybossa_core.tasks import CreateTask
from pybossa_core.use_cases import projects, tasks, users
from pybossa_core.users import Actor

from .live_server import server_env, serving

N_ANSWERS = 3
SIZES = {"postgresql": (100, 200), "sqlite": (20, 40)}  # tasks, volunteers
MAX_ROUNDS = 2_000  # a volunteer that loops longer than this has found a bug


@dataclass
class Volunteer:
    params: dict
    headers: dict
    key: str


@dataclass
class Outcome:
    statuses: Counter = field(default_factory=Counter)
    holds: list = field(default_factory=list)  # (task_id, got at, answered at) per answer
    errors: list = field(default_factory=list)


def _redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable: {exc}")
        pytest.skip(f"Redis is not reachable: {exc}")
    return url


def _dialect(url: str) -> str:
    return "postgresql" if url.startswith("postgres") else "sqlite"


def _prepare(
    database_url: str, tmp_path, sched: str, n_tasks: int, n_volunteers: int, published: bool
):
    """A project of n_tasks (n_answers=3), published or a draft, and volunteers: half users,
    half external."""
    settings = Settings(
        database_url=database_url,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        secret_key="test-secret",
    )
    services = bootstrap(settings)
    now, uow = services.clock(), services.units_of_work()
    owner = users.create_user(
        uow,
        services.hasher,
        name="owner",
        now=now,
        email_addr="owner@example.com",
        password="owner-password",
        keys=services.keys,
    )
    actor = Actor.for_user(owner)
    race = CreateProject(
        name="Race",
        short_name="race",
        description="race",
        info={"task_presenter": "<p/>", "sched": sched},
    )
    project = projects.create_project(uow, race, actor, now, keys=services.keys)
    for n in range(n_tasks):
        tasks.create_task(
            uow, CreateTask(project.id, n_answers=N_ANSWERS, info={"n": n}), actor, now
        )
    if published:
        projects.publish_project(uow, "race", actor, now)
    token = projects.issue_project_token(
        uow, "race", project.secret_key, signer=services.signer, now=now, ttl_seconds=3600
    )
    crowd = []
    for n in range(n_volunteers):
        if n % 2:
            crowd.append(
                Volunteer(
                    {"external_uid": f"ext-{n}"}, {"Authorization": f"Bearer {token}"}, f"ext-{n}"
                )
            )
        else:
            user = users.create_user(
                uow,
                services.hasher,
                name=f"vol{n}",
                now=now,
                email_addr=f"vol{n}@example.com",
                password="vol-password",
                keys=services.keys,
            )
            crowd.append(Volunteer({"api_key": user.api_key}, {}, f"user-{user.id}"))
    services.close()
    return project.id, crowd


def _volunteer(
    base: str,
    project_id: int,
    who: Volunteer,
    start: threading.Barrier,
    outcome: Outcome,
    lock: threading.Lock,
) -> None:
    session = requests.Session()
    start.wait()
    try:
        for _ in range(MAX_ROUNDS):
            got = session.get(
                f"{base}/api/project/{project_id}/newtask",
                params=who.params,
                headers=who.headers,
                timeout=60,
            )
            task = got.json()
            if not task:
                return
            served_at = time.monotonic()
            body = {"project_id": project_id, "task_id": task["id"], "info": {"by": who.key}}
            posted = session.post(
                f"{base}/api/taskrun", params=who.params, headers=who.headers, json=body, timeout=60
            )
            with lock:
                outcome.statuses[posted.status_code] += 1
                if posted.status_code == 200:
                    outcome.holds.append((task["id"], served_at, time.monotonic()))
                elif posted.status_code not in (403, 409):
                    outcome.errors.append(posted.text)
        outcome.errors.append(f"{who.key} was still being served after {MAX_ROUNDS} rounds")
    except Exception as exc:  # recorded and asserted on by the test, never swallowed
        outcome.errors.append(repr(exc))


def _run_crowd(base: str, project_id: int, crowd: list[Volunteer]) -> Outcome:
    outcome, lock = Outcome(), threading.Lock()
    start = threading.Barrier(len(crowd))
    threads = [
        threading.Thread(target=_volunteer, args=(base, project_id, who, start, outcome, lock))
        for who in crowd
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not any(thread.is_alive() for thread in threads), "volunteers did not finish"
    return outcome


def _serve_and_run(database_url, tmp_path, sched: str, published: bool) -> tuple[Outcome, int]:
    dialect = _dialect(database_url)
    n_tasks, n_volunteers = SIZES[dialect]
    project_id, crowd = _prepare(database_url, tmp_path, sched, n_tasks, n_volunteers, published)
    extra = {"WEB_THREADS": "16"}
    if dialect == "postgresql":
        extra = {
            "REDIS_URL": _redis_url(),
            "REDIS_PREFIX": f"race-{uuid.uuid4().hex}",
            "WEB_CONCURRENCY": "4",
        }
    with serving(server_env(database_url, tmp_path / "uploads", **extra)) as base:
        outcome = _run_crowd(base, project_id, crowd)
    assert outcome.errors == []
    return outcome, n_tasks


def _assert_every_task_completed_exactly_once(database_url: str, n_tasks: int) -> None:
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.connect() as db:
        runs = db.execute(
            text(
                "SELECT t.id, t.state, t.n_task_runs, COUNT(r.id) FROM task t "
                "LEFT JOIN task_run r ON r.task_id = t.id GROUP BY t.id, t.state, t.n_task_runs"
            )
        ).all()
        pairs = db.execute(
            text(
                "SELECT task_id, COALESCE(CAST(user_id AS TEXT), external_uid), COUNT(*) "
                "FROM task_run GROUP BY task_id, COALESCE(CAST(user_id AS TEXT), external_uid) "
                "HAVING COUNT(*) > 1"
            )
        ).all()
        run_ids = defaultdict(set)
        for task_id, run_id in db.execute(text("SELECT task_id, id FROM task_run")).all():
            run_ids[task_id].add(run_id)
        results = db.execute(text("SELECT task_id, task_run_ids FROM result")).all()
    engine.dispose()
    assert len(runs) == n_tasks
    assert all(
        state == "completed" and counter == count == N_ANSWERS for _, state, counter, count in runs
    ), runs
    assert pairs == []
    assert sorted(task_id for task_id, _ in results) == sorted(run_ids)
    assert all(set(_ids(listed)) == run_ids[task_id] for task_id, listed in results)


def _ids(listed) -> list[int]:
    """task_run_ids comes back as a list (JSONB) or as JSON text (SQLite)."""
    import json

    return json.loads(listed) if isinstance(listed, str) else listed


PUBLISHED_OR_DRAFT = pytest.mark.parametrize("published", [True, False], ids=["published", "draft"])


# The candidate orders other than the default's race on drafts too (incremental and
# depth_first share the default's order; locked has its own test below).
@pytest.mark.parametrize(
    "sched, published",
    [("default", True), ("default", False), ("breadth_first", False), ("depth_first_all", False)],
    ids=["default-published", "default-draft", "breadth_first-draft", "depth_first_all-draft"],
)
def test_a_crowd_completes_every_task_exactly_n_answers_times(
    database_url, tmp_path, sched, published
):
    outcome, n_tasks = _serve_and_run(database_url, tmp_path, sched, published)
    assert outcome.statuses[200] == n_tasks * N_ANSWERS
    _assert_every_task_completed_exactly_once(database_url, n_tasks)


@PUBLISHED_OR_DRAFT
def test_the_locked_scheduler_never_lets_more_than_n_answers_hold_a_task(
    database_url, tmp_path, published
):
    outcome, n_tasks = _serve_and_run(database_url, tmp_path, "locked", published)
    assert outcome.statuses[200] == n_tasks * N_ANSWERS
    assert outcome.statuses[409] == 0  # a hold always leaves room for its holder's answer
    assert _most_simultaneous_holders(outcome.holds) <= N_ANSWERS
    _assert_every_task_completed_exactly_once(database_url, n_tasks)


def _most_simultaneous_holders(holds: list) -> int:
    """The largest number of volunteers seen holding one task at the same moment."""
    most = 0
    by_task = defaultdict(list)
    for task_id, start, end in holds:
        by_task[task_id] += [(start, 1), (end, -1)]
    for edges in by_task.values():
        current = 0
        for _, step in sorted(edges, key=lambda edge: (edge[0], edge[1])):
            current += step
            most = max(most, current)
    return most
