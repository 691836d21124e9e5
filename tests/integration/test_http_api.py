"""The HTTP contract over real SQLite and PostgreSQL databases built by the migrations."""

import pytest

from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
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
from unit.fakes import FakeMailer


@pytest.fixture
def api(database_url, tmp_path):
    settings = Settings(
        database_url=database_url,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        max_avatar_bytes=100_000,
        rate_limit_enabled=False,
    )
    services = bootstrap(settings, mailer=FakeMailer())
    yield make_api_client(create_app(services), services)
    services.close()
