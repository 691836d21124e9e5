"""The HTTP contract over in-memory fakes (no I/O)."""

import pytest

from entrypoints.wsgi import create_app
from http_catalog import *  # noqa: F403
from http_contract import *  # noqa: F403
from http_contract import make_api_client
from http_coowners import *  # noqa: F403
from http_exports import *  # noqa: F403
from http_gold import *  # noqa: F403
from http_imports import *  # noqa: F403
from http_loop import *  # noqa: F403
from http_more_api import *  # noqa: F403
from http_observed_views import *  # noqa: F403
from http_project_forms import *  # noqa: F403
from http_project_pages import *  # noqa: F403
from http_project_views import *  # noqa: F403
from http_pybossa_js import *  # noqa: F403
from http_results import *  # noqa: F403
from http_robustness import *  # noqa: F403
from http_search_bounds import *  # noqa: F403
from http_site_views import *  # noqa: F403
from http_task_views import *  # noqa: F403
from http_view_shapes import *  # noqa: F403
from pybossa_core.categories import Category

from .fakes import ManualSchedule
from .fakes.app import fake_services


@pytest.fixture
def api():
    # Webhook deliveries wait for the test (no timer threads over the fake unit of work).
    services = fake_services(
        {"max_avatar_bytes": 100_000, "rate_limit_enabled": False}, job_schedule=ManualSchedule()
    )
    _seed_default_category(services)
    return make_api_client(create_app(services), services)


def _seed_default_category(services) -> None:
    """The migrations seed the default categories; the fakes start from them too."""
    with services.units_of_work() as uow:
        uow.categories.add(
            Category(name="Thinking", short_name="thinking", created=services.clock())
        )
        uow.commit()
