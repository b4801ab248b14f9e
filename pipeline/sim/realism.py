"""What real producers do to a clean stream: ids, redeliveries, disorder, rare late events, new fields.

The ideal events are put in arrival order: each arrives a short random delay after its `ts` (capped
inside the contract's 10-minute lateness bound), a few far later than the bound, and a few twice with
the same bytes. The result is "roughly in ts order", as the contract says of replay files.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

import msgspec

from pipeline.sim.scenario import ProducerConfig

_encoder = msgspec.json.Encoder()
KEY_FIELDS = ("actor_id", "account_id", "subject_id")


@dataclass(slots=True, frozen=True)
class Record:
    """One line of the replay / one Kafka message."""

    line: bytes
    type: str
    key: str | None
    ts: int
    late: bool = False
    duplicate: bool = False


def _extras(r: random.Random) -> dict[str, Any]:
    options: list[tuple[str, Any]] = [
        ("client", r.choice(("ios", "android", "web", "api"))),
        ("app_version", f"{r.randint(3, 9)}.{r.randint(0, 40)}.{r.randint(0, 9)}"),
        ("region", r.choice(("eu-west-1", "us-east-2", "ap-south-1", "sa-east-1"))),
        ("schema_version", 2),
        ("trace_id", f"{r.getrandbits(64):016x}"),
        ("_producer", {"host": f"ingest-{r.randint(1, 12)}", "batch": r.randint(1, 10**6)}),
    ]
    return dict(r.sample(options, r.randint(1, 2)))


def realize(
    events: list[tuple[int, int, str, dict[str, Any]]], cfg: ProducerConfig, r: random.Random
) -> tuple[list[Record], dict[str, int]]:
    """Ideal (ts, seq, type, fields) events -> records in arrival order, plus counts for the report."""
    cap = int(cfg.max_disorder_s * 1000)
    staged: list[tuple[int, int, Record]] = []
    stats = {"events": 0, "duplicates": 0, "late": 0, "extra_fields": 0, "null_keys": 0}
    for n, (ts, _, etype, fields) in enumerate(sorted(events, key=lambda e: (e[0], e[1]))):
        event: dict[str, Any] = {"event_id": str(uuid.UUID(int=r.getrandbits(128), version=4)), "type": etype}
        event["ts"] = ts
        event.update(fields)
        if r.random() < cfg.extra_field_rate:
            event.update(_extras(r))
            stats["extra_fields"] += 1
        key = next((fields[k] for k in KEY_FIELDS if k in fields), None)
        if r.random() < cfg.null_key_rate:
            key = None
            stats["null_keys"] += 1
        late = r.random() < cfg.late_rate
        delay = (
            r.randint(11 * 60_000, 90 * 60_000)
            if late
            else min(cap, int(r.expovariate(1.0) * cfg.mean_delay_s * 1000))
        )
        line = _encoder.encode(event)
        stats["events"] += 1
        stats["late"] += late
        staged.append((ts + delay, 2 * n, Record(line, etype, key, ts, late)))
        if r.random() < cfg.duplicate_rate:
            again = ts + delay + r.randint(200, 90_000)
            again = again if late else max(ts + delay, min(again, ts + cap))
            staged.append((again, 2 * n + 1, Record(line, etype, key, ts, late, True)))
            stats["duplicates"] += 1
    staged.sort(key=lambda s: (s[0], s[1]))
    return [rec for _, _, rec in staged], stats
