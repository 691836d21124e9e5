"""Where a helping material's uploaded file lives becomes server-side state.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Deleting a helping material used to delete the file its client-writable `info` named
(`container`, `file_name`), so anyone could name another project's file and delete it. The new
column `stored_file` ("container/name") is set only by the server when it stores an upload.

Existing rows are backfilled from `info` only where it names a file in the row's own project
container (`project_<project_id>`) with a safe name; when several rows of a project name the
same file, only the first (the one the upload created; later ones copied its `info`) gets it.
A plain ADD COLUMN: rebuilding the table would drop SQLite's AUTOINCREMENT (revision 0005).
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}")
MATERIALS = sa.table(
    "helpingmaterial",
    sa.column("id", sa.Integer),
    sa.column("project_id", sa.Integer),
    sa.column("info"),
    sa.column("stored_file", sa.Text),
)


def upgrade() -> None:
    op.add_column("helpingmaterial", sa.Column("stored_file", sa.Text(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(MATERIALS.c.id, MATERIALS.c.project_id, MATERIALS.c.info).order_by(MATERIALS.c.id)
    ).all()
    claimed: set[str] = set()
    for row in rows:
        stored = _own_file(row.project_id, row.info)
        if stored is None or stored in claimed:
            continue
        claimed.add(stored)
        bind.execute(
            sa.update(MATERIALS).where(MATERIALS.c.id == row.id).values(stored_file=stored)
        )


def downgrade() -> None:
    op.drop_column("helpingmaterial", "stored_file")


def _own_file(project_id: int, info: object) -> str | None:
    """ "project_<id>/<name>" when `info` names a safely named file of the row's own project."""
    if isinstance(info, str):
        try:
            info = json.loads(info)
        except ValueError:
            return None
    if not isinstance(info, dict):
        return None
    container, name = info.get("container"), info.get("file_name")
    if container != f"project_{project_id}" or not _safe(name):
        return None
    return f"{container}/{name}"


def _safe(name: object) -> bool:
    return isinstance(name, str) and bool(SAFE_NAME.fullmatch(name)) and ".." not in name
