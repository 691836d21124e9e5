"""Site announcements, project blog posts and pages, and users' favourite tasks.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

New tables only (PYBOSSA's announcement, blogpost and pages; favourites were task.fav_user_ids
alone, which stays: `favorite` indexes them by user). Ids are never given twice (0005).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

FOREVER = {"sqlite_autoincrement": True}


def json_type() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def _project_id(table: str) -> sa.Column:
    fk = sa.ForeignKey("project.id", ondelete="CASCADE", name=f"fk_{table}_project_id_project")
    return sa.Column("project_id", sa.Integer(), fk, nullable=False)


def _author(table: str) -> sa.Column:
    fk = sa.ForeignKey("user.id", ondelete="SET NULL", name=f"fk_{table}_user_id_user")
    return sa.Column("user_id", sa.Integer(), fk, nullable=True)


def _post_columns() -> list[sa.Column]:
    return [
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("info", json_type(), nullable=False),
        sa.Column("media_url", sa.Text(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        _author("announcement"),
        *_post_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_announcement"),
        **FOREVER,
    )
    op.create_table(
        "blogpost",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        _project_id("blogpost"),
        _author("blogpost"),
        *_post_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_blogpost"),
        **FOREVER,
    )
    op.create_index("ix_blogpost_project_id_id", "blogpost", ["project_id", "id"])
    op.create_index("ix_blogpost_user_id", "blogpost", ["user_id"])
    op.create_table(
        "page",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        _project_id("page"),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("info", json_type(), nullable=False),
        sa.Column("media_url", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_page"),
        **FOREVER,
    )
    op.create_index("ix_page_project_id_slug", "page", ["project_id", "slug"])
    _create_favorite()


def _create_favorite() -> None:
    user_fk = sa.ForeignKey("user.id", ondelete="CASCADE", name="fk_favorite_user_id_user")
    task_fk = sa.ForeignKey("task.id", ondelete="CASCADE", name="fk_favorite_task_id_task")
    op.create_table(
        "favorite",
        sa.Column("user_id", sa.Integer(), user_fk, nullable=False),
        sa.Column("task_id", sa.Integer(), task_fk, nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "task_id", name="pk_favorite"),
    )
    op.create_index("ix_favorite_task_id", "favorite", ["task_id"])


def downgrade() -> None:
    op.drop_table("favorite")
    op.drop_table("page")
    op.drop_table("blogpost")
    op.drop_table("announcement")
