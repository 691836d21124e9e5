"""The `pybossa-falcon` command: serve, worker, db upgrade, db import-pybossa, users create,
tasks import."""
import argparse
import json
import os
import sys
from collections.abc import Sequence

from alembic.util import CommandError
from sqlalchemy.exc import OperationalError

from adapters.sql import migrations
from entrypoints import cli_site_import, cli_tasks
from entrypoints.bootstrap import bootstrap
from entrypoints.schemas.render import render
from entrypoints.settings import SettingError, Settings
from pybossa_core import errors, permissions
from pybossa_core.use_cases import users
from pybossa_core.users import Actor

WORKER_MODULE = "entrypoints.worker_main"


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingError as exc:
        return _refuse(str(exc))
    try:
        return args.run(settings, args)
    except errors.DomainError as exc:
        detail = getattr(exc, "errors", None)
        return _refuse(exc.message, **({"errors": detail} if detail else {}))


def _refuse(message: str, **details) -> int:
    """Say why on standard error, as one JSON line, and give the exit status 2."""
    print(json.dumps({"error": message, **details}), file=sys.stderr)
    return 2


def serve(settings: Settings, args: argparse.Namespace) -> int:
    """Replace this process with gunicorn running the app with the shipped settings."""
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(gunicorn, [gunicorn, "--config", "python:entrypoints.gunicorn_config"])
    return 0


def worker(settings: Settings, args: argparse.Namespace) -> int:
    """Replace this process with dramatiq workers running the background jobs."""
    if settings.redis_url is None:
        return _refuse("The worker needs REDIS_URL; without it jobs run inline")
    dramatiq = os.path.join(os.path.dirname(sys.executable), "dramatiq")
    # `module:broker` makes dramatiq consume the broker the web processes send to (REDIS_URL,
    # namespaced by REDIS_PREFIX); a bare module name would consume dramatiq's default one.
    os.execv(dramatiq, [dramatiq, f"{WORKER_MODULE}:broker", "--processes",
                        str(args.processes), "--threads", str(args.threads)])
    return 0


def db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    """Apply the migrations and say which ones, or that there was nothing to do."""
    where = _safe_url(settings.database_url)
    try:
        done = migrations.upgrade(settings.database_url, args.revision)
    except CommandError as exc:
        return _refuse(f"Cannot upgrade {where} to {args.revision}: {exc}")
    except OperationalError as exc:
        return _refuse(f"Cannot reach the database at {where}: {' '.join(str(exc.orig).split())}")
    for step in done.applied:
        print(f"Applied {step.revision}: {step.title}")
    if not done.applied:
        print(f"Nothing to do: {where} is already at {done.revision}")
    else:
        print(f"{where} is now at {done.revision}")
    return 0


def users_create(settings: Settings, args: argparse.Namespace) -> int:
    """Create a user and print it, api key included, as JSON."""
    password = sys.stdin.readline().rstrip("\n") if args.password == "-" else args.password
    services = bootstrap(settings)
    user = users.create_user(services.uow, services.hasher, name=args.name,
                             email_addr=args.email, password=password,
                             fullname=args.fullname, admin=args.admin, now=services.clock())
    hidden = permissions.hidden_fields(Actor.for_user(user), "user", user)  # their own: every field
    print(json.dumps({**render("user", user, hidden), "api_key": user.api_key}))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pybossa-falcon", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="serve the API with gunicorn").set_defaults(run=serve)
    work = commands.add_parser("worker", help="run the dramatiq workers (needs REDIS_URL)")
    work.add_argument("--processes", type=int, default=2)
    work.add_argument("--threads", type=int, default=4)
    work.set_defaults(run=worker)
    db = commands.add_parser("db", help="database commands").add_subparsers(required=True)
    upgrade = db.add_parser("upgrade", help="apply migrations to DATABASE_URL")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(run=db_upgrade)
    cli_site_import.add_command(db)
    user_commands = commands.add_parser("users", help="user commands").add_subparsers(
        required=True)
    create = user_commands.add_parser("create", help="create a user and print it as JSON")
    create.add_argument("--name", required=True)
    create.add_argument("--email", required=True)
    create.add_argument("--password", required=True, help="the password, or - to read stdin")
    create.add_argument("--fullname")
    create.add_argument("--admin", action="store_true", help="make the user an admin")
    create.set_defaults(run=users_create)
    cli_tasks.add_commands(commands)
    return parser


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, credentials = head.partition("://")
    return f"{scheme}://{credentials.split(':', 1)[0]}@{tail}"
