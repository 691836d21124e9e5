"""Small calculations the table and the analysis share."""
from benchmarks.cases import STACK

NEWTASK_TARGET = 0.50   # newtask req/s over the read limit's
CYCLE_TARGET = 0.60     # cycles/s over the write limit's transactions/s
SCALE_TARGET = 1.5      # newtask's cost on the large project over the 10,000-task one


def pct(value: float) -> str:
    """0.214 -> '21 %'."""
    return f"{100 * value:.0f} %"


def result(bench, key: str):
    """A case's result, or None when the case did not run."""
    return bench.results.get(key)


def stack(found) -> float:
    """CPU milliseconds per request of the whole stack (servers, PostgreSQL, Redis, load)."""
    n = max(found.measurement.requests, 1)
    return 1000 * sum(found.cpu_seconds.get(group, 0.0) for group in STACK) / n


def group_ms(found, group: str) -> float:
    """CPU milliseconds per request of one part of the stack."""
    return 1000 * found.cpu_seconds.get(group, 0.0) / max(found.measurement.requests, 1)


def profile(bench, label: str):
    """The in-process profile with this label, or None."""
    return next((p for p in bench.profiles if p.label == label), None)


def share_ms(found_profile, category: str) -> float:
    """Milliseconds per request of one category of a profile (its share of the wall time)."""
    share = dict(found_profile.shares).get(category, 0.0)
    return found_profile.wall_ms * share / 100


def statements(found_profile) -> str:
    """'4 statements (...)' sent per request, as the profile counted them."""
    sql = [(n, text) for text, n in found_profile.statements]
    total = sum(n for n, _ in sql)
    listed = "; ".join(f"{n:g}× {text}" for n, text in sql)
    return f"{total:g} statements ({listed})"
