"""The practical limits of Falcon + gunicorn + PostgreSQL here: one read, one write transaction.

GET /read/{id}: one SELECT of a task by its primary key, as JSON.
POST /write?project_id=N: one transaction that claims a task with SELECT ... FOR UPDATE SKIP
LOCKED, inserts a task run and counts it on the task, as JSON.
Each gunicorn worker keeps one psycopg2 connection, opened on its first request.
"""

import itertools
import os

import falcon
import psycopg2

READ = (
    "SELECT id, created, project_id, state, quorum, calibration, priority_0, n_answers, "
    "info, n_task_runs FROM task WHERE id = %s"
)
CLAIM = (
    "SELECT id FROM task WHERE project_id = %s AND state = 'ongoing' "
    "ORDER BY priority_0 DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED"
)
INSERT_RUN = (
    "INSERT INTO task_run (created, finish_time, project_id, task_id, external_uid, "
    'info) VALUES (now(), now(), %s, %s, %s, \'{"answer": "yes"}\') RETURNING id'
)
COUNT_RUN = "UPDATE task SET n_task_runs = n_task_runs + 1 WHERE id = %s"
COLUMNS = (
    "id",
    "created",
    "project_id",
    "state",
    "quorum",
    "calibration",
    "priority_0",
    "n_answers",
    "info",
    "n_task_runs",
)

_connection = None
_counter = itertools.count()


def connection():
    """This worker's connection (gunicorn forks workers, so it is opened lazily)."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["DATABASE_URL"])
        _connection.autocommit = True  # a read is one statement; a write says BEGIN itself
    return _connection


class Read:
    """GET /read/{task_id}."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, task_id: int) -> None:
        with connection().cursor() as cursor:
            cursor.execute(READ, (task_id,))
            row = cursor.fetchone()
        if row is None:
            raise falcon.HTTPNotFound()
        task = dict(zip(COLUMNS, row, strict=True))
        task["created"] = task["created"].isoformat()
        resp.media = task


class Write:
    """POST /write?project_id=N."""

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        project_id = req.get_param_as_int("project_id", required=True)
        uid = f"limit-{os.getpid()}-{next(_counter)}"
        with connection().cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                task_id, run_id = _claim_and_answer(cursor, project_id, uid)
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")
        resp.media = {"id": run_id, "task_id": task_id, "external_uid": uid}


def _claim_and_answer(cursor, project_id: int, uid: str) -> tuple[int, int]:
    """Claim the first unlocked ongoing task, insert a run for it, count the run."""
    cursor.execute(CLAIM, (project_id,))
    claimed = cursor.fetchone()
    if claimed is None:
        raise falcon.HTTPConflict(description="no task to claim")
    cursor.execute(INSERT_RUN, (project_id, claimed[0], uid))
    run_id = cursor.fetchone()[0]
    cursor.execute(COUNT_RUN, (claimed[0],))
    return claimed[0], run_id


def create_app() -> falcon.App:
    """The two routes."""
    application = falcon.App()
    application.add_route("/read/{task_id:int}", Read())
    application.add_route("/write", Write())
    return application


app = create_app()
