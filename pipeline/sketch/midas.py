"""MIDAS-R: microcluster (burst) scores for edge streams from count-min sketches with decay.

Bhatia et al., "MIDAS: Microcluster-Based Detector of Anomalies in Edge Streams", AAAI 2020, the
relational variant MIDAS-R. Per edge (u, v, t) three count-min sketches are kept, for the edge (u, v),
the source u and the destination v; each has a *current* sketch (counts of the current tick, decayed by
``alpha`` per tick instead of being reset) and a *total* sketch (all-time counts). With ``a`` the current
and ``s`` the total count of the item (minimum over the sketch rows), the burst score is the chi-squared
statistic ``(a - s/t)**2 * t**2 / (s * (t - 1))`` (0 when ``t <= 1`` or ``s == 0``); the MIDAS-R score
is the maximum over edge, source and destination.

Two implementations with identical results (up to float rounding):

* :class:`MidasR` scores one edge at a time (for an event-processing worker) and checkpoints to bytes;
* :func:`score_edges_batch` scores a whole stream with vectorised numpy, for replays and benchmarks.

Conventions (both implementations):

* Ticks are integers, normally consecutive and starting at 1 (the paper's ``t``). A jump of ``k`` ticks
  decays the current counts by ``alpha**k`` (the authors' C++ code multiplies by ``alpha`` once per
  change of tick whatever its size; for consecutive ticks the two agree).
* Hashing is seeded and stable across processes and platforms (no use of Python's salted ``hash``):
  a node is reduced to a 32-bit key (ints: their low 64 bits folded to 32; ``str``/``bytes``: CRC-32 of
  the UTF-8 bytes), an edge key mixes its two node keys, and each sketch row maps a key to a bucket with
  a multiply-add-shift hash ``((a*x + b) mod 2**64) >> 32`` (universal for 32-bit keys) followed by the
  multiply-shift range reduction ``(h * buckets) >> 32``; ``a`` and ``b`` come from SplitMix64 of the
  seed. This replaces the authors' ``(a*x + b) mod buckets`` (no 64-bit modulo needed in numpy, which is
  slow) with the same purpose: independent, seeded, roughly uniform rows.
"""

from __future__ import annotations

import json
import math
import struct
import zlib

import numpy as np

__all__ = [
    "MidasR",
    "score_edges_batch",
    "chi2_score",
    "node_key",
    "edge_key",
    "node_keys",
    "edge_keys",
    "hash_params",
]

_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF
# odd 64-bit constants that mix the two node keys of an edge into one 32-bit edge key
_EDGE_MUL_U = 0x9E3779B97F4A7C15
_EDGE_MUL_V = 0xC2B2AE3D27D4EB4F
_EDGE_ADD = 0x165667B19E3779F9
_COMPONENTS = ("edge", "source", "destination")
# keep the scaled current counts (see MidasR) below about 2**600 before renormalising
_RENORM_BELOW = 2.0**-600
_STATE_MAGIC = b"MIDASR1\n"
_BIG = 1 << 62


def _splitmix64(x: int) -> int:
    """One SplitMix64 output for input ``x``: a portable seeded generator (numpy's streams may change)."""
    z = (x + 0x9E3779B97F4A7C15) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def hash_params(seed: int, rows: int) -> list[list[tuple[int, int]]]:
    """``[component][row] -> (a, b)``: odd multiplier ``a`` and offset ``b``, 64-bit, from the seed."""
    params = []
    for comp in range(3):
        comp_rows = []
        for row in range(rows):
            base = (seed & _M64) * 0x100000001B3 + comp * 0x10001 + row * 0x1000193
            a = _splitmix64(base * 2) | 1
            b = _splitmix64(base * 2 + 1)
            comp_rows.append((a, b))
        params.append(comp_rows)
    return params


def node_key(node: int | str | bytes) -> int:
    """Stable 32-bit key of a node id: ints fold their low 64 bits, strings use CRC-32 of UTF-8."""
    if isinstance(node, str):
        return zlib.crc32(node.encode("utf-8"))
    if isinstance(node, (bytes, bytearray, memoryview)):
        return zlib.crc32(node)
    x = int(node) & _M64
    return (x ^ (x >> 32)) & _M32


def edge_key(key_u: int, key_v: int) -> int:
    """Stable 32-bit key of a directed edge from its two 32-bit node keys."""
    return (((key_u * _EDGE_MUL_U + key_v * _EDGE_MUL_V + _EDGE_ADD) & _M64) >> 32) & _M32


def node_keys(nodes: np.ndarray) -> np.ndarray:
    """Vectorised :func:`node_key` for an integer array (uint64 keys, values below 2**32)."""
    x = np.asarray(nodes)
    if x.dtype.kind not in "iu":
        raise TypeError(f"node ids must be an integer array, got dtype {x.dtype}")
    x = x.astype(np.int64, copy=False).view(np.uint64) if x.dtype.kind == "i" else x.astype(np.uint64)
    return (x ^ (x >> np.uint64(32))) & np.uint64(_M32)


def edge_keys(keys_u: np.ndarray, keys_v: np.ndarray) -> np.ndarray:
    """Vectorised :func:`edge_key` (uint64 in, uint64 keys below 2**32 out)."""
    mixed = keys_u * np.uint64(_EDGE_MUL_U) + keys_v * np.uint64(_EDGE_MUL_V) + np.uint64(_EDGE_ADD)
    return mixed >> np.uint64(32)


def chi2_score(a: float, s: float, t: float) -> float:
    """MIDAS chi-squared burst score of current count ``a`` against ``s/t`` expected, 0 if undefined."""
    if s <= 0 or t <= 1:
        return 0.0
    d = (a - s / t) * t
    return d * d / (s * (t - 1))


class MidasR:
    """Streaming MIDAS-R scorer: one edge at a time, checkpointable.

    Parameters
    ----------
    rows, buckets
        Count-min sketch shape (the paper uses 2 x 2719); each of the 3 components has its own hashes.
    alpha
        Decay of the current counts per tick, ``0 < alpha <= 1`` (MIDAS-R uses 0.5).
    seed
        Seed of the hash functions; equal settings give equal scores in every process.
    cache_size
        Bound of the memo of counter indices per node and per edge (a pure function of the ids, so it
        only affects speed; each memo is cleared when full).

    The current counts are stored lazily scaled by ``alpha**-(tick - base)`` so that a tick change costs
    O(1) instead of multiplying 3 x rows x buckets counters: an edge adds the scale, a read multiplies
    by its inverse. When the scale would exceed about 2**600 all counters are renormalised once (O(size),
    every ~600 ticks for alpha = 0.5). Counters are plain Python lists: per-edge scalar access to a list
    is several times faster than indexing numpy arrays; the hashes of 64-bit products, the other main
    per-edge cost, are memoised per node and per edge.

    Ticks should be non-decreasing; an edge with a smaller tick than the last one is counted in the
    current tick (``late_edges`` counts them) rather than rewriting history.
    """

    def __init__(
        self, rows: int = 2, buckets: int = 2719, alpha: float = 0.5, seed: int = 0, cache_size: int = 1 << 16
    ) -> None:
        if rows < 1 or buckets < 1 or buckets >= 2**32:
            raise ValueError("need rows >= 1 and 1 <= buckets < 2**32")
        if not 0.0 < alpha <= 1.0:
            raise ValueError("alpha must be in (0, 1]")
        self.rows = int(rows)
        self.buckets = int(buckets)
        self.alpha = float(alpha)
        self.seed = int(seed)
        params = hash_params(self.seed, self.rows)
        size = self.rows * self.buckets
        # per component: tuple of (a, b, offset into the flat counter list) per row
        self._params = tuple(
            tuple((a, b, (comp * self.rows + row) * self.buckets) for row, (a, b) in enumerate(params[comp]))
            for comp in range(3)
        )
        self._cur: list[float] = [0.0] * (3 * size)
        self._tot: list[int] = [0] * (3 * size)
        self._tick: int | None = None  # tick of the last edge (None: no edge yet)
        self._base = 0  # tick at which the stored current counts are unscaled
        self._up = 1.0  # alpha ** -(tick - base): what one edge adds to a stored current count
        self._down = 1.0  # alpha ** (tick - base): stored -> true current count
        self.late_edges = 0
        self._cache_size = int(cache_size)
        self._node_cache: dict = {}
        self._edge_cache: dict = {}

    # ------------------------------------------------------------------ scoring
    def _advance(self, tick: int) -> None:
        down = self.alpha ** (tick - self._base)
        if down < _RENORM_BELOW:
            cur = self._cur
            self._cur = [v * down for v in cur]
            self._base = tick
            down = 1.0
        self._down = down
        self._up = 1.0 / down
        self._tick = tick

    def _tick_change(self, tick: int) -> int:
        if self._tick is None:
            self._base = tick
        elif tick < self._tick:
            self.late_edges += 1
            return self._tick
        self._advance(tick)
        return tick

    def _node_entry(self, node: int | str | bytes) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
        """(key, source-sketch counter indices, destination-sketch counter indices) of a node."""
        key = node_key(node)
        nb = self.buckets
        ps = tuple(off + ((((a * key + b) & _M64) >> 32) * nb >> 32) for a, b, off in self._params[1])
        pd = tuple(off + ((((a * key + b) & _M64) >> 32) * nb >> 32) for a, b, off in self._params[2])
        if len(self._node_cache) >= self._cache_size:
            self._node_cache.clear()
        entry = self._node_cache[node] = (key, ps, pd)
        return entry

    def _edge_entry(self, ku: int, kv: int) -> tuple[int, ...]:
        key = edge_key(ku, kv)
        nb = self.buckets
        pe = tuple(off + ((((a * key + b) & _M64) >> 32) * nb >> 32) for a, b, off in self._params[0])
        if len(self._edge_cache) >= self._cache_size:
            self._edge_cache.clear()
        self._edge_cache[ku, kv] = pe
        return pe

    def score_parts(self, src: int | str, dst: int | str, tick: int) -> tuple[float, float, float]:
        """Insert edge ``src -> dst`` at ``tick``; return its (edge, source, destination) scores.

        The destination part is the in-rate burst of ``dst`` (e.g. a follower burst on a target).
        """
        if tick != self._tick:
            tick = self._tick_change(tick)
        # bucket indices are pure functions of the ids: memoised in bounded dicts (hashing 64-bit
        # products costs more than a dict hit in Python)
        eu = self._node_cache.get(src)
        if eu is None:
            eu = self._node_entry(src)
        ev = self._node_cache.get(dst)
        if ev is None:
            ev = self._node_entry(dst)
        pe = self._edge_cache.get((eu[0], ev[0]))
        if pe is None:
            pe = self._edge_entry(eu[0], ev[0])
        cur = self._cur
        tot = self._tot
        up = self._up
        out = [0.0, 0.0, 0.0]
        for c, idx in enumerate((pe, eu[1], ev[2])):
            amin = math.inf
            smin = _BIG
            for i in idx:
                v = cur[i] + up
                cur[i] = v
                s = tot[i] + 1
                tot[i] = s
                if v < amin:
                    amin = v
                if s < smin:
                    smin = s
            if tick > 1:
                d = (amin * self._down - smin / tick) * tick
                out[c] = d * d / (smin * (tick - 1))
        return out[0], out[1], out[2]

    def score_one(self, src: int | str, dst: int | str, tick: int) -> float:
        """Insert edge ``src -> dst`` at ``tick``; return the MIDAS-R score (max of the three parts)."""
        e, s, d = self.score_parts(src, dst, tick)
        return max(e, s, d)

    def bucket_indices(
        self, src: int | str, dst: int | str
    ) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """Bucket of the edge, source and destination in each row (for tests and debugging)."""
        ku = node_key(src)
        kv = node_key(dst)
        out = []
        for comp, key in enumerate((edge_key(ku, kv), ku, kv)):
            out.append(
                tuple(((((a * key + b) & _M64) >> 32) * self.buckets) >> 32 for a, b, _ in self._params[comp])
            )
        return out[0], out[1], out[2]

    def current_counts(self) -> np.ndarray:
        """True current (decayed) counts at the last tick, shape (3, rows, buckets): edge, source, dest."""
        return np.asarray(self._cur, dtype=np.float64).reshape(3, self.rows, self.buckets) * self._down

    def total_counts(self) -> np.ndarray:
        """All-time counts, shape (3, rows, buckets)."""
        return np.asarray(self._tot, dtype=np.int64).reshape(3, self.rows, self.buckets)

    # ------------------------------------------------------------------ checkpoints
    def state(self) -> dict:
        """Plain-data snapshot (ints, floats, bytes); restoring it continues bit-identically."""
        return {
            "format": "midas-r/1",
            "rows": self.rows,
            "buckets": self.buckets,
            "alpha": self.alpha,
            "seed": self.seed,
            "tick": self._tick,
            "base": self._base,
            "late_edges": self.late_edges,
            "cache_size": self._cache_size,
            "cur": np.asarray(self._cur, dtype="<f8").tobytes(),
            "tot": np.asarray(self._tot, dtype="<i8").tobytes(),
        }

    @classmethod
    def from_state(cls, state: dict) -> MidasR:
        """Rebuild a scorer from :meth:`state` (checks format and array sizes)."""
        if state.get("format") != "midas-r/1":
            raise ValueError(f"unknown MidasR state format {state.get('format')!r}")
        obj = cls(
            state["rows"], state["buckets"], state["alpha"], state["seed"], state.get("cache_size", 1 << 16)
        )
        obj._set_arrays(state)
        return obj

    def _set_arrays(self, state: dict) -> None:
        size = 3 * self.rows * self.buckets
        cur = np.frombuffer(state["cur"], dtype="<f8")
        tot = np.frombuffer(state["tot"], dtype="<i8")
        if cur.size != size or tot.size != size:
            raise ValueError("MidasR state arrays do not match rows x buckets")
        self._cur = cur.tolist()
        self._tot = tot.tolist()
        self._base = int(state["base"])
        self.late_edges = int(state.get("late_edges", 0))
        self._tick = None if state["tick"] is None else int(state["tick"])
        self._down = 1.0 if self._tick is None else self.alpha ** (self._tick - self._base)
        self._up = 1.0 / self._down

    def to_bytes(self) -> bytes:
        """Compact checkpoint: magic, JSON header, then the raw little-endian counter arrays."""
        st = self.state()
        cur = st.pop("cur")
        tot = st.pop("tot")
        header = json.dumps(st, sort_keys=True).encode()
        return _STATE_MAGIC + struct.pack("<I", len(header)) + header + cur + tot

    @classmethod
    def from_bytes(cls, data: bytes) -> MidasR:
        """Inverse of :meth:`to_bytes`."""
        if not data.startswith(_STATE_MAGIC):
            raise ValueError("not a MidasR checkpoint")
        pos = len(_STATE_MAGIC)
        (hlen,) = struct.unpack_from("<I", data, pos)
        pos += 4
        st = json.loads(data[pos : pos + hlen])
        pos += hlen
        size = 3 * st["rows"] * st["buckets"] * 8
        st["cur"] = data[pos : pos + size]
        st["tot"] = data[pos + size : pos + 2 * size]
        return cls.from_state(st)

    def __getstate__(self) -> dict:
        return self.state()

    def __setstate__(self, state: dict) -> None:
        self.__init__(
            state["rows"], state["buckets"], state["alpha"], state["seed"], state.get("cache_size", 1 << 16)
        )
        self._set_arrays(state)

    def __repr__(self) -> str:
        return f"MidasR(rows={self.rows}, buckets={self.buckets}, alpha={self.alpha}, seed={self.seed})"


# ---------------------------------------------------------------------- batch scorer


def _decayed_scan(
    first: np.ndarray, gt: np.ndarray, gm: np.ndarray, alpha: float, init: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``E[i] = d[i] * E[i-1] + gm[i] + init[i]`` over (bucket, tick) groups sorted by bucket, tick.

    ``d[i] = alpha**(gt[i] - gt[i-1])`` within a bucket and 0 at a bucket's first group (``first``), where
    ``init`` carries the decayed state from earlier chunks. Returns ``(E, d)``. Uses recursive doubling
    (Hillis-Steele) and stops once the remaining products of decays are below float64 resolution
    relative to a count of 1, i.e. after ~log2(60 / -log2(alpha)) + 6 passes, not log2(len).
    """
    g = gt.size
    d = np.empty(g, dtype=np.float64)
    if g:
        d[0] = 0.0
        if g > 1:
            np.subtract(gt[1:], gt[:-1], out=d[1:])
            with np.errstate(over="ignore"):  # across buckets the gap is negative; zeroed below
                np.power(alpha, d[1:], out=d[1:])
        d[first] = 0.0
    e = gm.astype(np.float64)
    e += init
    dd = d.copy()
    bound = float(e.sum()) + 1.0
    shift = 1
    while shift < g:
        if float(dd.max()) * bound < 2.0**-64:
            break
        e[shift:] += dd[shift:] * e[:-shift]
        dd[shift:] *= dd[:-shift]
        shift *= 2
    return e, d


class _RowState:
    """Per sketch row, across chunks: true current count, its tick, and total count per bucket."""

    __slots__ = ("cur", "last", "tot")

    def __init__(self, buckets: int) -> None:
        self.cur = np.zeros(buckets, dtype=np.float64)
        self.last = np.zeros(buckets, dtype=np.int64)
        self.tot = np.zeros(buckets, dtype=np.int64)


class _Chunk:
    """Arrays shared by all sketch rows of one chunk of the stream."""

    __slots__ = ("m", "tick0", "rel", "rank_i")

    def __init__(self, ticks: np.ndarray) -> None:
        self.m = ticks.size
        self.tick0 = int(ticks[0])
        span = int(ticks[-1]) - self.tick0
        rel = ticks - self.tick0
        self.rel = rel.astype(np.int32) if span < 2**31 else rel  # ticks relative to the chunk: less traffic
        self.rank_i = np.arange(1, self.m + 1, dtype=np.int64)


def _row_counts(
    bucket: np.ndarray, ch: _Chunk, st: _RowState, alpha: float, out_a: np.ndarray, out_s: np.ndarray
) -> None:
    """Current (``out_a``) and total (``out_s``) count of each edge's bucket, right after the edge.

    A stable sort by bucket keeps time order inside a bucket; then a bucket's total count at an edge is
    its rank in the bucket plus the carried total, and its current count is the decayed carry-in of its
    (bucket, tick) group plus its rank inside the group. Per-element work is one radix argsort, one
    gather, two ``np.repeat`` and two scatters; the rest is per bucket or per (bucket, tick) group.
    """
    m = ch.m
    nbuckets = st.cur.size
    key = bucket.astype(np.uint16) if nbuckets <= 65536 else bucket
    order = np.argsort(key, kind="stable")
    counts = np.bincount(bucket, minlength=nbuckets)
    present = np.flatnonzero(counts)  # buckets hit in this chunk, = sorted order of the groups' buckets
    bc = counts[present]
    bs = np.cumsum(bc)
    bs -= bc  # start of each present bucket in sorted order
    ts = ch.rel[order]
    gnew = np.empty(m, dtype=bool)
    gnew[0] = True
    np.not_equal(ts[1:], ts[:-1], out=gnew[1:])
    gnew[bs] = True
    gs = np.flatnonzero(gnew)  # start of each (bucket, tick) group in sorted order
    first = gnew  # reuse: mark the groups that start a bucket
    first[gs] = False
    first[bs] = True
    first = first[gs]
    gt = ts[gs].astype(np.int64)
    gt += ch.tick0
    gm = np.diff(gs, append=m)
    # decayed carry from previous chunks into each bucket's first group
    cur_in = st.cur[present]
    with np.errstate(over="ignore"):
        carry_in = cur_in * np.power(alpha, (gt[first] - st.last[present]).astype(np.float64))
    carry_in[cur_in == 0.0] = 0.0  # untouched buckets: no 0 * inf from an early "last" tick
    init = np.zeros(gs.size, dtype=np.float64)
    init[first] = carry_in
    e, d = _decayed_scan(first, gt, gm, alpha, init)
    base = np.empty(gs.size, dtype=np.float64)  # current count before the group's own edges
    base[0] = 0.0
    np.multiply(d[1:], e[:-1], out=base[1:])
    base[first] = carry_in
    # a = carry + (rank - group start); s = carried total + (rank - bucket start), rank 1-based; the
    # integer parts are formed exactly before adding the (fractional) carry
    in_group = np.repeat(gs, gm)
    np.subtract(ch.rank_i, in_group, out=in_group)
    a_sorted = np.repeat(base, gm)
    a_sorted += in_group
    off = bs - st.tot[present]
    s_sorted = np.repeat(off, bc)
    np.subtract(ch.rank_i, s_sorted, out=s_sorted)
    out_a[order] = a_sorted
    out_s[order] = s_sorted
    # carry state to the next chunk from the last group of each bucket
    last_g = np.flatnonzero(first)
    last_g[:-1] = last_g[1:] - 1
    last_g[-1] = gs.size - 1
    st.cur[present] = e[last_g]
    st.last[present] = gt[last_g]
    st.tot[present] += bc


def score_edges_batch(
    src: np.ndarray,
    dst: np.ndarray,
    ticks: np.ndarray,
    rows: int = 2,
    buckets: int = 2719,
    alpha: float = 0.5,
    seed: int = 0,
    *,
    return_parts: bool = False,
    chunk_size: int = 1 << 18,
) -> np.ndarray:
    """MIDAS-R scores of a whole edge stream, equal to :class:`MidasR` with the same settings.

    ``src``/``dst`` are integer node ids, ``ticks`` non-decreasing integers. Returns float64 scores, or
    with ``return_parts`` an array of shape (n, 3): edge, source, destination scores. The stream is cut
    into chunks of ``chunk_size`` edges (bounded temporaries; state carried between chunks) and each sketch
    row is solved for a whole chunk at once with a stable bucket sort, so the Python overhead is per
    chunk, not per tick or edge.
    """
    if rows < 1 or buckets < 1 or buckets >= 2**32:
        raise ValueError("need rows >= 1 and 1 <= buckets < 2**32")
    if not 0.0 < alpha <= 1.0:
        raise ValueError("alpha must be in (0, 1]")
    ticks = np.asarray(ticks)
    if ticks.dtype.kind not in "iu":
        raise TypeError("ticks must be integers")
    ticks = ticks.astype(np.int64, copy=False)
    n = ticks.size
    ku = node_keys(src)
    kv = node_keys(dst)
    if ku.shape != (n,) or kv.shape != (n,):
        raise ValueError("src, dst and ticks must be 1-d arrays of equal length")
    if n > 1 and bool((ticks[1:] < ticks[:-1]).any()):
        raise ValueError("ticks must be non-decreasing")
    params = hash_params(seed, rows)
    states = [[_RowState(buckets) for _ in range(rows)] for _ in range(3)]
    parts = np.empty((n, 3), dtype=np.float64) if return_parts else None
    out = np.zeros(n, dtype=np.float64)
    nb = np.uint64(buckets)
    sh = np.uint64(32)
    chunk_size = max(int(chunk_size), 1)
    for lo in range(0, n, chunk_size):
        hi = min(n, lo + chunk_size)
        m = hi - lo
        t = ticks[lo:hi]
        tf = t.astype(np.float64)
        ch = _Chunk(t)
        u = ku[lo:hi]
        v = kv[lo:hi]
        keys = (edge_keys(u, v), u, v)
        a_row = np.empty(m, dtype=np.float64)
        s_row = np.empty(m, dtype=np.int64)
        for comp in range(3):
            amin = np.empty(m, dtype=np.float64)
            smin = np.empty(m, dtype=np.int64)
            for row in range(rows):
                a, b = params[comp][row]
                h = keys[comp] * np.uint64(a)
                h += np.uint64(b)
                h >>= sh
                h *= nb
                h >>= sh
                bucket = h.astype(np.int64)
                _row_counts(bucket, ch, states[comp][row], alpha, a_row, s_row)
                if row == 0:
                    amin[:] = a_row
                    smin[:] = s_row
                else:
                    np.minimum(amin, a_row, out=amin)
                    np.minimum(smin, s_row, out=smin)
            score = _chi2_array(amin, smin, tf)
            if parts is not None:
                parts[lo:hi, comp] = score
            np.maximum(out[lo:hi], score, out=out[lo:hi])
    return parts if parts is not None else out


def _chi2_array(a: np.ndarray, s: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Vectorised :func:`chi2_score` (float64)."""
    sf = s.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = (a - sf / t) * t
        score = d * d / (sf * (t - 1.0))
    score[(t <= 1.0) | (sf <= 0.0)] = 0.0
    return score
