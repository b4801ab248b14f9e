"""Round trips against the real local Kafka broker with every client the pipeline uses.

Why: these prove that aiokafka, kafka-python and faust-streaming (the exact pinned versions) work with
the broker version in deploy/kafka/pom.xml -- group joins, commits, compaction and faust's own topic
creation and changelog writes -- before any pipeline test relies on them. No sleeps synchronise
anything: every wait polls a condition under a deadline.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from pipeline import devbroker
from tests.broker_fixture import BrokerInfo, create_topics

pytestmark = pytest.mark.timeout(120)


async def _take(consumer: Any, n: int, timeout: float = 20.0) -> list[Any]:
    """Exactly ``n`` records from an aiokafka consumer, or fail after ``timeout`` seconds."""
    got: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(got) < n:
        if time.monotonic() > deadline:
            raise AssertionError(f"only {len(got)}/{n} records within {timeout}s")
        batches = await consumer.getmany(timeout_ms=500, max_records=n - len(got))
        for records in batches.values():
            got.extend(records)
    return got


async def _until(predicate: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    """Poll an async predicate until it holds; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.1)


def test_broker_is_single_node_kraft_on_loopback(kafka_broker: BrokerInfo) -> None:
    cluster = devbroker.probe(kafka_broker.bootstrap)
    assert [b["broker_id"] for b in cluster["brokers"]] == [1] or kafka_broker.external
    if not kafka_broker.external:
        assert kafka_broker.bootstrap.startswith("127.0.0.1:")
        assert kafka_broker.log_path is not None and kafka_broker.log_path.stat().st_size > 0


def test_aiokafka_group_commit_and_resume(kafka_broker: BrokerInfo, unique: str) -> None:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

    topic, group = f"aio-{unique}", f"aio-group-{unique}"
    create_topics(kafka_broker.bootstrap, [topic], partitions=1)
    tp = TopicPartition(topic, 0)

    def consumer() -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            topic,
            bootstrap_servers=kafka_broker.bootstrap,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )

    async def scenario() -> None:
        producer = AIOKafkaProducer(
            bootstrap_servers=kafka_broker.bootstrap, acks="all", enable_idempotence=True
        )
        await producer.start()
        try:
            for i in range(10):
                await producer.send_and_wait(topic, f"v{i}".encode(), key=f"k{i}".encode())
        finally:
            await producer.stop()

        first = consumer()
        await first.start()
        try:
            head = await _take(first, 5)
            assert [r.value for r in head] == [f"v{i}".encode() for i in range(5)]
            await first.commit({tp: head[-1].offset + 1})
            assert await first.committed(tp) == 5
        finally:
            await first.stop()  # leaves the group, so the next member joins without a session timeout

        second = consumer()
        await second.start()
        try:
            tail = await _take(second, 5)
            assert [r.offset for r in tail] == list(range(5, 10))
            assert [r.key for r in tail] == [f"k{i}".encode() for i in range(5, 10)]
        finally:
            await second.stop()

    asyncio.run(asyncio.wait_for(scenario(), 60))


def test_kafka_python_produce_consume_commit(kafka_broker: BrokerInfo, unique: str) -> None:
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    topic, group = f"kp-{unique}", f"kp-group-{unique}"
    create_topics(kafka_broker.bootstrap, [topic], partitions=2)
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap, acks="all", linger_ms=5)
    try:
        futures = [
            producer.send(topic, key=f"k{i % 4}".encode(), value=f"{i}".encode(), headers=[("n", b"%d" % i)])
            for i in range(20)
        ]
        producer.flush(timeout=20)
        metas = [f.get(timeout=10) for f in futures]
    finally:
        producer.close(timeout=10)
    assert {m.partition for m in metas} <= {0, 1}

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=kafka_broker.bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    try:
        seen: list[Any] = []
        deadline = time.monotonic() + 30
        while len(seen) < 20 and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                seen.extend(records)
        assert sorted(int(r.value) for r in seen) == list(range(20))
        assert all(dict(r.headers)["n"] == r.value for r in seen)
        for key in {r.key for r in seen}:  # per-key order survives partitioning
            values = [int(r.value) for r in seen if r.key == key]
            assert values == sorted(values)
        consumer.commit()
        committed = {p: consumer.committed(TopicPartition(topic, p)) for p in (0, 1)}
        produced = {p: sum(1 for m in metas if m.partition == p) for p in (0, 1)}
        assert {p: committed[p] or 0 for p in (0, 1)} == produced
    finally:
        consumer.close()


def test_compacted_topic_config_and_key_requirement(kafka_broker: BrokerInfo, unique: str) -> None:
    from kafka import KafkaProducer
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
    from kafka.errors import InvalidRecordError

    topic = f"compact-{unique}"
    create_topics(
        kafka_broker.bootstrap,
        [topic],
        config={"cleanup.policy": "compact", "min.cleanable.dirty.ratio": "0.01", "segment.ms": "100"},
    )
    with KafkaAdminClient(bootstrap_servers=kafka_broker.bootstrap) as admin:
        described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    configs = described["topic"][topic]
    assert configs["cleanup.policy"]["value"] == "compact"
    assert configs["min.cleanable.dirty.ratio"]["value"] == "0.01"

    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap, acks="all", retries=0)
    try:
        producer.send(topic, key=b"user-1", value=b"a").get(timeout=10)
        producer.send(topic, key=b"user-1", value=None).get(timeout=10)  # tombstones are fine
        with pytest.raises(InvalidRecordError):  # a real broker refuses keyless records here
            producer.send(topic, value=b"no key").get(timeout=10)
    finally:
        producer.close(timeout=10)


def test_faust_agent_counts_into_table(kafka_broker: BrokerInfo, unique: str) -> None:
    import faust
    from aiokafka import AIOKafkaProducer
    from kafka import KafkaConsumer, TopicPartition
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

    n, keys = 60, 4
    app_id, topic_name = f"cg-faust-{unique}", f"faust-in-{unique}"
    changelog = f"{app_id}-counts-changelog"
    bootstrap = kafka_broker.bootstrap
    create_topics(bootstrap, [topic_name], partitions=1)

    app = faust.App(
        app_id,
        broker=f"kafka://{bootstrap}",
        store="memory://",
        web_enabled=False,
        autodiscover=False,
        topic_partitions=1,
        topic_replication_factor=1,
        consumer_auto_offset_reset="earliest",
        broker_commit_interval=0.5,
    )
    topic = app.topic(
        topic_name, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw"
    )
    counts = app.Table("counts", default=int, partitions=1)

    @app.agent(topic)
    async def count(stream: Any) -> None:
        async for key, _value in stream.items():
            counts[key.decode()] += 1

    def committed_offset() -> int:
        with KafkaAdminClient(bootstrap_servers=bootstrap) as admin:
            offsets = admin.list_group_offsets({app_id: None}).get(app_id, {})
        meta = offsets.get(TopicPartition(topic_name, 0))
        return meta.offset if meta is not None else -1

    async def scenario() -> dict[str, int]:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
        await producer.start()
        try:
            for i in range(n):
                await producer.send_and_wait(topic_name, f"{i}".encode(), key=f"k{i % keys}".encode())
        finally:
            await producer.stop()
        await app.start()
        try:

            async def all_counted() -> bool:
                return sum(counts.values()) >= n

            async def all_committed() -> bool:
                return await asyncio.to_thread(committed_offset) == n

            await _until(all_counted, 30, f"faust to count {n} messages")
            await _until(all_committed, 20, "faust to commit its input offset")
            return dict(counts.items())
        finally:
            await app.stop()

    result = asyncio.run(asyncio.wait_for(scenario(), 90))
    assert result == {f"k{i}": n // keys for i in range(keys)}

    # faust created its changelog itself (CreateTopics via aiokafka) as a compacted topic ...
    with KafkaAdminClient(bootstrap_servers=bootstrap) as admin:
        described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, changelog)])
    assert described["topic"][changelog]["cleanup.policy"]["value"] == "compact"

    # ... and wrote every table update to it; the last value per key is the final count.
    reader = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        tp = TopicPartition(changelog, 0)
        reader.assign([tp])
        reader.seek_to_beginning(tp)
        end = reader.end_offsets([tp])[tp]
        latest: dict[str, int] = {}
        deadline = time.monotonic() + 20
        while reader.position(tp) < end and time.monotonic() < deadline:
            for records in reader.poll(timeout_ms=500).values():
                for r in records:
                    latest[json.loads(r.key)] = json.loads(r.value)
        assert end == n
        assert latest == result
    finally:
        reader.close()
