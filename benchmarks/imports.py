"""Bulk import under gunicorn: 100,000 tasks POSTed as one NDJSON body, timed end to end.

A new project is created through the API; the body (one task per line, each with an `info`
object, `n_answers` and a `dedupe_key`, about 10 MB) is built before the clock starts and
sent with its Content-Length; the time runs until the JSON report has arrived. The same body
is then sent again: every row is a known dedupe key, so nothing is added (the re-run case).
`python -m benchmarks.imports` runs this part alone on a fresh database.
"""

import dataclasses
import http.client
import json
import sys
import time
import urllib.parse
from dataclasses import dataclass

from benchmarks import fixtures, standalone
from benchmarks.targets import IMPORT_SECONDS

TIMEOUT = 300


@dataclass(frozen=True)
class ImportMeasure:
    """One import request: how many rows, how long, what the server reported."""

    rows: int
    body_bytes: int
    seconds: float
    imported: int
    skipped: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict:
        """The fields and the rate, for the JSON results."""
        return {**dataclasses.asdict(self), "rows_per_second": self.rows_per_second}


@dataclass(frozen=True)
class ImportResult:
    """The first import of a project and the same file imported again."""

    first: ImportMeasure
    rerun: ImportMeasure

    @property
    def met(self) -> bool:
        return self.first.imported == self.first.rows and self.first.seconds < IMPORT_SECONDS

    def to_json(self) -> dict:
        """Both imports, the target and whether the first met it, for the JSON results."""
        return {
            "first": self.first.to_json(),
            "rerun": self.rerun.to_json(),
            "target_seconds": IMPORT_SECONDS,
            "met": self.met,
        }


def ndjson_body(tasks: int) -> bytes:
    """One task per line, shaped like the benchmark's other projects' tasks."""
    return "".join(
        json.dumps(
            {
                "info": {
                    "url": f"https://example.org/birds/{n}.jpg",
                    "question": "Do you see a bird?",
                },
                "n_answers": 5,
                "dedupe_key": f"bird-{n}",
            }
        )
        + "\n"
        for n in range(tasks)
    ).encode()


def post_import(base_url: str, api_key: str, project_id: int, body: bytes) -> ImportMeasure:
    """POST the body once and time it until the whole answer is in."""
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=TIMEOUT)
    path = f"/api/project/{project_id}/tasks/import?api_key={api_key}"
    try:
        started = time.monotonic()
        connection.request(
            "POST", path, body=body, headers={"Content-Type": "application/x-ndjson"}
        )
        response = connection.getresponse()
        answer = response.read()
        seconds = time.monotonic() - started
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"import answered {response.status}: {answer[:500]!r}")
    report = json.loads(answer)
    return ImportMeasure(report["rows"], len(body), seconds, report["imported"], report["skipped"])


def measure_import(base_url: str, api_key: str, say, tasks: int) -> ImportResult:
    """Create a project, import `tasks` tasks into it, then import the same file again."""
    created = fixtures.call(
        "POST",
        f"{base_url}/api/project?api_key={api_key}",
        {
            "name": f"Imports {tasks}",
            "short_name": f"imports{tasks}",
            "description": f"{tasks} imported tasks",
        },
    )
    project_id = int(json.loads(created)["id"])
    body = ndjson_body(tasks)
    say(f"bulk import: POSTing {tasks:,} tasks ({len(body) / 1e6:.1f} MB of NDJSON)")
    result = ImportResult(
        post_import(base_url, api_key, project_id, body),
        post_import(base_url, api_key, project_id, body),
    )
    say(
        f"  {result.first.imported:,} imported in {result.first.seconds:.1f} s; re-run: "
        f"{result.rerun.skipped:,} skipped in {result.rerun.seconds:.1f} s"
    )
    return result


def main() -> int:
    """Only this part: a fresh database, the server, the import; JSON on stdout."""
    from benchmarks import run  # run imports this module

    result = standalone.run_alone(
        "imports",
        lambda config, app, api_key: measure_import(
            app.base_url, api_key, run.say, config.sizes.import_tasks
        ),
    )
    print(json.dumps(result.to_json(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
