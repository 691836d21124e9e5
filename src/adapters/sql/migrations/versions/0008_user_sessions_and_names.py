"""Case-insensitive user names and a per-user session generation.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

A unique index on lower(name) (an expression index on SQLite and PostgreSQL alike) refuses
"Admin" beside "admin". Names that already collide are not renamed behind their owners' backs
(a name is how a user signs in to pages and how others link to them): the upgrade stops,
changing nothing, and names the colliding accounts, for an operator to rename all but one.

`session_generation` ends a user's browser sessions when bumped (sign out everywhere, a
password change, an api-key reset, losing admin rights).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "ux_user_name_lower"


def upgrade() -> None:
    _refuse_colliding_names()
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_index(INDEX, "user", [sa.text("lower(name)")], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="user")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("session_generation")


def _refuse_colliding_names() -> None:
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                'SELECT lower(name) AS folded, name, id FROM "user" WHERE lower(name) IN '
                '(SELECT lower(name) FROM "user" GROUP BY lower(name) HAVING count(*) > 1) '
                "ORDER BY lower(name), id"
            )
        )
        .all()
    )
    if rows:
        found = ", ".join(f"{name!r} (id {user_id})" for _, name, user_id in rows)
        raise RuntimeError(
            "User names must be unique regardless of case, but these accounts collide: "
            f'{found}. Rename all but one of each group (e.g. with UPDATE "user" SET '
            "name = ... WHERE id = ...) and run the upgrade again."
        )
