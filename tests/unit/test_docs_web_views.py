"""docs/web-views.md lists every routed web view once, with the methods its resource answers."""

from pathlib import Path

import pytest

from entrypoints import openapi, openapi_views
from entrypoints.wsgi import create_app

from .fakes.app import fake_services

DOC = Path(__file__).resolve().parents[2] / "docs" / "web-views.md"
README = Path(__file__).resolve().parents[2] / "README.md"


def documented_views(text: str) -> dict[str, list[tuple[str, ...]]]:
    """Each table row's route (its first cell, in backticks) -> the methods of each such row."""
    rows: dict[str, list[tuple[str, ...]]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `/") and len(cells) >= 2:
            methods = tuple(method.strip() for method in cells[1].split(","))
            rows.setdefault(cells[0].strip("`"), []).append(methods)
    return rows


@pytest.fixture(scope="module")
def routed_views() -> dict[str, tuple[str, ...]]:
    routes = openapi.registered_routes(create_app(fake_services()))
    return {r.template: r.methods for r in routes if openapi_views.is_view(r.template)}


def test_every_routed_web_view_is_in_the_index_once_with_its_methods(routed_views):
    rows = documented_views(DOC.read_text())
    assert sorted(set(routed_views) - set(rows)) == []  # routed, not documented
    assert sorted(set(rows) - set(routed_views)) == []  # documented, not routed
    for path, methods in routed_views.items():
        assert rows[path] == [methods], path


def test_the_parser_reads_a_row_and_skips_other_lines():
    text = "| route | methods |\n| `/a/{b}` | GET, POST | who | what |  |\n`/c` in prose\n"
    assert documented_views(text) == {"/a/{b}": [("GET", "POST")]}


def test_the_readme_links_the_index():
    assert "(docs/web-views.md)" in README.read_text()
