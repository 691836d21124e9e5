"""Co-owners of projects and the audit log of their settings.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

project_coowner holds PYBOSSA's owners_ids but the owner (one row per project and user);
auditlog who changed which setting of a project, with its old and new value.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_coowner",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name="fk_project_coowner_project_id_project",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name="fk_project_coowner_user_id_user", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "user_id", name="pk_project_coowner"),
    )
    op.create_index("ix_project_coowner_user_id", "project_coowner", ["user_id"])
    op.create_table(
        "auditlog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("project_short_name", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("caller", sa.Text(), nullable=False),
        sa.Column("attribute", sa.Text(), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name="fk_auditlog_project_id_project",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_auditlog"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_auditlog_project_id_id", "auditlog", ["project_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_auditlog_project_id_id", table_name="auditlog")
    op.drop_table("auditlog")
    op.drop_index("ix_project_coowner_user_id", table_name="project_coowner")
    op.drop_table("project_coowner")
