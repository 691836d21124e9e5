"""Owner workflows: import dedupe keys, gold answers and scores, webhook deliveries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Columns are added with plain ALTER TABLE (SQLite >= 3.35), never by copying the table. The
dedupe key is unique per project only where it is set, so tasks created one by one (without
a key) are unaffected.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def json_type() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def upgrade() -> None:
    op.add_column("task", sa.Column("gold_answers", json_type(), nullable=True))
    op.add_column("task", sa.Column("dedupe_key", sa.Text(), nullable=True))
    op.create_index(
        "uq_task_project_id_dedupe_key",
        "task",
        ["project_id", "dedupe_key"],
        unique=True,
        postgresql_where=sa.text("dedupe_key IS NOT NULL"),
        sqlite_where=sa.text("dedupe_key IS NOT NULL"),
    )
    gold_task = sa.text("calibration = 1 AND gold_answers IS NOT NULL")
    op.create_index(
        "ix_task_gold_candidates",
        "task",
        ["project_id", "state", sa.text("priority_0 DESC"), "id"],
        postgresql_where=gold_task,
        sqlite_where=gold_task,
    )
    op.add_column("task_run", sa.Column("gold_score", sa.Float(), nullable=True))
    op.create_index(
        "ix_task_run_project_id_gold",
        "task_run",
        ["project_id"],
        postgresql_where=sa.text("gold_score IS NOT NULL"),
        sqlite_where=sa.text("gold_score IS NOT NULL"),
    )
    _create_webhook_tables()


def _create_webhook_tables() -> None:
    op.create_table(
        "webhook",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column(
            "project_id",
            sa.Integer(),
            sa.ForeignKey("project.id", ondelete="CASCADE", name="fk_webhook_project_id_project"),
            nullable=False,
        ),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("payload", json_type(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("n_attempts", sa.Integer(), nullable=False),
        sa.Column("response_status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_webhook"),
    )
    op.create_index("ix_webhook_project_id_id", "webhook", ["project_id", "id"])
    op.create_table(
        "webhook_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "webhook_id",
            sa.Integer(),
            sa.ForeignKey(
                "webhook.id", ondelete="CASCADE", name="fk_webhook_attempt_webhook_id_webhook"
            ),
            nullable=False,
        ),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("response_status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_attempt"),
    )
    op.create_index("ix_webhook_attempt_webhook_id_id", "webhook_attempt", ["webhook_id", "id"])


def downgrade() -> None:
    op.drop_table("webhook_attempt")
    op.drop_table("webhook")
    op.drop_index("ix_task_run_project_id_gold", table_name="task_run")
    op.drop_column("task_run", "gold_score")
    op.drop_index("ix_task_gold_candidates", table_name="task")
    op.drop_index("uq_task_project_id_dedupe_key", table_name="task")
    op.drop_column("task", "dedupe_key")
    op.drop_column("task", "gold_answers")
