"""The internal repartition record: items addressed to keys, batched per partition.

Faust spends about the same fixed machinery per Kafka message whatever it holds, so the stateful stage
reads batches: one record carries up to `batch_max` items for keys of one partition. State keys follow
the record's partition (Faust writes changelog entries to the partition of the record being processed),
and `partition_for` is the one function that decides where a key lives, for every producer of records.

>>> partition_for("u100", 4) == partition_for("u100", 4)
True
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any, Union

import msgspec


def partition_for(key: str, partitions: int) -> int:
    """Stable across processes and restarts (unlike `hash`)."""
    return zlib.crc32(key.encode()) % partitions


class KeyedCodec:
    """Encodes `(key, item, ingest_ns)` triples for one topic message; items are the engine's structs."""

    def __init__(self, item_types: Iterable[type]) -> None:
        item = Union[tuple(item_types)]  # noqa: UP007 - a runtime union of the engine's tagged structs
        self._enc = msgspec.msgpack.Encoder()
        self._dec = msgspec.msgpack.Decoder(list[tuple[str, item, int]])  # type: ignore[valid-type]

    def encode(self, batch: list[tuple[str, Any, int]]) -> bytes:
        return self._enc.encode(batch)

    def decode(self, raw: bytes) -> list[tuple[str, Any, int]]:
        return self._dec.decode(raw)


class Batcher:
    """Groups addressed items by destination partition, chunked to at most `batch_max` per record."""

    def __init__(self, partitions: int, batch_max: int) -> None:
        self.partitions = partitions
        self.batch_max = batch_max
        self.pending: dict[int, list[tuple[str, Any, int]]] = {}

    def add(self, key: str, item: Any, ingest_ns: int) -> None:
        p = partition_for(key, self.partitions)
        bucket = self.pending.get(p)
        if bucket is None:
            self.pending[p] = [(key, item, ingest_ns)]
        else:
            bucket.append((key, item, ingest_ns))

    def drain(self) -> list[tuple[int, list[tuple[str, Any, int]]]]:
        out = []
        for p, items in self.pending.items():
            for i in range(0, len(items), self.batch_max):
                out.append((p, items[i : i + self.batch_max]))
        self.pending = {}
        return out
