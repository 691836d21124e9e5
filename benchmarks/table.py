"""The one table of a run, cases against their limits and targets, from its JSON document.

`python -m benchmarks.table RESULTS.json` prints it again from a saved run (Markdown).
"""

import json
import sys
from pathlib import Path

HEADER = (
    "case",
    "database",
    "unit",
    "rate /s",
    "p50 ms",
    "p99 ms",
    "p99/p50",
    "tail met",
    "errors",
    "compared with",
    "ratio",
    "CPU ratio",
    "target",
    "met",
)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f} %"


def _yes_no(met: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[met]


def _case_row(case: dict) -> list[str]:
    found = case["comparison"] or {}
    tail = case["tail"]
    target = found.get("target")
    return [
        case["label"],
        case["database"],
        case["unit"],
        f"{case['rate']:,.0f}",
        f"{case['p50_ms']:.1f}",
        f"{case['p99_ms']:.1f}",
        "" if tail["p99_over_p50"] is None else f"{tail['p99_over_p50']:.1f}×",
        _yes_no(tail["met"]),
        str(case["errors"]),
        found.get("limit", ""),
        _pct(found.get("ratio")),
        _pct(found.get("cpu_ratio")),
        "" if target is None else f"≥ {_pct(target)}",
        _yes_no(found.get("met")),
    ]


def _computed_cycle_row(case: dict) -> list[str]:
    computed = case["computed_cycles_per_s"]
    return [
        "limit cycle, computed: 1/(1/read + 1/write)",
        case["database"],
        "cycle",
        f"{computed:,.0f}",
        *[""] * 10,
    ]


def _scaling_row(scaling: dict) -> list[str]:
    return [
        f"newtask cost (stack CPU per request), {scaling['tasks']:,} vs "
        f"{scaling['baseline_tasks']:,} tasks",
        "postgresql",
        "request",
        "",
        "",
        "",
        "",
        "",
        "",
        scaling["baseline"],
        f"{scaling['rps_cost_ratio']:.2f}×",
        f"{scaling['cpu_cost_ratio']:.2f}×",
        f"CPU ratio ≤ {scaling['target']}×",
        _yes_no(scaling["met"]),
    ]


def rows(document: dict) -> list[list[str]]:
    """Every case in run order, the computed limit cycle after the measured one, scaling last."""
    found = []
    for case in document["cases"]:
        found.append(_case_row(case))
        if case.get("computed_cycles_per_s"):
            found.append(_computed_cycle_row(case))
    if document["scaling"]:
        found.append(_scaling_row(document["scaling"]))
    return found


def markdown(document: dict) -> str:
    """The table in Markdown."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(document)]
    return "\n".join(lines)


def console(document: dict) -> str:
    """The table as aligned text for the terminal."""
    cells = [list(HEADER), *rows(document)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


def main() -> int:
    """Print the Markdown table of the JSON results named on the command line."""
    print(markdown(json.loads(Path(sys.argv[1]).read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
