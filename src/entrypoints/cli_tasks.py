"""`pybossa-falcon tasks import PROJECT FILE`: a bulk import from the console, with progress."""
import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm
from tqdm.utils import CallbackIOWrapper

from entrypoints.bootstrap import bootstrap
from entrypoints.schemas import task_files
from entrypoints.settings import Settings
from pybossa_core import errors
from pybossa_core.use_cases import imports
from pybossa_core.users import Actor

FORMATS = {".csv": task_files.CSV, ".json": task_files.JSON, ".ndjson": task_files.NDJSON,
           ".jsonl": task_files.NDJSON}
# Whoever runs the command on the server may change any project: they act as an admin.
# User id 0 names nobody (ids start at 1); nothing an import stores records who imported.
OPERATOR = Actor(user_id=0, admin=True)


def add_commands(commands: argparse._SubParsersAction) -> None:
    """The `tasks` command group."""
    group = commands.add_parser("tasks", help="task commands").add_subparsers(required=True)
    command = group.add_parser("import", help="import tasks from a CSV, JSON or NDJSON file, "
                                              "all or none, and print what was done as JSON")
    command.add_argument("project", help="the project's id or short name")
    command.add_argument("file", type=Path)
    command.add_argument("--format", choices=sorted(set(FORMATS.values())),
                         help="the file's format (default: from its extension)")
    command.add_argument("--max-rows", type=int,
                         help="refuse files with more rows (default: IMPORT_MAX_ROWS)")
    command.set_defaults(run=import_file)


def import_file(settings: Settings, args: argparse.Namespace) -> int:
    """Stream the file through the import use case against DATABASE_URL."""
    if not args.file.is_file():
        raise errors.NotFound("file", str(args.file))
    file_format = args.format or _format_of(args.file)
    services = bootstrap(settings)
    try:
        with args.file.open("rb") as handle, _progress_bar(args.file) as bar:
            rows = task_files.read_rows(CallbackIOWrapper(bar.update, handle, "read"),
                                        file_format, max_bytes=None,
                                        max_row_chars=settings.max_body_bytes)
            report = imports.import_tasks(
                services.uow, _project_key(args.project), rows, OPERATOR,
                now=services.clock(), max_rows=args.max_rows or settings.import_max_rows,
                progress=lambda read: bar.set_postfix(rows=read))
    except errors.InvalidRows as exc:
        sys.stderr.write(json.dumps({"error": exc.message, "errors": exc.errors,
                                     "more_errors": exc.more_errors}) + "\n")
        return 2
    finally:
        services.close()
    sys.stdout.write(json.dumps({"imported": report.imported, "rows": report.rows,
                                 "skipped": report.skipped_duplicates}) + "\n")
    return 0


def _format_of(path: Path) -> str:
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise errors.InvalidInput(f"Cannot tell the format of {path.name}: name it .csv, .json, "
                                  ".ndjson or .jsonl, or give --format")
    return found


def _project_key(raw: str) -> int | str:
    return int(raw) if raw.isascii() and raw.isdigit() else raw


def _progress_bar(path: Path) -> tqdm:
    """Bytes of the file read so far, on standard error (the report goes to standard out)."""
    return tqdm(total=path.stat().st_size, unit="B", unit_scale=True, unit_divisor=1024,
                desc=f"importing {path.name}", file=sys.stderr, mininterval=0.5)
