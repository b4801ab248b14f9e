"""The Faust worker: a thin driver of the engine over Kafka.

Topology (drawn in the README):

    platform.accounts ─┐
    platform.follows ──┤  ingest (aiokafka group <app>-ingest)      contactguard.deadletter
    platform.connections┼─ decode · reject ──────────────────────────▶ (reason, ids, redacted bytes)
    platform.messages ─┤  route to home key · batch per partition
    moderation.feedback┘            │
                                    ▼
                          contactguard.keyed  (N partitions, batches of (key, item))
                                    │  ▲ forwards (derived records, findings) re-batched by key
                                    ▼  │
                          agent `keyed` (Faust) ── table `state` (RocksDB, changelog topic)
                                    │
                                    ▼
                          moderation.actions (keyed by subject_id)

The keyed agent finds the engine `Scope` of the record's partition (state keys are prefixed with the
partition, so a scope can rebuild its expiry index from the local store after recovery) and delivers
each item. Everything here is I/O; decisions are the engine's.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import faust

from pipeline import metrics as m
from pipeline.actions import Action, encode_action
from pipeline.config import Settings
from pipeline.engine import Engine, Scope
from pipeline.ingest import Ingest
from pipeline.keyed import Batcher, KeyedCodec
from pipeline.policy import Policy

log = logging.getLogger(__name__)


class FaustKV:
    """A byte KV over a Faust table, namespaced by partition: `p/<key>`."""

    __slots__ = ("table", "prefix")

    def __init__(self, table: Any, partition: int) -> None:
        self.table = table
        self.prefix = f"{partition}/"

    def get(self, key: str) -> bytes | None:
        return self.table.get((self.prefix + key).encode())

    def set(self, key: str, value: bytes) -> None:
        self.table[(self.prefix + key).encode()] = value

    def delete(self, key: str) -> None:
        k = (self.prefix + key).encode()
        if k in self.table:
            del self.table[k]

    def items(self) -> list[tuple[str, bytes]]:
        prefix = self.prefix.encode()
        n = len(prefix)
        return [(k[n:].decode(), v) for k, v in self.table.items() if k.startswith(prefix)]


def create_app(settings: Settings, engine: Engine | None = None) -> faust.App:
    """Build the Faust app for these settings (tests build several, with their own topics and groups)."""
    s = settings
    if engine is None:
        policy = Policy.load(s.policy_file) if s.policy_file else None
        engine = Engine(policy=policy)
    sec = s.client_security()
    app = faust.App(
        s.app_id,
        broker=[f"kafka://{b}" for b in s.bootstrap.split(",")],
        store=s.store,
        datadir=s.data_dir,
        topic_partitions=s.partitions,
        topic_replication_factor=1,
        web_enabled=s.web_port > 0,
        web_port=s.web_port or 6066,
        web_bind="127.0.0.1",
        broker_session_timeout=s.session_timeout_ms / 1000,
        broker_heartbeat_interval=max(1.0, s.session_timeout_ms / 4000),
        consumer_auto_offset_reset=s.auto_offset_reset,
        broker_credentials=_faust_credentials(s, sec),
        stream_buffer_maxsize=64,
        producer_linger_ms=s.batch_linger_ms,
    )
    codec = KeyedCodec(engine.item_types)
    keyed_topic = app.topic(
        s.topics.keyed, key_serializer="raw", value_serializer="raw", partitions=s.partitions, internal=False
    )
    actions_topic = app.topic(s.topics.actions, key_serializer="raw", value_serializer="raw")
    table = app.Table("state", partitions=s.partitions, key_type=bytes, value_type=bytes)
    scopes: dict[int, Scope] = {}

    def scope_for(partition: int) -> Scope:
        scope = scopes.get(partition)
        if scope is None:
            kv = FaustKV(table, partition)
            scope = scopes[partition] = engine.open_scope(kv)
            rebuilt = scope.rebuild(kv.items())
            log.info("partition %d: scope opened, %d keys under expiry", partition, rebuilt)
        return scope

    @app.agent(keyed_topic)
    async def keyed(stream: faust.StreamT[bytes]) -> None:
        """Deliver every item of a batch to the engine; emit actions; re-batch forwards."""
        deliver = engine.deliver
        batcher = Batcher(s.partitions, s.batch_max)
        async for event in stream.events():
            scope = scope_for(event.message.partition)
            emitted: list[tuple[Action, int, int]] = []
            for key, item, ingest_ns in codec.decode(event.value):
                out = deliver(scope, key, item)
                if out.late:
                    m.LATE.inc()
                if out.status == "duplicate":
                    m.DUPLICATES.inc()
                for action, first_ts in zip(out.actions, out.first_evidence, strict=True):
                    emitted.append((action, first_ts, ingest_ns))
                for fkey, fitem in out.forwards:
                    batcher.add(fkey, fitem, ingest_ns)
            for action, first_ts, ingest_ns in emitted:
                await actions_topic.send(key=action.subject_id.encode(), value=encode_action(action))
                m.count_action(action.category, action.action, action.mode)
                m.PROCESSING_LATENCY.observe((time.time_ns() - ingest_ns) / 1e9)
                m.DETECTION_DELAY.observe(max(0, action.ts - first_ts) / 1000)
            for partition, items in batcher.drain():
                await keyed_topic.send(value=codec.encode(items), partition=partition)

    @app.on_partitions_revoked.connect
    async def on_revoked(app: faust.App, revoked: set[Any], **kwargs: Any) -> None:
        for tp in revoked:
            if tp.topic == s.topics.keyed:
                scopes.pop(tp.partition, None)  # rebuilt from the store if it comes back

    ingest = Ingest(s, codec)

    @app.task
    async def run_ingest(app: faust.App) -> None:
        try:
            await ingest.run()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("ingest stopped on an error; the worker stops so a supervisor restarts it")
            await app.crash(RuntimeError("ingest failed"))

    @app.on_before_shutdown.connect
    async def stop_ingest(app: faust.App, **kwargs: Any) -> None:
        ingest.stop()

    app.contactguard = {"engine": engine, "ingest": ingest, "scopes": scopes}  # type: ignore[attr-defined]
    return app


def _faust_credentials(s: Settings, sec: dict[str, Any]) -> Any:
    """TLS/SASL settings passed through to Faust's clients."""
    if s.sasl_mechanism:
        return faust.SASLCredentials(
            username=s.sasl_username,
            password=s.sasl_password,
            mechanism=s.sasl_mechanism,
            ssl_context=sec.get("ssl_context"),
        )
    if "ssl_context" in sec:
        return faust.SSLCredentials(sec["ssl_context"])
    return None
