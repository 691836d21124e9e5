"""An index for newtask's `orderby=created`: a project's ongoing tasks by creation, then id.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08

Without it every such request sorted all of a project's candidates; with it PostgreSQL walks
the index (forwards for `created asc, id asc`, backwards for `created desc, id desc`) and
stops after the page, as for the schedulers' own orders. A plain CREATE INDEX works on SQLite
and PostgreSQL alike.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEX = "ix_task_candidates_by_created"


def upgrade() -> None:
    op.create_index(INDEX, "task", ["project_id", "state", "created", "id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="task")
