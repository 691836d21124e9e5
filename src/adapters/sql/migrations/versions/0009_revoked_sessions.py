"""Signed-out browser sessions kept in the database when there is no Redis.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

The embedded default kept them in the process's memory, so a restart let a signed-out
cookie sign its user in again until it expired. Rows expire with the cookie they revoke.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revoked_session",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name="pk_revoked_session"),
    )
    op.create_index("ix_revoked_session_expires_at", "revoked_session", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_revoked_session_expires_at", table_name="revoked_session")
    op.drop_table("revoked_session")
