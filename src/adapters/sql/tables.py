"""The schema of record: one Table per aggregate, with its keys, constraints and indexes."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    cast,
    false,
    func,
    literal,
)
from sqlalchemy.dialects.postgresql import JSONB

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
# An id once used is never given again, so links, upload folders and clients' caches of a
# deleted row never name a new one: PostgreSQL sequences never go back, and SQLite does not
# either with AUTOINCREMENT (without it, the largest id is reused after its row is deleted).
IDS_ARE_FOREVER = {"sqlite_autoincrement": True}


def json_type():
    """JSON everywhere, JSONB on PostgreSQL; Python None is stored as SQL NULL."""
    return JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _project_fk() -> ForeignKey:
    return ForeignKey("project.id", ondelete="CASCADE")


user = Table(
    "user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("name", Text, nullable=False),
    Column("fullname", Text, nullable=False),
    Column("email_addr", Text, nullable=False),
    Column("api_key", String(36), nullable=False),
    Column("passwd_hash", Text, nullable=True),
    Column("admin", Boolean, nullable=False),
    Column("privacy_mode", Boolean, nullable=False),
    Column("locale", Text, nullable=False),
    Column("valid_email", Boolean, nullable=False),
    Column("confirmation_email_sent", Boolean, nullable=False, server_default=false()),
    Column("subscribed", Boolean, nullable=False),
    Column("consent", Boolean, nullable=False, server_default=false()),
    Column("info", json_type(), nullable=False),
    # Bumped to end every browser session of the user (they carry the value signed in under).
    Column("session_generation", Integer, nullable=False, server_default="0"),
    UniqueConstraint("name"),
    UniqueConstraint("email_addr"),
    UniqueConstraint("api_key"),
    **IDS_ARE_FOREVER,
)

# "Admin" and "admin" would be two accounts a reader cannot tell apart.
Index("ux_user_name_lower", func.lower(user.c.name), unique=True)

category = Table(
    "category",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("name", Text, nullable=False),
    Column("short_name", Text, nullable=False),
    Column("description", Text, nullable=True),
    Column("info", json_type(), nullable=False),
    UniqueConstraint("name"),
    UniqueConstraint("short_name"),
    **IDS_ARE_FOREVER,
)

project = Table(
    "project",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column("name", Text, nullable=False),
    Column("short_name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("long_description", Text, nullable=True),
    Column("webhook", Text, nullable=True),
    Column("allow_anonymous_contributors", Boolean, nullable=False),
    Column("published", Boolean, nullable=False),
    Column("featured", Boolean, nullable=False),
    Column("zip_download", Boolean, nullable=False),
    Column("contacted", Boolean, nullable=False),
    Column("owner_id", Integer, ForeignKey("user.id"), nullable=False),
    Column("category_id", Integer, ForeignKey("category.id", ondelete="RESTRICT"), nullable=False),
    Column("secret_key", String(36), nullable=False),
    Column("info", json_type(), nullable=False),
    UniqueConstraint("short_name"),
    UniqueConstraint("name"),
    Index("ix_project_owner_id", "owner_id"),
    Index("ix_project_category_id", "category_id"),
    Index("ix_project_published", "published"),
    **IDS_ARE_FOREVER,
)

# A project's co-owners (PYBOSSA's owners_ids but the owner), who manage it as its owner does.
project_coowner = Table(
    "project_coowner",
    metadata,
    Column("project_id", Integer, _project_fk(), primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_project_coowner_user_id", "user_id"),
)

# Who changed which setting of a project, from what to what (values as text). The user's
# name is kept as it was then; the entries go with their project.
auditlog = Table(
    "auditlog",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("project_short_name", Text, nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("created", DateTime, nullable=False),
    Column("action", Text, nullable=False),
    Column("caller", Text, nullable=False),
    Column("attribute", Text, nullable=False),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    Index("ix_auditlog_project_id_id", "project_id", "id"),
    **IDS_ARE_FOREVER,
)

task = Table(
    "task",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("state", Text, nullable=False),
    Column("quorum", Integer, nullable=False),
    Column("calibration", Integer, nullable=False),
    Column("priority_0", Float, nullable=False),
    Column("n_answers", Integer, nullable=False),
    Column("info", json_type(), nullable=False),
    Column("fav_user_ids", json_type(), nullable=True),
    Column("n_task_runs", Integer, nullable=False, server_default="0"),
    Column("gold_answers", json_type(), nullable=True),
    Column("dedupe_key", Text, nullable=True),
    Index("ix_task_project_id_id", "project_id", "id"),
    **IDS_ARE_FOREVER,
)

# A bulk import's `dedupe_key` names a task once per project (re-running an import adds none).
HAS_DEDUPE_KEY = task.c.dedupe_key.isnot(None)
Index(
    "uq_task_project_id_dedupe_key",
    task.c.project_id,
    task.c.dedupe_key,
    unique=True,
    postgresql_where=HAS_DEDUPE_KEY,
    sqlite_where=HAS_DEDUPE_KEY,
)

# Candidate orders (adapters.sql.scheduling): each index hands PostgreSQL the rows of one
# project's ongoing tasks already in that order, so LIMIT stops after a few index entries.
Index(
    "ix_task_candidates_by_priority",
    task.c.project_id,
    task.c.state,
    task.c.priority_0.desc(),
    task.c.id,
)
Index(
    "ix_task_candidates_by_fewest_runs",
    task.c.project_id,
    task.c.state,
    task.c.n_task_runs,
    task.c.priority_0.desc(),
    task.c.id,
)
Index(
    "ix_task_candidates_by_most_runs",
    task.c.project_id,
    task.c.state,
    task.c.n_task_runs.desc(),
    task.c.priority_0.desc(),
    task.c.id,
)
Index("ix_task_candidates_by_created", task.c.project_id, task.c.state, task.c.created, task.c.id)
# Gold tasks, which `info.gold_every` serves on their turn, found without walking the rest.
IS_GOLD_TASK = and_(task.c.calibration == 1, task.c.gold_answers.isnot(None))
Index(
    "ix_task_gold_candidates",
    task.c.project_id,
    task.c.state,
    task.c.priority_0.desc(),
    task.c.id,
    postgresql_where=IS_GOLD_TASK,
    sqlite_where=IS_GOLD_TASK,
)

task_run = Table(
    "task_run",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("finish_time", DateTime, nullable=False),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("task_id", Integer, ForeignKey("task.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
    Column("user_ip", Text, nullable=True),
    Column("external_uid", Text, nullable=True),
    Column("timeout", Integer, nullable=True),
    Column("calibration", Integer, nullable=True),
    Column("media_url", Text, nullable=True),
    Column("info", json_type(), nullable=True),
    Column("gold_score", Float, nullable=True),
    Index("ix_task_run_task_id", "task_id"),
    Index("ix_task_run_project_id_id", "project_id", "id"),
    Index("ix_task_run_user_id", "user_id"),
    Index("ix_task_run_project_id_user_id", "project_id", "user_id"),
    Index("ix_task_run_project_id_external_uid", "project_id", "external_uid"),
    Index("ix_task_run_project_id_user_ip", "project_id", "user_ip"),
    Index("ix_task_run_finish_time", "finish_time"),  # the last day's and week's answers
    **IDS_ARE_FOREVER,
)

# One answer per task and volunteer: a signed-in user, an external uid, or else an anonymous
# IP. The same predicates serve the NOT EXISTS of the candidate queries.
BY_USER = task_run.c.user_id.isnot(None)
BY_EXTERNAL_UID = task_run.c.external_uid.isnot(None)
BY_ANONYMOUS_IP = and_(task_run.c.user_id.is_(None), task_run.c.external_uid.is_(None))

# Who gave a run, as one value to count distinct volunteers by (user, external uid or IP).
VOLUNTEER = func.coalesce(
    literal("u:") + cast(task_run.c.user_id, String),
    literal("e:") + task_run.c.external_uid,
    literal("a:") + task_run.c.user_ip,
)
# Answers to gold tasks carry a score; a volunteer's accuracy reads only those.
IS_GOLD_RUN = task_run.c.gold_score.isnot(None)
Index(
    "ix_task_run_project_id_gold",
    task_run.c.project_id,
    postgresql_where=IS_GOLD_RUN,
    sqlite_where=IS_GOLD_RUN,
)
Index(
    "uq_task_run_task_id_user_id",
    task_run.c.task_id,
    task_run.c.user_id,
    unique=True,
    postgresql_where=BY_USER,
    sqlite_where=BY_USER,
)
Index(
    "uq_task_run_task_id_external_uid",
    task_run.c.task_id,
    task_run.c.external_uid,
    unique=True,
    postgresql_where=BY_EXTERNAL_UID,
    sqlite_where=BY_EXTERNAL_UID,
)
Index(
    "uq_task_run_task_id_user_ip",
    task_run.c.task_id,
    task_run.c.user_ip,
    unique=True,
    postgresql_where=BY_ANONYMOUS_IP,
    sqlite_where=BY_ANONYMOUS_IP,
)

result = Table(
    "result",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("task_id", Integer, ForeignKey("task.id", ondelete="CASCADE"), nullable=False),
    Column("task_run_ids", json_type(), nullable=False),
    Column("last_version", Boolean, nullable=False),
    Column("info", json_type(), nullable=True),
    Index("ix_result_task_id", "task_id"),
    Index("ix_result_project_id_id", "project_id", "id"),
    **IDS_ARE_FOREVER,
)

helping_material = Table(
    "helpingmaterial",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("info", json_type(), nullable=False),
    Column("media_url", Text, nullable=True),
    Column("priority", Float, nullable=True),
    Column("stored_file", Text, nullable=True),
    Index("ix_helpingmaterial_project_id", "project_id"),
    **IDS_ARE_FOREVER,
)

webhook = Table(
    "webhook",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("event", Text, nullable=False),
    Column("payload", json_type(), nullable=False),
    Column("task_id", Integer, nullable=True),
    Column("result_id", Integer, nullable=True),
    Column("status", Text, nullable=False),
    Column("n_attempts", Integer, nullable=False),
    Column("response_status_code", Integer, nullable=True),
    Column("response", Text, nullable=True),
    Index("ix_webhook_project_id_id", "project_id", "id"),
    **IDS_ARE_FOREVER,
)

webhook_attempt = Table(
    "webhook_attempt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("webhook_id", Integer, ForeignKey("webhook.id", ondelete="CASCADE"), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("status", Text, nullable=False),
    Column("response_status_code", Integer, nullable=True),
    Column("error", Text, nullable=True),
    Index("ix_webhook_attempt_webhook_id_id", "webhook_id", "id"),
    **IDS_ARE_FOREVER,
)

# Browser sessions signed out before their cookie expired, when no Redis keeps them (the
# embedded default): a restart must not bring a signed-out cookie back to life.
revoked_session = Table(
    "revoked_session",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("expires_at", DateTime, nullable=False, index=True),
)


def _author_fk() -> ForeignKey:
    """The user who wrote a post: when their account goes, the post stays, authorless."""
    return ForeignKey("user.id", ondelete="SET NULL")


announcement = Table(
    "announcement",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column("user_id", Integer, _author_fk(), nullable=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("info", json_type(), nullable=False),
    Column("media_url", Text, nullable=True),
    Column("published", Boolean, nullable=False),
    **IDS_ARE_FOREVER,
)

blogpost = Table(
    "blogpost",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("user_id", Integer, _author_fk(), nullable=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("info", json_type(), nullable=False),
    Column("media_url", Text, nullable=True),
    Column("published", Boolean, nullable=False),
    Index("ix_blogpost_project_id_id", "project_id", "id"),
    Index("ix_blogpost_user_id", "user_id"),
    **IDS_ARE_FOREVER,
)

page = Table(
    "page",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created", DateTime, nullable=False),
    Column("project_id", Integer, _project_fk(), nullable=False),
    Column("slug", Text, nullable=False),
    Column("info", json_type(), nullable=False),
    Column("media_url", Text, nullable=True),
    Index("ix_page_project_id_slug", "project_id", "slug"),
    **IDS_ARE_FOREVER,
)

# A user's favourite tasks (PYBOSSA keeps them in task.fav_user_ids, which stays in step for
# the task's JSON): one row per user and task, so a user's favourites are one index range.
favorite = Table(
    "favorite",
    metadata,
    Column("user_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("task_id", Integer, ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    Column("created", DateTime, nullable=False),
    Index("ix_favorite_task_id", "task_id"),
)
