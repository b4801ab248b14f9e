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
