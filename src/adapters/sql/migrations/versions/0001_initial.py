"""Initial schema: users, categories, projects, tasks, task runs, results, helping materials.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

DEFAULT_CATEGORIES = (
    ("Thinking", "thinking", "Volunteer Thinking projects"),
    ("Volunteer Sensing", "sensing", "Volunteer Sensing projects"),
)


def _json() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _created() -> sa.Column:
    return sa.Column("created", sa.DateTime(), nullable=False)


def _project_id(table: str) -> list:
    return [
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            ondelete="CASCADE",
            name=op.f(f"fk_{table}_project_id_project"),
        ),
    ]


def upgrade() -> None:
    _create_user()
    _create_category()
    _create_project()
    _create_task()
    _create_task_run()
    _create_result()
    _create_helping_material()
    _seed_categories()


def downgrade() -> None:
    for table in ("helpingmaterial", "result", "task_run", "task", "project", "category", "user"):
        op.drop_table(table)


def _create_user() -> None:
    op.create_table(
        "user",
        _id(),
        _created(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("fullname", sa.Text(), nullable=False),
        sa.Column("email_addr", sa.Text(), nullable=False),
        sa.Column("api_key", sa.String(36), nullable=False),
        sa.Column("passwd_hash", sa.Text(), nullable=True),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("privacy_mode", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.Text(), nullable=False),
        sa.Column("valid_email", sa.Boolean(), nullable=False),
        sa.Column("subscribed", sa.Boolean(), nullable=False),
        sa.Column("info", _json(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("name", name=op.f("uq_user_name")),
        sa.UniqueConstraint("email_addr", name=op.f("uq_user_email_addr")),
        sa.UniqueConstraint("api_key", name=op.f("uq_user_api_key")),
    )


def _create_category() -> None:
    op.create_table(
        "category",
        _id(),
        _created(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("info", _json(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
        sa.UniqueConstraint("name", name=op.f("uq_category_name")),
        sa.UniqueConstraint("short_name", name=op.f("uq_category_short_name")),
    )


def _create_project() -> None:
    op.create_table(
        "project",
        _id(),
        _created(),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("long_description", sa.Text(), nullable=True),
        sa.Column("webhook", sa.Text(), nullable=True),
        sa.Column("allow_anonymous_contributors", sa.Boolean(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.Column("zip_download", sa.Boolean(), nullable=False),
        sa.Column("contacted", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("secret_key", sa.String(36), nullable=False),
        sa.Column("info", _json(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], name=op.f("fk_project_owner_id_user")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
            ondelete="RESTRICT",
            name=op.f("fk_project_category_id_category"),
        ),
        sa.UniqueConstraint("short_name", name=op.f("uq_project_short_name")),
        sa.UniqueConstraint("name", name=op.f("uq_project_name")),
    )
    _index_project()


def _index_project() -> None:
    op.create_index("ix_project_owner_id", "project", ["owner_id"])
    op.create_index("ix_project_category_id", "project", ["category_id"])
    op.create_index("ix_project_published", "project", ["published"])


def _create_task() -> None:
    op.create_table(
        "task",
        _id(),
        _created(),
        *_project_id("task"),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=False),
        sa.Column("calibration", sa.Integer(), nullable=False),
        sa.Column("priority_0", sa.Float(), nullable=False),
        sa.Column("n_answers", sa.Integer(), nullable=False),
        sa.Column("info", _json(), nullable=False),
        sa.Column("fav_user_ids", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    op.create_index("ix_task_project_id_id", "task", ["project_id", "id"])
    op.create_index("ix_task_project_id_state", "task", ["project_id", "state"])


def _create_task_run() -> None:
    op.create_table(
        "task_run",
        _id(),
        _created(),
        sa.Column("finish_time", sa.DateTime(), nullable=False),
        *_project_id("task_run"),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_ip", sa.Text(), nullable=True),
        sa.Column("external_uid", sa.Text(), nullable=True),
        sa.Column("timeout", sa.Integer(), nullable=True),
        sa.Column("calibration", sa.Integer(), nullable=True),
        sa.Column("media_url", sa.Text(), nullable=True),
        sa.Column("info", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_run")),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], ondelete="CASCADE", name=op.f("fk_task_run_task_id_task")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], ondelete="SET NULL", name=op.f("fk_task_run_user_id_user")
        ),
    )
    op.create_index("ix_task_run_task_id", "task_run", ["task_id"])
    op.create_index("ix_task_run_project_id_id", "task_run", ["project_id", "id"])
    op.create_index("ix_task_run_user_id", "task_run", ["user_id"])


def _create_result() -> None:
    op.create_table(
        "result",
        _id(),
        _created(),
        *_project_id("result"),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("task_run_ids", _json(), nullable=False),
        sa.Column("last_version", sa.Boolean(), nullable=False),
        sa.Column("info", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result")),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], ondelete="CASCADE", name=op.f("fk_result_task_id_task")
        ),
    )
    op.create_index("ix_result_task_id", "result", ["task_id"])
    op.create_index("ix_result_project_id_id", "result", ["project_id", "id"])


def _create_helping_material() -> None:
    op.create_table(
        "helpingmaterial",
        _id(),
        _created(),
        *_project_id("helpingmaterial"),
        sa.Column("info", _json(), nullable=False),
        sa.Column("media_url", sa.Text(), nullable=True),
        sa.Column("priority", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_helpingmaterial")),
    )
    op.create_index("ix_helpingmaterial_project_id", "helpingmaterial", ["project_id"])


def _seed_categories() -> None:
    """The two categories PYBOSSA creates on install."""
    category = sa.table(
        "category",
        sa.column("created", sa.DateTime()),
        sa.column("name", sa.Text()),
        sa.column("short_name", sa.Text()),
        sa.column("description", sa.Text()),
        sa.column("info", _json()),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        category,
        [
            {
                "created": now,
                "name": name,
                "short_name": short_name,
                "description": description,
                "info": {},
            }
            for name, short_name, description in DEFAULT_CATEGORIES
        ],
    )
