"""Writing a generated stream: a JSONL replay file, or Kafka topics routed by event type.

Both paths write the same bytes per event (including duplicates and disorder), and the labels JSON
beside them, so a run through a real broker can be scored exactly like a file replay.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from pipeline.sim.generate import Replay, generate
from pipeline.sim.scenario import Scenario, load_scenario

DEFAULT_TOPICS: dict[str, str] = {
    "accounts": "platform.accounts",
    "follows": "platform.follows",
    "connections": "platform.connections",
    "messages": "platform.messages",
    "feedback": "moderation.feedback",
}


def topic_for(etype: str, topics: dict[str, str]) -> str:
    """Route by event type, as the platform's producers do."""
    if etype.startswith("account_") or etype == "profile_updated":
        group = "accounts"
    elif etype in ("follow", "unfollow"):
        group = "follows"
    elif etype.startswith("connect_"):
        group = "connections"
    elif etype == "message_sent":
        group = "messages"
    elif etype == "verdict":
        group = "feedback"
    else:
        raise ValueError(f"no topic for event type {etype!r}")
    return topics.get(group, DEFAULT_TOPICS[group])


def _replay(scenario: Scenario | str | Replay) -> Replay:
    if isinstance(scenario, Replay):
        return scenario
    return generate(load_scenario(scenario) if isinstance(scenario, str) else scenario)


def dumps_labels(labels: dict[str, Any]) -> str:
    """Labels JSON with one row per line: readable, greppable, and diffs stay small."""
    parts = []
    for key, value in labels.items():
        if isinstance(value, list) and value:
            rows = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in value)
            parts.append(f" {json.dumps(key)}: [\n{rows}\n ]")
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write_labels(replay: Replay, labels_path: str | Path) -> None:
    path = Path(labels_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps_labels(replay.labels), encoding="utf-8")


def write_replay(
    scenario: Scenario | str | Replay, events_path: str | Path, labels_path: str | Path
) -> dict[str, int]:
    """Generate (unless given a Replay) and write the JSONL stream and its labels; returns counts."""
    replay = _replay(scenario)
    path = Path(events_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(b"".join(rec.line + b"\n" for rec in replay.records))
    write_labels(replay, labels_path)
    return replay.stats


def produce(
    scenario: Scenario | str | Replay,
    bootstrap: str,
    topics: dict[str, str] | None = None,
    rate: float | None = None,
    labels_path: str | Path | None = None,
) -> dict[str, int]:
    """Produce the stream to Kafka (rate = events per wall-clock second, None = flat out)."""
    replay = _replay(scenario)
    if labels_path is not None:
        write_labels(replay, labels_path)
    routes = {**DEFAULT_TOPICS, **(topics or {})}
    sent = asyncio.run(_produce(replay, bootstrap, routes, rate))
    return {**replay.stats, "produced": sent}


async def _produce(replay: Replay, bootstrap: str, topics: dict[str, str], rate: float | None) -> int:
    from aiokafka import AIOKafkaProducer  # heavy: only when producing

    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=20,
        max_batch_size=256 * 1024,
        acks="all",
        request_timeout_ms=30_000,
    )
    await producer.start()
    sent = 0
    pending: list[asyncio.Future[Any]] = []
    began = time.monotonic()  # pacing only: event times come from the stream, never from this clock
    try:
        for rec in replay.records:
            if rate:
                ahead = sent / rate - (time.monotonic() - began)
                if ahead > 0.005:
                    await asyncio.sleep(ahead)
            key = rec.key.encode() if rec.key is not None else None
            pending.append(await producer.send(topic_for(rec.type, topics), rec.line, key=key))
            sent += 1
            if len(pending) >= 5_000:  # bound memory and surface delivery errors early
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
        await producer.flush()
    finally:
        await producer.stop()
    return sent
