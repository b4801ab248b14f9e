"""Review tools: `contactguard review` lists recent actions with their evidence; `contactguard label`
sends a reviewer's verdict to the feedback topic (a verdict applies to the latest action on that
subject and category).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.config import Settings


def select(
    actions: Iterable[dict[str, Any]],
    category: str | None = None,
    min_score: float = 0.0,
    since_ms: int | None = None,
    subject: str | None = None,
    sort: str = "time",
) -> list[dict[str, Any]]:
    """Filter actions for review: newest first (event time), or most novel first (`sort="novelty"`:
    the cold-start order, findings unlike the bulk of their category first; unscored ones last)."""
    out = [
        a
        for a in actions
        if (category is None or a["category"] == category)
        and a["score"] >= min_score
        and (since_ms is None or a["ts"] >= since_ms)
        and (subject is None or a["subject_id"] == subject)
    ]
    if sort == "novelty":
        return sorted(out, key=lambda a: (a.get("evidence", {}).get("novelty", -1.0), a["ts"]), reverse=True)
    return sorted(out, key=lambda a: a["ts"], reverse=True)


def render(a: dict[str, Any]) -> str:
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(a["ts"] / 1000))
    head = (
        f"{when}  {a['category']:<18} {a['subject_id']:<16} {a['action']:<20} {a['mode']:<7} "
        f"score={a['score']:.2f}  {a['action_id']}"
    )
    lines = [head, f"    reasons: {', '.join(a['reasons'])}"]
    if a.get("supersedes"):
        lines.append(f"    supersedes: {a['supersedes']}")
    for k, v in a.get("evidence", {}).items():
        lines.append(f"    {k}: {json.dumps(v)[:200]}")
    lines.append(
        f"    by {a.get('detector')} policy {a.get('policy_version')} model {a.get('model_version')}"
    )
    return "\n".join(lines)


def verdict_event(subject: str, category: str, verdict: str, reviewer: str, ts_ms: int) -> dict[str, Any]:
    return {
        "event_id": f"verdict-{uuid.uuid4().hex}",
        "type": "verdict",
        "ts": ts_ms,
        "subject_id": subject,
        "category": category,
        "verdict": verdict,
        "reviewer": reviewer,
    }


def _read_topic(s: Settings, limit: int) -> list[dict[str, Any]]:
    from kafka import KafkaConsumer, TopicPartition

    c = KafkaConsumer(bootstrap_servers=s.bootstrap, enable_auto_commit=False, consumer_timeout_ms=1000)
    try:
        tps = [TopicPartition(s.topics.actions, p) for p in (c.partitions_for_topic(s.topics.actions) or ())]
        c.assign(tps)
        ends = c.end_offsets(tps)
        for tp in tps:  # the most recent `limit` per partition
            c.seek(tp, max(0, ends[tp] - limit))
        return [json.loads(rec.value) for rec in c]
    finally:
        c.close()


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("review", help="list recent actions with their evidence")
    p.add_argument("--actions", type=Path, help="read an actions file instead of the actions topic")
    p.add_argument("--config", type=Path)
    p.add_argument("--bootstrap")
    p.add_argument(
        "--category", choices=["bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam"]
    )
    p.add_argument("--min-score", type=float, default=0.0)
    p.add_argument(
        "--since-hours", type=float, help="only actions this many hours (event time) before the newest"
    )
    p.add_argument("--subject")
    p.add_argument(
        "--sort", choices=["time", "novelty"], default="time", help="novelty: unlike their category first"
    )
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=_review)

    q = sub.add_parser("label", help="send a reviewer's verdict on a subject's latest action")
    q.add_argument("subject")
    q.add_argument(
        "--category",
        required=True,
        choices=["bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam"],
    )
    q.add_argument("--verdict", required=True, choices=["confirmed", "overturned"])
    q.add_argument("--reviewer", required=True)
    q.add_argument("--config", type=Path)
    q.add_argument("--bootstrap")
    q.add_argument("--out", type=Path, help="append the verdict to a replay file instead of Kafka")
    q.set_defaults(func=_label)


def _settings(args: argparse.Namespace) -> Settings:
    s = Settings.load(args.config)
    return replace(s, bootstrap=args.bootstrap) if args.bootstrap else s


def _review(args: argparse.Namespace) -> int:
    if args.actions:
        actions = [json.loads(x) for x in args.actions.read_text().splitlines() if x.strip()]
    else:
        actions = _read_topic(_settings(args), 10 * args.limit)
    since = None
    if args.since_hours is not None and actions:
        since = max(a["ts"] for a in actions) - int(args.since_hours * 3_600_000)
    chosen = select(actions, args.category, args.min_score, since, args.subject, args.sort)[: args.limit]
    for a in chosen:
        print(render(a))
    print(f"{len(chosen)} of {len(actions)} actions", file=sys.stderr)
    return 0


def _label(args: argparse.Namespace) -> int:
    ev = verdict_event(args.subject, args.category, args.verdict, args.reviewer, int(time.time() * 1000))
    raw = json.dumps(ev, separators=(",", ":")).encode()
    if args.out:
        with args.out.open("ab") as f:
            f.write(raw + b"\n")
    else:
        from kafka import KafkaProducer

        s = _settings(args)
        producer = KafkaProducer(bootstrap_servers=s.bootstrap, acks="all")
        producer.send(s.topics.feedback, raw, key=args.subject.encode()).get(timeout=30)
        producer.close()
    print(f"verdict {ev['event_id']}: {args.subject} {args.category} {args.verdict}")
    return 0
