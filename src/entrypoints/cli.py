"""The `pybossa-falcon` command: serve, worker, db upgrade, db import-pybossa, users create,
tasks import."""

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy.exc import OperationalError
from tqdm import tqdm
from tqdm.utils import CallbackIOWrapper

from adapters.sql import migrations
from entrypoints import cli_output, cli_site_import
from entrypoints.bootstrap import bootstrap
from entrypoints.schemas import task_files
from entrypoints.schemas.render import render
from entrypoints.settings import SettingError, Settings
from pybossa_core import errors, permissions
from pybossa_core.use_cases import imports, users
from pybossa_core.users import Actor

# dramatiq calls it in each worker process: see entrypoints/worker.py.
WORKER_SETUP = "entrypoints.worker:set_up_broker"
TASK_FILE_FORMATS = {
    ".csv": task_files.CSV,
    ".json": task_files.JSON,
    ".ndjson": task_files.NDJSON,
    ".jsonl": task_files.NDJSON,
}
# Whoever runs a command on the server may change any project: they act as an admin.
# User id 0 names nobody (ids start at 1); nothing an import stores records who imported.
OPERATOR = Actor(user_id=0, admin=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingError as exc:
        return cli_output.refuse(str(exc))
    try:
        return args.run(settings, args)
    except errors.DomainError as exc:
        detail = getattr(exc, "errors", None)
        if detail:
            return cli_output.refuse(exc.message, errors=detail)
        return cli_output.refuse(exc.message)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pybossa-falcon", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _add_process_commands(commands)
    _add_database_commands(commands)
    _add_user_commands(commands)
    _add_task_commands(commands)
    return parser


# -- the processes: serve, worker ---------------------------------------------------------------


def _add_process_commands(commands: argparse._SubParsersAction) -> None:
    serving = commands.add_parser("serve", help="serve the API with gunicorn")
    serving.set_defaults(run=serve)
    working = commands.add_parser("worker", help="run the dramatiq workers (needs REDIS_URL)")
    working.add_argument("--processes", type=int, default=2)
    working.add_argument("--threads", type=int, default=4)
    working.set_defaults(run=worker)


def serve(settings: Settings, args: argparse.Namespace) -> int:
    """Replace this process with gunicorn running the app with the shipped settings."""
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(gunicorn, [gunicorn, "--config", "python:entrypoints.gunicorn_config"])
    return 0


def worker(settings: Settings, args: argparse.Namespace) -> int:
    """Replace this process with dramatiq workers running the background jobs."""
    if settings.redis_url is None:
        return cli_output.refuse("The worker needs REDIS_URL; without it jobs run inline")
    dramatiq = os.path.join(os.path.dirname(sys.executable), "dramatiq")
    # `module:function` makes dramatiq consume the broker the function sets up, the one the
    # web processes send to; a bare module name would consume dramatiq's default broker.
    os.execv(
        dramatiq,
        [
            dramatiq,
            WORKER_SETUP,
            "--processes",
            str(args.processes),
            "--threads",
            str(args.threads),
        ],
    )
    return 0


# -- the database: db upgrade (db import-pybossa is in cli_site_import) ------------------------


def _add_database_commands(commands: argparse._SubParsersAction) -> None:
    database = commands.add_parser("db", help="database commands")
    database_commands = database.add_subparsers(required=True)
    upgrade = database_commands.add_parser("upgrade", help="apply migrations to DATABASE_URL")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(run=db_upgrade)
    cli_site_import.add_command(database_commands)


def db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    """Apply the migrations and say which ones, or that there was nothing to do."""
    where = _safe_url(settings.database_url)
    try:
        done = migrations.upgrade(settings.database_url, args.revision)
    except CommandError as exc:
        return cli_output.refuse(f"Cannot upgrade {where} to {args.revision}: {exc}")
    except OperationalError as exc:
        return cli_output.refuse(
            f"Cannot reach the database at {where}: {cli_output.one_line(exc)}"
        )
    for step in done.applied:
        cli_output.say(f"Applied {step.revision}: {step.title}")
    if not done.applied:
        cli_output.say(f"Nothing to do: {where} is already at {done.revision}")
    else:
        cli_output.say(f"{where} is now at {done.revision}")
    return 0


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, credentials = head.partition("://")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{tail}"


# -- users: users create ------------------------------------------------------------------------


def _add_user_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("users", help="user commands").add_subparsers(required=True)
    create = group.add_parser("create", help="create a user and print it as JSON")
    create.add_argument("--name", required=True)
    create.add_argument("--email", required=True)
    create.add_argument("--password", required=True, help="the password, or - to read stdin")
    create.add_argument("--fullname")
    create.add_argument("--admin", action="store_true", help="make the user an admin")
    create.set_defaults(run=users_create)


def users_create(settings: Settings, args: argparse.Namespace) -> int:
    """Create a user and print it, api key included, as JSON."""
    password = args.password
    if password == "-":
        password = sys.stdin.readline().rstrip("\n")
    services = bootstrap(settings)
    user = users.create_user(
        services.units_of_work(),
        services.hasher,
        name=args.name,
        email_addr=args.email,
        password=password,
        fullname=args.fullname,
        admin=args.admin,
        now=services.clock(),
        keys=services.keys,
    )
    hidden = permissions.hidden_fields(Actor.for_user(user), "user", user)  # their own: none
    shown = render("user", user, hidden)
    cli_output.say(json.dumps({**shown, "api_key": user.api_key}))
    return 0


# -- tasks: tasks import (a bulk import from the console, with progress) ------------------------


def _add_task_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("tasks", help="task commands").add_subparsers(required=True)
    command = group.add_parser(
        "import",
        help="import tasks from a CSV, JSON or NDJSON file, "
        "all or none, and print what was done as JSON",
    )
    command.add_argument("project", help="the project's id or short name")
    command.add_argument("file", type=Path)
    command.add_argument(
        "--format",
        choices=sorted(set(TASK_FILE_FORMATS.values())),
        help="the file's format (default: from its extension)",
    )
    command.add_argument(
        "--max-rows", type=int, help="refuse files with more rows (default: IMPORT_MAX_ROWS)"
    )
    command.set_defaults(run=tasks_import)


def tasks_import(settings: Settings, args: argparse.Namespace) -> int:
    """Stream the file through the import use case against DATABASE_URL."""
    if not args.file.is_file():
        raise errors.NotFound("file", str(args.file))
    file_format = args.format or _format_of(args.file)
    services = bootstrap(settings)
    try:
        with args.file.open("rb") as handle, _progress_bar(args.file) as bar:
            rows = task_files.read_rows(
                CallbackIOWrapper(bar.update, handle, "read"),
                file_format,
                max_bytes=None,
                max_row_chars=settings.max_body_bytes,
            )
            report = imports.import_tasks(
                services.units_of_work(),
                _project_key(args.project),
                rows,
                OPERATOR,
                now=services.clock(),
                max_rows=args.max_rows or settings.import_max_rows,
                progress=lambda read: bar.set_postfix(rows=read),
            )
    except errors.InvalidRows as exc:
        refusal = {"error": exc.message, "errors": exc.errors, "more_errors": exc.more_errors}
        sys.stderr.write(json.dumps(refusal) + "\n")
        return 2
    finally:
        services.close()
    done = {"imported": report.imported, "rows": report.rows, "skipped": report.skipped_duplicates}
    sys.stdout.write(json.dumps(done) + "\n")
    return 0


def _format_of(path: Path) -> str:
    found = TASK_FILE_FORMATS.get(path.suffix.lower())
    if found is None:
        raise errors.InvalidInput(
            f"Cannot tell the format of {path.name}: name it .csv, .json, "
            ".ndjson or .jsonl, or give --format"
        )
    return found


def _project_key(raw: str) -> int | str:
    if raw.isascii() and raw.isdigit():
        return int(raw)
    return raw


def _progress_bar(path: Path) -> tqdm:
    """Bytes of the file read so far, on standard error (the report goes to standard out)."""
    return tqdm(
        total=path.stat().st_size,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=f"importing {path.name}",
        file=sys.stderr,
        mininterval=0.5,
    )
