"""Volunteer loop: a run counter per task, candidate indexes, one answer per task and volunteer.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

The unique indexes refuse to build over a database that already holds a second answer by the
same volunteer to a task; such duplicates must be removed before upgrading. Columns are added
and dropped with plain ALTER TABLE (SQLite >= 3.35), never by copying the table: a copy would
drop `task` with foreign keys on and cascade to its runs.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TASK_CANDIDATE_INDEXES = {
    "ix_task_candidates_by_priority": ("project_id", "state", sa.text("priority_0 DESC"), "id"),
    "ix_task_candidates_by_fewest_runs": (
        "project_id",
        "state",
        "n_task_runs",
        sa.text("priority_0 DESC"),
        "id",
    ),
    "ix_task_candidates_by_most_runs": (
        "project_id",
        "state",
        sa.text("n_task_runs DESC"),
        sa.text("priority_0 DESC"),
        "id",
    ),
}
TASK_RUN_INDEXES = {
    "ix_task_run_project_id_user_id": ("project_id", "user_id"),
    "ix_task_run_project_id_external_uid": ("project_id", "external_uid"),
    "ix_task_run_project_id_user_ip": ("project_id", "user_ip"),
}
ONE_ANSWER_INDEXES = {
    "uq_task_run_task_id_user_id": (("task_id", "user_id"), "user_id IS NOT NULL"),
    "uq_task_run_task_id_external_uid": (("task_id", "external_uid"), "external_uid IS NOT NULL"),
    "uq_task_run_task_id_user_ip": (
        ("task_id", "user_ip"),
        "user_id IS NULL AND external_uid IS NULL",
    ),
}


def upgrade() -> None:
    op.add_column(
        "task", sa.Column("n_task_runs", sa.Integer(), nullable=False, server_default="0")
    )
    _count_existing_runs()
    op.drop_index("ix_task_project_id_state", table_name="task")
    for name, columns in TASK_CANDIDATE_INDEXES.items():
        op.create_index(name, "task", list(columns))
    for name, columns in TASK_RUN_INDEXES.items():
        op.create_index(name, "task_run", list(columns))
    for name, (columns, where) in ONE_ANSWER_INDEXES.items():
        op.create_index(
            name,
            "task_run",
            list(columns),
            unique=True,
            postgresql_where=sa.text(where),
            sqlite_where=sa.text(where),
        )


def downgrade() -> None:
    for name in (*ONE_ANSWER_INDEXES, *TASK_RUN_INDEXES):
        op.drop_index(name, table_name="task_run")
    for name in TASK_CANDIDATE_INDEXES:
        op.drop_index(name, table_name="task")
    op.create_index("ix_task_project_id_state", "task", ["project_id", "state"])
    op.drop_column("task", "n_task_runs")


def _count_existing_runs() -> None:
    """Tasks that already have runs start with the right count."""
    task = sa.table("task", sa.column("id", sa.Integer()), sa.column("n_task_runs", sa.Integer()))
    task_run = sa.table("task_run", sa.column("task_id", sa.Integer()))
    runs = sa.select(sa.func.count()).where(task_run.c.task_id == task.c.id).scalar_subquery()
    op.execute(sa.update(task).values(n_task_runs=runs))
