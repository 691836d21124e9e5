"""GET /health (the process answers) and GET /ready (its database and Redis answer too).

A load balancer restarts a server whose /health fails and stops sending traffic to one whose
/ready fails, so /health touches nothing outside the process: a database outage must not get
every web process restarted.
"""

from collections.abc import Mapping

import falcon

from entrypoints.resources.base import Resource
from pybossa_core import errors
from pybossa_core.ports import HealthCheck

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_CONFIGURED = "not configured"


class Health(Resource):
    """Liveness: {"status": "ok"} without any I/O."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok"}

    def on_head(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.status = falcon.HTTP_200


class Ready(Resource):
    """Readiness: 200 when every configured service answers; 503 naming those that do not."""

    def __init__(self, checks: Mapping[str, HealthCheck | None]) -> None:
        self.checks = checks

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        results = {name: _outcome(check) for name, check in self.checks.items()}
        failed = sorted(name for name, outcome in results.items() if outcome == UNAVAILABLE)
        if failed:
            resp.status = falcon.HTTP_503
            resp.media = {"status": UNAVAILABLE, "checks": results, "failed": failed}
        else:
            resp.media = {"status": "ready", "checks": results}


def _outcome(check: HealthCheck | None) -> str:
    """ok, unavailable, or not configured (a service this deployment does without)."""
    if check is None:
        return NOT_CONFIGURED
    try:
        check.check()
    except errors.Unavailable:
        return UNAVAILABLE
    return OK
