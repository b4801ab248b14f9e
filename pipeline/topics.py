"""`contactguard topics create`: the topics a deployment needs, with retention and compaction.

Source topics belong to the platform and are created here only if absent (a local or test cluster).
The state changelog is compacted (it is the table); the keyed topic is transient, so it keeps a short
retention (it carries message text on its way to the fingerprinting detector).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from pipeline.config import Settings

HOUR_MS = 3_600_000


def topic_specs(
    s: Settings, source_partitions: int, retention_hours: int
) -> list[tuple[str, int, dict[str, str]]]:
    ret = {"retention.ms": str(retention_hours * HOUR_MS)}
    t = s.topics
    specs = [(name, source_partitions, ret) for name in (t.accounts, t.follows, t.connections, t.messages)]
    specs += [
        (t.feedback, 1, {"retention.ms": str(-1)}),
        (t.actions, source_partitions, {"retention.ms": str(30 * 24 * HOUR_MS)}),
        (t.dead_letter, 1, {"retention.ms": str(14 * 24 * HOUR_MS)}),
        (t.hooks_dead_letter, 1, {"retention.ms": str(14 * 24 * HOUR_MS)}),
        (t.keyed, s.partitions, {"retention.ms": str(24 * HOUR_MS)}),
        (f"{s.app_id}-state-changelog", s.partitions, {"cleanup.policy": "compact"}),
    ]
    return specs


def create_topics(s: Settings, source_partitions: int = 4, retention_hours: int = 168) -> list[str]:
    """Create what is missing; returns the names created."""
    from kafka.admin import KafkaAdminClient, NewTopic

    admin = KafkaAdminClient(bootstrap_servers=s.bootstrap, client_id=f"{s.app_id}-admin")
    try:
        existing = set(admin.list_topics())
        new = [
            NewTopic(name, num_partitions=n, replication_factor=1, topic_configs=cfg)
            for name, n, cfg in topic_specs(s, source_partitions, retention_hours)
            if name not in existing
        ]
        if new:
            admin.create_topics(new)
        return [t.name for t in new]
    finally:
        admin.close()


def group_caught_up(bootstrap: str, group: str, topics: list[str]) -> bool:
    """True when the group's committed offsets reach the end of every partition of the topics."""
    from kafka import KafkaConsumer, TopicPartition

    c = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        tps = [TopicPartition(t, p) for t in topics for p in (c.partitions_for_topic(t) or ())]
        ends = c.end_offsets(tps)
        return all((c.committed(tp) or 0) >= ends[tp] for tp in tps)
    finally:
        c.close()


def worker_caught_up(s: Settings) -> bool:
    """Both stages of a deployment have committed everything there is: ingest and the keyed stage."""
    return group_caught_up(s.bootstrap, f"{s.app_id}-ingest", s.topics.sources()) and group_caught_up(
        s.bootstrap, s.app_id, [s.topics.keyed]
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("topics", help="manage the topics ContactGuard uses")
    p.add_argument("op", choices=["create", "list"])
    p.add_argument("--config", type=Path)
    p.add_argument("--bootstrap")
    p.add_argument("--app-id")
    p.add_argument("--source-partitions", type=int, default=4)
    p.add_argument("--retention-hours", type=int, default=168, help="source topics' retention")
    p.set_defaults(func=_handler)


def _handler(args: argparse.Namespace) -> int:
    s = Settings.load(args.config)
    if args.bootstrap:
        s = replace(s, bootstrap=args.bootstrap)
    if args.app_id:
        s = replace(s, app_id=args.app_id)
    if args.op == "list":
        for name, n, cfg in topic_specs(s, args.source_partitions, args.retention_hours):
            print(f"{name}\t{n}\t{cfg}")
        return 0
    created = create_topics(s, args.source_partitions, args.retention_hours)
    print("created: " + (", ".join(created) if created else "nothing (all present)"))
    return 0
