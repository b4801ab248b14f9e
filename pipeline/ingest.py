"""The stateless ingest stage: platform topics in, keyed batches and dead-letter records out.

It holds no state, so it needs none of Faust's tables or changelogs, and it is where Faust's
per-message machinery cost most (one Faust event per platform event). It runs inside the worker as a
plain aiokafka consumer group of its own (`<app_id>-ingest`), which rebalances source partitions over
the workers by itself. Each fetched batch is decoded, routed to home keys, produced as one keyed record
per destination partition, and only then are the source offsets committed: a crash re-delivers, and
the stateful stage drops the duplicates by event id.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from pipeline import events as ev
from pipeline import metrics as m
from pipeline.config import Settings
from pipeline.keyed import Batcher, KeyedCodec
from pipeline.rejects import encode_reject, reject_record

log = logging.getLogger(__name__)


class Ingest:
    """Consume, decode, route, produce, commit: one loop, batches all the way."""

    def __init__(self, settings: Settings, codec: KeyedCodec) -> None:
        self.settings = settings
        self.codec = codec
        self.batcher = Batcher(settings.partitions, settings.batch_max)
        self.consumed = 0
        self._stopping = asyncio.Event()

    def _route(self, records: list[Any], ingest_ns: int, producer_sends: list[Any], producer: Any) -> None:
        decode, home_key, add = ev.decode, ev.home_key, self.batcher.add
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
                fetched = await consumer.getmany(timeout_ms=200, max_records=20_000)
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
