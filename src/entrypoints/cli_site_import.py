"""`pybossa-falcon db import-pybossa --from URL`: a PYBOSSA site's database copied into this
one, all or nothing, with a progress bar per kind and a verification table at the end."""

import argparse
import json
import sys
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from tqdm import tqdm

from adapters.random_keys import SystemRandomKeys
from adapters.sql import database
from adapters.sql.pybossa_source import SqlPybossaSource
from adapters.sql.site_import_target import SqlSiteImportTarget
from adapters.storage import LocalFileStorage
from entrypoints import cli_output
from entrypoints.settings import Settings
from pybossa_core.clock import utcnow
from pybossa_core.site_import import LEFT_BEHIND, ImportReport
from pybossa_core.use_cases.site_import import import_pybossa_site


def add_command(db_commands: argparse._SubParsersAction) -> None:
    """`db import-pybossa`."""
    command = db_commands.add_parser(
        "import-pybossa",
        help="copy a PYBOSSA database (read only) into DATABASE_URL, which "
        "must be migrated and empty; all or nothing",
    )
    command.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="URL",
        help="the PYBOSSA database, postgresql://user@host/name",
    )
    command.add_argument(
        "--uploads",
        type=Path,
        metavar="DIR",
        help="the folder PYBOSSA's local uploader wrote (avatars, helping "
        "materials): their files are copied into STORAGE_DIR",
    )
    command.add_argument(
        "--dry-run",
        action="store_true",
        help="do all of it, report, and roll back: nothing is kept",
    )
    command.add_argument(
        "--json", action="store_true", help="print the report as JSON instead of a table"
    )
    command.set_defaults(run=import_pybossa)


def import_pybossa(settings: Settings, args: argparse.Namespace) -> int:
    """Run the import; a failure leaves DATABASE_URL as it was (exit status 2)."""
    if args.uploads is not None and not args.uploads.is_dir():
        return cli_output.refuse(f"No such folder: {args.uploads}")
    with ExitStack() as closing:
        try:
            source = SqlPybossaSource(args.source)
        except (ValueError, DBAPIError) as exc:
            return cli_output.refuse(
                f"Cannot read the PYBOSSA database: {cli_output.one_line(exc)}"
            )
        closing.callback(source.close)
        engine = database.create_engine_for(settings.database_url)
        closing.callback(engine.dispose)
        bars = _ProgressBars()
        closing.callback(bars.close)
        try:
            report = import_pybossa_site(
                source,
                SqlSiteImportTarget(engine),
                now=utcnow(),
                keys=SystemRandomKeys(),
                uploads=_uploads(args),
                storage=LocalFileStorage(settings.storage_dir, settings.max_upload_bytes),
                dry_run=args.dry_run,
                progress=bars.start,
            )
        except DBAPIError as exc:
            return cli_output.refuse(f"Nothing was imported: {cli_output.one_line(exc)}")
    cli_output.say(json.dumps(report.as_dict()) if args.json else verification_table(report))
    return 0


def _uploads(args: argparse.Namespace) -> LocalFileStorage | None:
    """PYBOSSA's upload folder, read as a storage of the same layout; no size limit."""
    if args.uploads is None:
        return None
    return LocalFileStorage(args.uploads, max_bytes=sys.maxsize)


def verification_table(report: ImportReport) -> str:
    """Rows in the source, imported and skipped per kind, with the reasons; then what was
    left behind."""
    lines = [f"{'kind':<16}{'source':>10}{'imported':>10}{'skipped':>10}"]
    for kind, found in report.kinds.items():
        lines.append(
            f"{kind:<16}{found.source_rows:>10}{found.imported:>10}"
            f"{sum(found.skipped.values()):>10}"
        )
        lines += [f"    skipped {rows}: {reason}" for reason, rows in found.skipped.items()]
        lines += [f"    note {rows}: {note}" for note, rows in found.notes.items()]
    for table, rows in report.left_behind.items():
        lines.append(f"left behind {table}: {rows} rows ({LEFT_BEHIND[table]})")
    if report.dry_run:
        lines.append("dry run: everything was rolled back, nothing is kept")
    return "\n".join(lines)


class _ProgressBars:
    """One bar per kind on standard error (the report goes to standard output)."""

    def __init__(self) -> None:
        self.bars: list[tqdm] = []

    def start(self, kind: str, total: int):
        if self.bars:
            self.bars[-1].close()
        bar = tqdm(total=total, desc=kind, unit=" rows", file=sys.stderr, mininterval=0.5)
        self.bars.append(bar)
        return bar.update

    def close(self) -> None:
        for bar in self.bars:
            bar.close()
