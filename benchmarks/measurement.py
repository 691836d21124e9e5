"""Measurement: what one load-generator run saw, whichever generator ran it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Series:
    """Latencies of one kind of request, in milliseconds."""

    count: int
    p50_ms: float
    p99_ms: float
    mean_ms: float


@dataclass(frozen=True)
class Measurement:
    """Requests, duration, errors, overall latency and the per-kind series and counters."""

    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    series: dict[str, Series] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        """Responses per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def rate(self, counter: str) -> float:
        """Occurrences of a counter per second."""
        return self.counters.get(counter, 0) / self.seconds if self.seconds else 0.0


def from_report(report: dict) -> Measurement:
    """A Measurement from the JSON both generators print (latencies in microseconds)."""
    series = {
        name: Series(s["count"], s["p50"] / 1000, s["p99"] / 1000, s["mean"] / 1000)
        for name, s in report.get("series", {}).items()
    }
    failed = sum(
        n
        for name, n in report.get("counters", {}).items()
        if name.endswith("failed") or name == "not_served"
    )
    return Measurement(
        requests=report["requests"],
        seconds=report["duration_us"] / 1e6,
        errors=_errors(report["errors"], failed),
        p50_ms=report["latency"]["p50"] / 1000,
        p99_ms=report["latency"]["p99"] / 1000,
        series=series,
        counters=dict(report.get("counters", {})),
    )


def _errors(errors: dict[str, int], failed: int) -> int:
    """Transport errors plus failed requests; a non-2xx answer is in both the generator's
    `status` tally and the scripts' failed counters, so it counts once."""
    transport = sum(n for name, n in errors.items() if name != "status")
    return transport + max(errors.get("status", 0), failed)
