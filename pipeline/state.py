"""State behind a small store interface: a byte key-value backend, and typed stores with event-time expiry.

Backends are byte-level (`KV`): a dict in replay, a Faust table (RocksDB + changelog) in the worker. Both
see the same encoded bytes, so a value mutated in place and never written back is lost in replay exactly
as it would be on changelog recovery, and the state tests catch it on either backend.

Expiry is explicit: `Store.expire(watermark)` deletes what has outlived its TTL in event time, so a
changelog holds tombstones and nothing comes back on restore. Reads treat an expired value as absent even
before the sweep reaches it.

>>> kv = DictKV()
>>> s = Store(kv, "demo", Counter, ttl_ms=60_000)
>>> s.put("u1", Counter(3), now=1_000)
>>> s.get("u1", now=2_000), s.get("u1", now=70_000)
(Counter(n=3), None)
>>> s.expire(watermark=70_000), kv.get("demo:u1")
(1, None)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final, Generic, Protocol, TypeVar

import msgspec

T = TypeVar("T")
NO_EXPIRY: Final = 2**62
_EXP_BYTES: Final = 8


class KV(Protocol):
    """The backend: bytes in, bytes out. Implementations: DictKV here, FaustKV in the worker."""

    def get(self, key: str) -> bytes | None: ...
    def set(self, key: str, value: bytes) -> None: ...
    def delete(self, key: str) -> None: ...


class DictKV:
    """In-memory backend for replay and tests."""

    __slots__ = ("data",)

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        self.data[key] = value

    def delete(self, key: str) -> None:
        self.data.pop(key, None)

    def items(self) -> Iterator[tuple[str, bytes]]:
        return iter(list(self.data.items()))


class Counter(msgspec.Struct):
    """A tiny value type for examples and tests."""

    n: int


class Store(Generic[T]):
    """A typed, namespaced view of a KV with a time-to-live measured in event time.

    Values are msgpack-encoded structs prefixed with their 8-byte expiry, so the sweep and a restore can
    read the expiry without decoding the value. The sweep index keeps each key once per coarse bucket
    (TTL/16), bounding both its size and the work per put.
    """

    def __init__(self, kv: KV, name: str, value_type: type[T], ttl_ms: int | None) -> None:
        self.kv = kv
        self.prefix = f"{name}:"
        self.ttl_ms = ttl_ms
        self._bucket_ms = max(1_000, (ttl_ms or 0) // 16)
        self._enc = msgspec.msgpack.Encoder()
        self._dec = msgspec.msgpack.Decoder(value_type)
        self._index: dict[int, set[str]] = {}

    def get(self, key: str, now: int) -> T | None:
        raw = self.kv.get(self.prefix + key)
        if raw is None or int.from_bytes(raw[:_EXP_BYTES]) <= now:
            return None
        return self._dec.decode(raw[_EXP_BYTES:])

    def put(self, key: str, value: T, now: int) -> None:
        if self.ttl_ms is None:
            expires = NO_EXPIRY
        else:
            expires = now + self.ttl_ms
            self._track(key, expires)
        self.kv.set(self.prefix + key, expires.to_bytes(_EXP_BYTES) + self._enc.encode(value))

    def delete(self, key: str) -> None:
        self.kv.delete(self.prefix + key)

    def _track(self, key: str, expires: int) -> None:
        bucket = expires // self._bucket_ms
        keys = self._index.get(bucket)
        if keys is None:
            self._index[bucket] = {key}
        else:
            keys.add(key)

    def expire(self, watermark: int) -> int:
        """Delete every value whose expiry is at or before the watermark; returns how many."""
        done = 0
        limit = watermark // self._bucket_ms
        for bucket in [b for b in self._index if b <= limit]:
            keep: set[str] = set()
            for key in self._index.pop(bucket):
                raw = self.kv.get(self.prefix + key)
                if raw is None:
                    continue
                expires = int.from_bytes(raw[:_EXP_BYTES])
                if expires <= watermark:
                    self.kv.delete(self.prefix + key)
                    done += 1
                elif expires // self._bucket_ms == bucket:
                    keep.add(key)
            if keep:
                self._index[bucket] = keep
        return done

    def rebuild_index(self, items: Iterable[tuple[str, bytes]]) -> int:
        """After a restore, re-learn which keys to sweep from the backend's own items."""
        n = 0
        for full_key, raw in items:
            if full_key.startswith(self.prefix):
                expires = int.from_bytes(raw[:_EXP_BYTES])
                if expires != NO_EXPIRY:
                    self._track(full_key[len(self.prefix) :], expires)
                    n += 1
        return n

    def index_size(self) -> int:
        return sum(len(v) for v in self._index.values())
