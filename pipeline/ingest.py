"""The stateless ingest stage: platform topics in, keyed batches and dead-letter records out.

It holds no state, so it needs none of Faust's tables or changelogs, and it is where Faust's
per-message machinery cost most (one Faust event per platform event). It runs inside the worker as a
plain aiokafka consumer group of its own (`<app_id>-ingest`), which rebalances source partitions over
the workers by itself. Each fetched batch is decoded, routed to home keys, produced as one keyed record
per destination partition, and only then are the source offsets committed: a crash re-delivers, and
the stateful stage drops the duplicates by event id.

Backpressure in event time: ingest is cheap and would otherwise run far ahead of the keyed stage, and
every record a detector forwards (a follow to its target, a message to its recipient, an answer back
to the sender) queues behind what ingest already wrote. A sender would then be judged on "nobody
answered" minutes or hours of event time before the answers could reach it. So ingest waits while the
newest event it has routed is more than `ingest_lead_ms` ahead of the keyed stage's watermark in this
process (`Progress`), for at most `ingest_wait_ms` per fetch so that a worker whose keyed partitions
sit idle, or are owned elsewhere, never stalls its ingest.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from pipeline import events as ev
from pipeline import metrics as m
from pipeline.config import Settings
from pipeline.engine import EngineSettings, EventClock
from pipeline.keyed import Batcher, KeyedCodec
from pipeline.rejects import encode_reject, reject_record

log = logging.getLogger(__name__)


class Progress:
    """How far the keyed stage of this process has got in event time; ingest waits on it."""

    def __init__(self) -> None:
        self.keyed_ts = 0
        self.changed = asyncio.Event()

    def advance(self, ts: int) -> None:
        if ts > self.keyed_ts:
            self.keyed_ts = ts
            self.changed.set()


class Ingest:
    """Consume, decode, route, produce, commit: one loop, batches all the way."""

    def __init__(self, settings: Settings, codec: KeyedCodec, progress: Progress | None = None) -> None:
        self.settings = settings
        self.codec = codec
        self.batcher = Batcher(settings.partitions, settings.batch_max)
        self.consumed = 0
        self.routed_ts = 0  # the newest event time routed so far
        self._clock = EventClock(EngineSettings.clock_jump_ms)  # the keyed stage's rule: skew is no lead
        self.waited_s = 0.0  # total backpressure pause, for the log and tests
        self.progress = progress
        self._stopping = asyncio.Event()

    async def _hold_back(self) -> None:
        """Wait (bounded) while routed events are more than `ingest_lead_ms` ahead of the keyed stage."""
        lead, progress = self.settings.ingest_lead_ms, self.progress
        if progress is None or lead <= 0 or not progress.keyed_ts:
            return
        started = time.monotonic()
        deadline = started + self.settings.ingest_wait_ms / 1000
        while self.routed_ts - progress.keyed_ts > lead and not self._stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            progress.changed.clear()
            try:
                await asyncio.wait_for(progress.changed.wait(), remaining)
            except TimeoutError:
                break
        self.waited_s += time.monotonic() - started

    def _route(self, records: list[Any], ingest_ns: int, producer_sends: list[Any], producer: Any) -> None:
        decode, home_key, add, see = ev.decode, ev.home_key, self.batcher.add, self._clock.see
        events_by_type, rejects_by_reason = m.EVENTS_BY_TYPE, m.REJECTS_BY_REASON
        dlq = self.settings.topics.dead_letter
        for rec in records:
            raw = rec.value if rec.value is not None else b""
            try:
                event = decode(raw)
            except ev.DecodeError as err:
                rejects_by_reason[err.reason].inc()
                source = {"topic": rec.topic, "partition": rec.partition, "offset": rec.offset}
                dead = reject_record(raw, err.reason, err.detail, err.event_id, err.event_type, source)
                key = err.event_id.encode() if err.event_id else None
                producer_sends.append(producer.send(dlq, encode_reject(dead), key=key))
                continue
            events_by_type[event.__struct_config__.tag].inc()  # type: ignore[index]
            add(home_key(event), event, ingest_ns)
            see(event.ts)
        self.routed_ts = self._clock.now

    async def run(self) -> None:
        from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

        s = self.settings
        sec = s.client_security()
        consumer = AIOKafkaConsumer(
            *s.topics.sources(),
            bootstrap_servers=s.bootstrap,
            group_id=f"{s.app_id}-ingest",
            enable_auto_commit=False,
            auto_offset_reset=s.auto_offset_reset,
            session_timeout_ms=s.session_timeout_ms,
            heartbeat_interval_ms=max(1000, s.session_timeout_ms // 4),
            max_partition_fetch_bytes=4 * 1024 * 1024,
            **sec,
        )
        producer = AIOKafkaProducer(
            bootstrap_servers=s.bootstrap, linger_ms=s.batch_linger_ms, acks="all", **sec
        )
        await producer.start()
        await consumer.start()
        log.info("ingest consuming %s", s.topics.sources())
        try:
            while not self._stopping.is_set():
                await self._hold_back()
                fetched = await consumer.getmany(timeout_ms=200, max_records=self.settings.ingest_fetch_max)
                if not fetched:
                    continue
                ingest_ns = time.time_ns()
                sends: list[Any] = []
                for records in fetched.values():
                    self.consumed += len(records)
                    self._route(records, ingest_ns, sends, producer)
                for partition, items in self.batcher.drain():
                    sends.append(producer.send(s.topics.keyed, self.codec.encode(items), partition=partition))
                futures = await asyncio.gather(*sends)
                await asyncio.gather(*futures)  # delivered (acks=all) before the offsets move
                await consumer.commit()
        finally:
            await consumer.stop()
            await producer.stop()

    def stop(self) -> None:
        self._stopping.set()
