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
import json
import logging
import time
from collections import deque
from typing import Any

import faust

from pipeline import metrics as m
from pipeline.actions import Action, encode_action
from pipeline.config import Settings
from pipeline.engine import Engine, Scope
from pipeline.events import CATEGORIES
from pipeline.ingest import Ingest, Progress
from pipeline.keyed import Batcher, KeyedCodec
from pipeline.learning import snapshot_key
from pipeline.policy import PolicyError, PolicyWatcher

log = logging.getLogger(__name__)


_MISSING = object()


class FaustKV:
    """A byte KV over a Faust table for one partition: keys `p/<key>`, cached, written back per batch.

    The worker owns the partition while it is assigned (the cache is dropped on revoke), so a read
    cache is coherent. Writes are held until the end of the batch being processed and each dirty key
    is written to the table once: one changelog record per key per batch, however often the engine
    touched it. Flushing happens inside the batch's event context, so Faust writes the changelog to
    this partition.
    """

    __slots__ = ("table", "partition", "prefix", "cache", "dirty", "cache_size")

    def __init__(self, table: Any, partition: int, cache_size: int = 100_000) -> None:
        self.table = table
        self.partition = partition
        self.prefix = f"{partition}/"
        self.cache: dict[bytes, bytes | None] = {}
        self.dirty: dict[bytes, bytes | None] = {}
        self.cache_size = cache_size

    def get(self, key: str) -> bytes | None:
        k = (self.prefix + key).encode()
        v = self.cache.get(k, _MISSING)
        if v is _MISSING:
            v = self.table.get(k)
            self.cache[k] = v
        return v  # type: ignore[return-value]

    def set(self, key: str, value: bytes) -> None:
        k = (self.prefix + key).encode()
        self.cache[k] = self.dirty[k] = value

    def delete(self, key: str) -> None:
        k = (self.prefix + key).encode()
        self.cache[k] = self.dirty[k] = None

    def flush(self) -> int:
        """Write dirty keys to the table (and so to its changelog); trim the read cache."""
        table = self.table
        for k, v in self.dirty.items():
            if v is None:
                try:
                    del table[k]
                except KeyError:
                    pass
            else:
                table[k] = v
        n = len(self.dirty)
        self.dirty.clear()
        if len(self.cache) > self.cache_size:
            for k in list(self.cache)[: self.cache_size // 2]:  # oldest first (insertion order)
                del self.cache[k]
        return n

    async def flush_batched(self, changelog: ChangelogWriter) -> int:
        """Like `flush`, but the changelog records of the whole batch go out as one produce batch.

        Faust's per-key path (`Table.__setitem__` -> `send_changelog` -> a FutureMessage and an aiokafka
        send per key, then a persisted-offset write per record) was half the worker's CPU. Here the
        local store is written directly and the changelog records are appended to one aiokafka batch
        for this partition; when it is acked the table's persisted offset moves once. Recovery, standbys
        and rebalancing read the changelog as before: they do not care who wrote it.
        """
        if not self.dirty:
            return 0
        store = self.table.data
        for k, v in self.dirty.items():
            if v is None:
                del store[k]
            else:
                store[k] = v
        n = len(self.dirty)
        await changelog.write(self.partition, list(self.dirty.items()))
        self.dirty.clear()
        if len(self.cache) > self.cache_size:
            for k in list(self.cache)[: self.cache_size // 2]:
                del self.cache[k]
        return n

    def items(self) -> list[tuple[str, bytes]]:
        prefix = self.prefix.encode()
        n = len(prefix)
        return [(k[n:].decode(), v) for k, v in self.table.items() if k.startswith(prefix)]


class ChangelogWriter:
    """Writes a table's changelog records in produce batches and advances its persisted offsets."""

    def __init__(self, settings: Settings, table: Any) -> None:
        self.settings = settings
        self.table = table
        self.topic = table.changelog_topic.get_topic_name()
        self.producer: Any = None

    async def start(self) -> None:
        from aiokafka import AIOKafkaProducer

        if self.producer is None:
            self.producer = AIOKafkaProducer(
                bootstrap_servers=self.settings.bootstrap,
                acks="all",
                linger_ms=self.settings.batch_linger_ms,
                max_batch_size=1024 * 1024,
                **self.settings.client_security(),
            )
            await self.producer.start()

    async def write(self, partition: int, records: list[tuple[bytes, bytes | None]]) -> None:
        await self.start()
        batch = self.producer.create_batch()
        count = 0
        for key, value in records:
            if batch.append(key=key, value=value, timestamp=None) is None:  # full: send and start anew
                await self._send(batch, partition, count)
                batch, count = self.producer.create_batch(), 0
                batch.append(key=key, value=value, timestamp=None)
            count += 1
        await self._send(batch, partition, count)

    async def _send(self, batch: Any, partition: int, count: int) -> None:
        from faust.types import TP

        fut = await self.producer.send_batch(batch, self.topic, partition=partition)
        tp = TP(self.topic, partition)
        store = self.table.data

        def done(f: asyncio.Future[Any]) -> None:
            if not f.cancelled() and f.exception() is None:
                store.set_persisted_offset(tp, f.result().offset + count - 1)

        fut.add_done_callback(done)

    async def stop(self) -> None:
        if self.producer is not None:
            await self.producer.stop()
            self.producer = None


def create_app(settings: Settings, engine: Engine | None = None) -> faust.App:
    """Build the Faust app for these settings (tests build several, with their own topics and groups)."""
    s = settings
    watcher = PolicyWatcher(s.policy_file) if s.policy_file else None
    if engine is None:
        engine = Engine(policy=watcher.poll() if watcher else None)
    m.POLICY.info({"version": engine.policy.version})
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
        stream_buffer_maxsize=256,
        producer_linger_ms=s.batch_linger_ms,
    )
    codec = KeyedCodec(engine.item_types)
    keyed_topic = app.topic(
        s.topics.keyed, key_serializer="raw", value_serializer="raw", partitions=s.partitions, internal=False
    )
    actions_topic = app.topic(s.topics.actions, key_serializer="raw", value_serializer="raw")
    table = app.Table("state", partitions=s.partitions, key_type=bytes, value_type=bytes)
    # Verdict-model snapshots, one per category, replicated to every worker: all score with one version.
    models = app.GlobalTable("models", partitions=s.partitions, key_type=bytes, value_type=bytes)
    seen_models: dict[bytes, bytes] = {}
    changelog = ChangelogWriter(s, table) if s.changelog_batches else None
    precision = RollingPrecision()
    progress = Progress()  # the keyed stage's event time, which ingest may not outrun (see ingest.py)
    scopes: dict[int, Scope] = {}
    kvs: dict[int, FaustKV] = {}

    def scope_for(partition: int) -> Scope:
        scope = scopes.get(partition)
        if scope is None:
            kv = kvs[partition] = FaustKV(table, partition)
            scope = scopes[partition] = engine.open_scope(kv, cap_share=1 / s.partitions)
            rebuilt = scope.rebuild(kv.items())
            log.info("partition %d: scope opened, %d keys under expiry", partition, rebuilt)
        return scope

    @app.agent(keyed_topic)
    async def keyed(stream: faust.StreamT[bytes]) -> None:
        """Deliver every item of a batch to the engine; emit actions; re-batch forwards."""
        deliver = engine.deliver
        batcher = Batcher(s.partitions, s.batch_max)
        async for event in stream.events():
            for cat in SNAPSHOT_KEYS:  # hot-swap newer snapshots published by whichever worker trains
                raw = models.get(cat)
                if raw is not None and raw != seen_models.get(cat):
                    seen_models[cat] = raw
                    if engine.models.load(raw) and cat in CATEGORY_KEYS:
                        m.MODEL_VERSION.labels(cat.decode()).set(engine.models.models[cat.decode()].version)
            partition = event.message.partition
            scope = scope_for(partition)
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
                for snapshot in out.model_updates:
                    skey = snapshot_key(snapshot)
                    models[skey] = seen_models[skey] = snapshot
                    if skey in CATEGORY_KEYS:
                        m.MODEL_VERSION.labels(skey.decode()).set(json.loads(snapshot)["version"])
                for cat, confirmed in out.verdicts:
                    m.ROLLING_PRECISION.labels(cat).set(precision.add(cat, confirmed))
                if out.held:
                    m.HELD.inc(out.held)
            progress.advance(scope.watermark)
            if changelog is not None:
                await kvs[partition].flush_batched(changelog)
            else:
                kvs[partition].flush()
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
                kvs.pop(tp.partition, None)

    if watcher is not None:

        @app.timer(interval=1.0)
        async def watch_policy() -> None:
            """Follow the policy file without a restart (between batches: the loop is single-threaded)."""
            reload_policy(engine, watcher)

    ingest = Ingest(s, codec, progress)

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
        if changelog is not None:
            await changelog.stop()

    app.contactguard = {"engine": engine, "ingest": ingest, "scopes": scopes}  # type: ignore[attr-defined]
    return app


CATEGORY_KEYS = tuple(c.encode() for c in CATEGORIES)
SNAPSHOT_KEYS = (*CATEGORY_KEYS, *(b"novelty:" + c for c in CATEGORY_KEYS))


class RollingPrecision:
    """Share of confirmed verdicts among the last `window` per category."""

    def __init__(self, window: int = 200) -> None:
        self.window = window
        self.recent: dict[str, deque[bool]] = {}

    def add(self, category: str, confirmed: bool) -> float:
        q = self.recent.setdefault(category, deque(maxlen=self.window))
        q.append(confirmed)
        return sum(q) / len(q)


def reload_policy(engine: Engine, watcher: PolicyWatcher) -> None:
    """Swap the engine's policy when its file changed; a bad file is logged and the old policy kept."""
    try:
        policy = watcher.poll()
    except (PolicyError, OSError) as exc:
        log.error("policy file rejected, keeping version %s: %s", engine.policy.version, exc)
        return
    if policy is not None and policy.version != engine.policy.version:
        log.warning("policy reloaded: %s -> %s", engine.policy.version, policy.version)
        engine.policy = policy
        m.POLICY.info({"version": policy.version})


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
