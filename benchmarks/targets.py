"""The targets, in one place: each case's limit (measured in the same run) and the ratio due."""

NEWTASK_OF_READ_LIMIT = 0.50  # newtask req/s over the read limit's
CYCLE_OF_LIMIT_CYCLE = 0.50  # newtask → taskrun cycles/s over the limits app's cycles/s
TASK_LIST_OF_READ_LIMIT = 0.20  # GET /api/task?project_id=..&limit=100 over the read limit
TAIL_P99_OVER_P50 = 3.0  # in every case, p99 at most this many times p50
SCALE_COST = 1.5  # newtask's stack CPU per request, largest project over the 10,000-task one
IMPORT_SECONDS = 10.0  # the bulk import of 100,000 tasks, end to end
SITE_IMPORT_SECONDS = 120.0  # db import-pybossa of a site of 1,000,000 task runs
SITE_IMPORT_MEMORY_RATIO = 1.25  # its peak memory over that of a site ten times smaller

# case key -> (the limit it is compared with, the least ratio due or None: reported only)
COMPARISONS = {
    "newtask": ("read_limit", NEWTASK_OF_READ_LIMIT),
    "newtask_small": ("read_limit", None),
    "newtask_large": ("read_limit", None),
    "list": ("read_limit", TASK_LIST_OF_READ_LIMIT),
    "project_list": ("read_limit", None),
    "project_page": ("read_limit", None),
    "task_browse": ("read_limit", None),
    "cycle": ("limit_cycle", CYCLE_OF_LIMIT_CYCLE),
    "newtask_history": ("read_limit", None),
}


def as_dict() -> dict:
    """Every target, for the JSON results."""
    return {
        "newtask_of_read_limit": NEWTASK_OF_READ_LIMIT,
        "cycle_of_limit_cycle": CYCLE_OF_LIMIT_CYCLE,
        "task_list_of_read_limit": TASK_LIST_OF_READ_LIMIT,
        "tail_p99_over_p50": TAIL_P99_OVER_P50,
        "scale_cost": SCALE_COST,
        "import_seconds": IMPORT_SECONDS,
        "site_import_seconds": SITE_IMPORT_SECONDS,
        "site_import_memory_ratio": SITE_IMPORT_MEMORY_RATIO,
    }
