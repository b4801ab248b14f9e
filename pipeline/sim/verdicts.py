"""Simulated reviewers: verdicts made from a first run's actions and the simulator's labels.

This is how the learning loop is judged without people: a first replay's actions are "reviewed" by the
labels (a labelled positive is confirmed, anything else overturned), the verdicts are merged into the
stream at the action's event time plus the review delay, and a second replay learns from them as the
worker learns from `moderation.feedback`. Only the first share of each category's actions (in event
time) is reviewed, so what the second run flags afterwards is judged on decisions no verdict touched.

>>> acts = [{"action_id": f"x{i}", "subject_id": f"u{i}", "category": "message_spam", "action": "review",
...          "ts": 1000 * i} for i in range(6)]
>>> labels = {"positives": [{"subject_id": "u0", "category": "message_spam"}]}
>>> [(v["subject_id"], v["verdict"], v["ts"]) for v in reviewed(acts, labels, share=1 / 3, delay_ms=60)]
[('u0', 'confirmed', 60), ('u1', 'overturned', 1060)]
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from typing import Any

HOUR_MS = 3_600_000


def reviewed(
    actions: Iterable[dict[str, Any]],
    labels: dict[str, Any],
    share: float = 1 / 3,
    delay_ms: int = HOUR_MS,
    reviewer: str = "sim-labels",
) -> list[dict[str, Any]]:
    """One verdict per (subject, category) among the first `share` of each category's actions.

    Reverts are not reviewed (they are the system's own correction), and a subject is reviewed once per
    category, at its first action's time plus `delay_ms`: a verdict applies to the latest action then.
    """
    positives = {(p["subject_id"], p["category"]) for p in labels["positives"]}
    by_cat: dict[str, list[dict[str, Any]]] = {}
    for a in actions:
        if a["action"] != "revert":
            by_cat.setdefault(a["category"], []).append(a)
    out: list[dict[str, Any]] = []
    for cat, acts in sorted(by_cat.items()):
        acts.sort(key=lambda a: (a["ts"], a["action_id"]))
        done: set[str] = set()
        for a in acts[: round(len(acts) * share)]:
            if a["subject_id"] in done:
                continue
            done.add(a["subject_id"])
            pair = (a["subject_id"], cat)
            out.append(
                {
                    "event_id": f"verdict-{a['action_id']}",
                    "type": "verdict",
                    "ts": a["ts"] + delay_ms,
                    "subject_id": a["subject_id"],
                    "category": cat,
                    "verdict": "confirmed" if pair in positives else "overturned",
                    "reviewer": reviewer,
                }
            )
    out.sort(key=lambda v: (v["ts"], v["event_id"]))
    return out


def cutoffs(verdicts: Iterable[dict[str, Any]], delay_ms: int = HOUR_MS) -> dict[str, int]:
    """Per category, the event time of the last reviewed action: what is flagged after it is 'afterwards'."""
    out: dict[str, int] = {}
    for v in verdicts:
        out[v["category"]] = max(out.get(v["category"], 0), v["ts"] - delay_ms)
    return out


def merged(lines: Iterable[bytes], verdicts: list[dict[str, Any]]) -> Iterator[bytes]:
    """The stream with each verdict line inserted before the first line whose `ts` is later than its own.

    Stream lines are in arrival order (not sorted by ts), so a verdict goes in at the first place where
    the stream has moved past its time: as a reviewer's click would arrive on a live topic.
    """
    pending = [(v["ts"], i, json.dumps(v, separators=(",", ":")).encode()) for i, v in enumerate(verdicts)]
    heapq.heapify(pending)
    for line in lines:
        ts = _ts(line)
        while pending and ts is not None and pending[0][0] < ts:
            yield heapq.heappop(pending)[2]
        yield line
    while pending:
        yield heapq.heappop(pending)[2]


def _ts(line: bytes) -> int | None:
    try:
        ts = json.loads(line).get("ts")
    except (ValueError, AttributeError):
        return None
    return ts if isinstance(ts, int) else None
