"""Prometheus metrics of the runners: module-level constants, fixed label sets, children bound once.

Never an account id in a label: the label values come from closed lists (event types, reason codes,
categories, actions, modes), so the series count is fixed whatever the traffic.
"""

from __future__ import annotations

from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, start_http_server

from pipeline.events import CATEGORIES, EVENT_TYPES, REASONS
from pipeline.policy import ACTION_ORDER

REGISTRY: Final = CollectorRegistry(auto_describe=True)

EVENTS: Final = Counter("contactguard_events", "Input events decoded, by type", ["type"], registry=REGISTRY)
LATE: Final = Counter(
    "contactguard_late_events", "Events older than the lateness bound when they arrived", registry=REGISTRY
)
DUPLICATES: Final = Counter(
    "contactguard_duplicate_events", "Events dropped as duplicates", registry=REGISTRY
)
REJECTS: Final = Counter(
    "contactguard_rejects",
    "Input rejected to the dead-letter topic, by reason",
    ["reason"],
    registry=REGISTRY,
)
ACTIONS: Final = Counter(
    "contactguard_actions",
    "Moderation actions emitted, by category, action and mode",
    ["category", "action", "mode"],
    registry=REGISTRY,
)
PROCESSING_LATENCY: Final = Histogram(
    "contactguard_processing_latency_seconds",
    "Wall clock from consuming the triggering event to emitting the action",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
DETECTION_DELAY: Final = Histogram(
    "contactguard_detection_delay_seconds",
    "Event time from the first evidence to the action",
    buckets=(10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400, 259200),
    registry=REGISTRY,
)
ROLLING_PRECISION: Final = Gauge(
    "contactguard_rolling_precision",
    "Confirmed share of the last 200 reviewer verdicts, by category",
    ["category"],
    registry=REGISTRY,
)
MODEL_VERSION: Final = Gauge(
    "contactguard_model_version",
    "Version of the verdict model scoring each category",
    ["category"],
    registry=REGISTRY,
)
HELD: Final = Counter(
    "contactguard_findings_held",
    "Findings held back by the verdict model (like ones reviewers overturned)",
    registry=REGISTRY,
)
POLICY: Final = Info("contactguard_policy", "Version of the policy in force", registry=REGISTRY)

EVENTS_BY_TYPE: Final = {t: EVENTS.labels(t) for t in EVENT_TYPES}
REJECTS_BY_REASON: Final = {r: REJECTS.labels(r) for r in REASONS}
ACTIONS_BY_LABEL: Final = {
    (c, a, m): ACTIONS.labels(c, a, m)
    for c in CATEGORIES
    for a in (*ACTION_ORDER, "revert")
    for m in ("enforce", "shadow")
}


def count_action(category: str, action: str, mode: str) -> None:
    child = ACTIONS_BY_LABEL.get((category, action, mode))
    (child or ACTIONS.labels(category, action, mode)).inc()


def serve(host: str, port: int) -> int:
    """Serve /metrics; port 0 picks a free one. Returns the bound port."""
    server, _thread = start_http_server(port, addr=host, registry=REGISTRY)
    return int(server.server_address[1])


# -- webhook delivery (`contactguard hooks`) -----------------------------------------------------------
# A registry of its own: the hooks process serves only these, and the worker's /metrics stays as it was.
# The `endpoint` label is the operator-given endpoint NAME (`--url NAME=URL`), never the URL, which may
# carry credentials; `outcome` and `result` come from the closed lists below.

HOOKS_REGISTRY: Final = CollectorRegistry(auto_describe=True)
HOOK_OUTCOMES: Final = ("delivered", "dead_lettered")
HOOK_ATTEMPT_RESULTS: Final = (
    "ok",  # 2xx
    "http_4xx",
    "http_5xx",
    "http_other",  # 1xx/3xx: not followed, so a failure
    "timeout",
    "tls_error",
    "connection_error",  # refused, reset, unreachable, name resolution
    "protocol_error",  # a malformed or truncated HTTP reply
)

HOOK_DELIVERIES: Final = Counter(
    "contactguard_hooks_deliveries",
    "Actions finished by the webhook sender, by endpoint and outcome (delivered or dead_lettered)",
    ["endpoint", "outcome"],
    registry=HOOKS_REGISTRY,
)
HOOK_ATTEMPTS: Final = Counter(
    "contactguard_hooks_attempts",
    "HTTP delivery attempts, by endpoint and result",
    ["endpoint", "result"],
    registry=HOOKS_REGISTRY,
)
HOOK_RETRIES: Final = Counter(
    "contactguard_hooks_retries",
    "Failed attempts that were not the last: a backoff and another attempt follow (unless stopping)",
    ["endpoint"],
    registry=HOOKS_REGISTRY,
)
HOOK_LATENCY: Final = Histogram(
    "contactguard_hooks_delivery_latency_seconds",
    "Wall clock from the start of an action's first attempt to its 2xx, backoff included",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800),
    registry=HOOKS_REGISTRY,
)
HOOK_IN_FLIGHT: Final = Gauge(
    "contactguard_hooks_in_flight_requests",
    "HTTP requests on the wire now",
    ["endpoint"],
    registry=HOOKS_REGISTRY,
)
HOOK_PENDING: Final = Gauge(
    "contactguard_hooks_pending_actions",
    "Actions fetched and not yet delivered or dead-lettered (in flight, in backoff or queued)",
    ["endpoint"],
    registry=HOOKS_REGISTRY,
)
HOOK_LAG: Final = Gauge(
    "contactguard_hooks_consumer_lag",
    "Actions between the commit point and the end of the partitions read, summed (updated every commit)",
    ["endpoint"],
    registry=HOOKS_REGISTRY,
)


class HookMetrics:
    """One endpoint's label children, bound once so the delivery loop never looks a label up."""

    def __init__(self, endpoint: str) -> None:
        self.deliveries = {o: HOOK_DELIVERIES.labels(endpoint, o) for o in HOOK_OUTCOMES}
        self.attempts = {r: HOOK_ATTEMPTS.labels(endpoint, r) for r in HOOK_ATTEMPT_RESULTS}
        self.retries = HOOK_RETRIES.labels(endpoint)
        self.latency = HOOK_LATENCY.labels(endpoint)
        self.in_flight = HOOK_IN_FLIGHT.labels(endpoint)
        self.pending = HOOK_PENDING.labels(endpoint)
        self.lag = HOOK_LAG.labels(endpoint)


def serve_hooks(host: str, port: int) -> int:
    """Serve the hooks registry on /metrics; port 0 picks a free one. Returns the bound port."""
    server, _thread = start_http_server(port, addr=host, registry=HOOKS_REGISTRY)
    return int(server.server_address[1])
