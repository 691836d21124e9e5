"""A user's consent to the site's terms, given on the register form (PYBOSSA's column).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

Existing users start without it, as PYBOSSA's users who registered before the form asked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "user", sa.Column("consent", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    op.drop_column("user", "consent")
