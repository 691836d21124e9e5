"""Prometheus metrics at /metrics: requests and latency per route, tasks served, runs recorded.

Under gunicorn every worker process writes its samples to files in PROMETHEUS_MULTIPROC_DIR
(set up by gunicorn_config from METRICS_DIR), and a scrape of any worker adds up all of them;
without it (tests, a lone process) the samples live in this app's own registry.
"""

import ipaddress
import time

import falcon
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from entrypoints.resources.base import Resource
from pybossa_core import errors

UNMATCHED = "unmatched"
OTHER_METHOD = "other"
TASK_RUNS_ROUTE = "/api/taskrun"
NEWTASK_SUFFIX = "/newtask"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The instruments of one app."""

    def __init__(self, multiprocess_mode: bool = False) -> None:
        self.multiprocess_mode = multiprocess_mode
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "pybossa_http_requests",
            "HTTP requests by route template, method and status",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "pybossa_http_request_duration_seconds",
            "Time to answer, by route template",
            ("route", "method"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.tasks_served = Counter(
            "pybossa_tasks_served", "Tasks handed to volunteers by newtask", registry=self.registry
        )
        self.task_runs = Counter(
            "pybossa_task_runs_recorded",
            "Answers (task runs) recorded by POST /api/taskrun",
            registry=self.registry,
        )

    def exposition(self) -> bytes:
        """The text exposition format; in multiprocess mode, summed over every worker."""
        if not self.multiprocess_mode:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)


class RequestMetrics:
    """Middleware: counts and times each request by its route template (not its path)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.metrics_started = time.perf_counter()

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool
    ) -> None:
        elapsed = time.perf_counter() - req.context.metrics_started
        route = req.uri_template or UNMATCHED
        method = req.method if req.method in falcon.COMBINED_METHODS else OTHER_METHOD
        status = resp.status_code
        self.metrics.requests.labels(route, method, str(status)).inc()
        self.metrics.latency.labels(route, method).observe(elapsed)
        if status != 200:
            return
        if route.endswith(NEWTASK_SUFFIX):
            self.metrics.tasks_served.inc(_tasks_in(resp.media))
        elif route == TASK_RUNS_ROUTE and method == "POST":
            self.metrics.task_runs.inc()


class MetricsResource(Resource):
    """GET /metrics: what Prometheus scrapes, for the scrapers METRICS_ALLOW_IPS names only
    (traffic, error rates and worker counts are nobody else's business)."""

    def __init__(self, metrics: Metrics, allow_ips: str = "*") -> None:
        self.metrics = metrics
        self.scrapers = (
            None
            if allow_ips.strip() == "*"
            else [
                ipaddress.ip_network(part.strip()) for part in allow_ips.split(",") if part.strip()
            ]
        )

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        if not self._allowed(req.context.client_ip):
            raise errors.Forbidden(
                "Only the scrapers METRICS_ALLOW_IPS names may read /metrics", "metrics"
            )
        resp.content_type = CONTENT_TYPE_LATEST
        resp.data = self.metrics.exposition()

    def _allowed(self, client: str | None) -> bool:
        if self.scrapers is None:
            return True
        try:
            address = ipaddress.ip_address(client or "")
        except ValueError:
            return False
        return any(address in network for network in self.scrapers)


def _tasks_in(media) -> int:
    """How many tasks a newtask answer holds: a list of them, one, or none ({})."""
    if isinstance(media, list):
        return len(media)
    return 1 if media else 0
