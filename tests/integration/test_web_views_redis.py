"""PYBOSSA's web views as production serves them: PostgreSQL, with sessions' revocations,
stamps, locks, throttles and jobs in Redis (under a key prefix of the test's own). Every
request of observed-web-views.md is replayed there too, with the web views' shapes."""

import pytest

from entrypoints.bootstrap import bootstrap
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from http_contract import make_api_client
from http_observed_views import *  # noqa: F403
from http_view_shapes import *  # noqa: F403
from unit.fakes import FakeMailer

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def api(database_url, redis_url, redis_prefix, tmp_path):
    settings = Settings(
        database_url=database_url,
        redis_url=redis_url,
        redis_prefix=redis_prefix,
        storage_dir=tmp_path / "uploads",
        bcrypt_rounds=4,
        rate_limit_enabled=False,
    )
    services = bootstrap(settings, mailer=FakeMailer())
    yield make_api_client(create_app(services), services)
    services.close()
