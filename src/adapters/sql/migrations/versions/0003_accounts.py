"""Accounts: remember whether a confirmation e-mail was sent to the user.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

Existing users start with `confirmation_email_sent` false. The contributor queries (score =
runs per user) use `ix_task_run_user_id`, which 0001 already created. The column is added and
dropped with plain ALTER TABLE (SQLite >= 3.35), never by copying the table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "user",
        sa.Column(
            "confirmation_email_sent", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )


def downgrade() -> None:
    op.drop_column("user", "confirmation_email_sent")
