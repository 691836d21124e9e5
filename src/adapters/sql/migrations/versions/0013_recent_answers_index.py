"""An index on task_run.finish_time, for the answers of the last day or week.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

/stats/ (public) counts the busiest projects and users of the last 24 hours, and the admin
dashboard the answers of each of the last 7 days, both `WHERE finish_time >= :since`: with
the index PostgreSQL reads only those answers instead of every answer ever given.
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

INDEX = "ix_task_run_finish_time"


def upgrade() -> None:
    op.create_index(INDEX, "task_run", ["finish_time"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="task_run")
