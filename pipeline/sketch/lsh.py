"""Small sketches for lockstep detection: MinHash pairs over a set of ids, and a decayed popularity count.

Why these two, and why this shape:

* **MinHash pairs.** CopyCatch/SynchroTrap look for groups of accounts that act on the same *several*
  objects at about the same time. Comparing every account with every other is quadratic; MinHash/LSH
  makes it incremental: accounts whose recent-target sets are near-identical get the same band value
  with high probability, so a band value can be a key, and the accounts that share it meet on that key.
  A band here is 2 rows: row 0 picks the set's minimum under one hash, row 1 the minimum of the *rest*
  under another. The band value is then a pair of distinct targets, which (unlike a hash of row values)
  tells the band key which two targets its members share, so it can check *when* each member followed
  them. Two sets agree on a band with probability about J^2 (J = Jaccard); with 8 bands, near-identical
  sets (J >= 0.8) share a band with probability > 0.99, sets with J = 0.3 with about 0.5, and sets of
  unrelated accounts (J ~ 0) practically never. Identical sets share every band.
  Integer hashing only: one 64-bit hash per id (two CRC-32s, computed once and kept with the id) and an
  odd-multiplier universal hash per row, all 16 rows in one numpy expression (~7 us per set).
* **Popularity.** Following the same celebrity or suggested account together is what everybody does, so
  such targets are left out of the sets. "Popular" is judged from follows by accounts that have shown
  life, so a farm cannot make its customer look popular. The count is a conservative-update count-min
  sketch with forward exponential decay, kept per partition; popularity is a *share* of the partition's
  living follows, which is the same in expectation however keys are spread over partitions (each
  partition sees a uniform sample of followers). Overestimation per cell is about total / WIDTH, far
  below the share threshold.

>>> xs = [element_hash(t) for t in ("a", "b", "c")]
>>> pairs = minhash_pairs(xs)
>>> all(i != j for i, j in pairs) and pairs == minhash_pairs(list(xs))
True
>>> p = DecayedCountMin(half_life_ms=3_600_000)
>>> for i in range(500):
...     p.add(element_hash("celebrity" if i % 5 == 0 else f"x{i}"), 1_000 + i)
>>> p.share(element_hash("celebrity"), 2_000) > 0.15, p.share(element_hash("nobody"), 2_000) < 0.01
(True, True)
"""

from __future__ import annotations

import math
import zlib
from array import array
from typing import Final

import numpy as np

__all__ = ["BANDS", "DecayedCountMin", "element_hash", "minhash_pairs", "pair_key"]

BANDS: Final = 8
"""Bands of 2 rows each: P(two sets share a band) = 1 - (1 - J^2)^8."""
_M64: Final = (1 << 64) - 1


def _splitmix(seed: int) -> list[int]:
    out, x = [], seed
    for _ in range(4 * BANDS):
        x = (x + 0x9E3779B97F4A7C15) & _M64
        z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        out.append(z ^ (z >> 31))
    return out


_R = _splitmix(0x10C57E9)
_ROWS: Final = [(_R[4 * b] | 1, _R[4 * b + 1], _R[4 * b + 2] | 1, _R[4 * b + 3]) for b in range(BANDS)]
"""Per band: (a0, b0, a1, b1) of the two rows' universal hashes x -> (a*x + b) mod 2^64 (a odd). Fixed in
the source: band values must agree across processes and restarts (never Python's salted `hash`)."""
_A0, _B0, _A1, _B1 = (np.array([r[k] for r in _ROWS], dtype=np.uint64)[:, None] for k in range(4))
_BAND_IDX = np.arange(BANDS)
_U64_MAX = np.uint64(_M64)


def element_hash(ident: str) -> int:
    """A stable 64-bit hash of an id (two CRC-32s with different seeds)."""
    raw = ident.encode()
    return zlib.crc32(raw) | (zlib.crc32(raw, 0x5BD1E995) << 32)


def minhash_pairs(xs: list[int]) -> list[tuple[int, int]]:
    """Per band, the indices (i, j), i != j, of the set's row-0 minimum and row-1 minimum of the rest.

    `xs` are element hashes of a set of at least 2 distinct elements. The result depends only on the set,
    not on the order of `xs` (distinct 64-bit hashes never tie). numpy: 8 bands x 2 rows in a handful of
    vector operations (~7 us whatever the set size; a pure-Python loop costs 15-125 us). A set of two has
    one pair, whatever the hashes.
    """
    if len(xs) == 2:
        return [(0, 1)] * BANDS
    x = np.array(xs, dtype=np.uint64)
    i = (_A0 * x + _B0).argmin(axis=1)  # uint64 arithmetic wraps: mod 2^64, as intended
    h1 = _A1 * x + _B1
    h1[_BAND_IDX, i] = _U64_MAX
    j = h1.argmin(axis=1)
    return list(zip(i.tolist(), j.tolist(), strict=True))


def pair_key(x: int, y: int) -> int:
    """A 64-bit key for the unordered pair of element hashes {x, y}."""
    lo, hi = (x, y) if x <= y else (y, x)
    return lo ^ ((hi * 0x9E3779B97F4A7C15) & _M64)  # the halves are hashes already: one mix is enough


class DecayedCountMin:
    """Count-min sketch (depth 2, conservative update) with forward exponential decay.

    Each add weighs 2^((t - landmark) / half_life); estimates are read relative to the decayed total, so
    the landmark never matters and is moved forward (everything rescaled) when weights grow large.
    Memory: 2 x WIDTH doubles (64 KiB). `to_bytes` / `from_bytes` for periodic checkpoints.
    """

    WIDTH: Final = 4096
    _RESCALE_HL: Final = 40.0

    def __init__(self, half_life_ms: int, landmark: int = 0) -> None:
        self.half_life_ms = half_life_ms
        self.landmark = landmark
        self.total = 0.0
        self.rows = (array("d", bytes(8 * self.WIDTH)), array("d", bytes(8 * self.WIDTH)))

    def _weight(self, ts: int) -> float:
        if self.landmark == 0:
            self.landmark = ts
        e = (ts - self.landmark) / self.half_life_ms
        if e > self._RESCALE_HL:
            self._rescale(ts)
            e = 0.0
        return math.exp2(e)

    def _rescale(self, ts: int) -> None:
        f = math.exp2(-(ts - self.landmark) / self.half_life_ms)
        for row in self.rows:
            for k in range(self.WIDTH):
                row[k] *= f
        self.total *= f
        self.landmark = ts

    def add(self, x: int, ts: int) -> None:
        w = self._weight(ts)
        m = self.WIDTH - 1
        r0, r1 = self.rows
        i0, i1 = x & m, (x >> 32) & m
        c0, c1 = r0[i0], r1[i1]
        target = min(c0, c1) + w  # conservative update: raise only the cells below the new estimate
        if c0 < target:
            r0[i0] = target
        if c1 < target:
            r1[i1] = target
        self.total += w

    def share(self, x: int, ts: int) -> float:
        """Estimated share of the decayed total that went to `x` (0 when nothing was counted)."""
        if self.total <= 0.0:
            return 0.0
        m = self.WIDTH - 1
        return min(self.rows[0][x & m], self.rows[1][(x >> 32) & m]) / self.total

    def decayed_total(self, ts: int) -> float:
        """The decayed number of adds, as of `ts`."""
        if self.landmark == 0:
            return 0.0
        return self.total * math.exp2(-(ts - self.landmark) / self.half_life_ms)

    def to_bytes(self) -> bytes:
        head = array("d", [float(self.half_life_ms), float(self.landmark), self.total]).tobytes()
        return head + self.rows[0].tobytes() + self.rows[1].tobytes()

    @classmethod
    def from_bytes(cls, raw: bytes) -> DecayedCountMin:
        head = array("d")
        head.frombytes(raw[:24])
        out = cls(int(head[0]), int(head[1]))
        out.total = head[2]
        n = 8 * cls.WIDTH
        for k, row in enumerate(out.rows):
            row[:] = array("d", raw[24 + k * n : 24 + (k + 1) * n])
        return out
