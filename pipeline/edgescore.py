"""`contactguard score-edges`: MIDAS-R burst scores for an edge-stream CSV, with timings and ROC-AUC.

Input formats (no header, or a header line that is skipped):

* ``src,dst,MM/DD/YYYY-HH:MM,label`` (the DARPA file of the MIDAS authors): nodes are mapped to ids in
  order of first appearance (source before destination on each line), each distinct minute to a tick,
  consecutive from 1 in time order (the file must be time-ordered); a label of ``-`` (or ``0``) is normal,
  anything else an attack;
* ``src,dst,tick`` or ``src,dst,tick,label`` with integer ticks (the authors' processed format): ticks are
  used as given and must be non-decreasing.

Scores are written one per line in input order (``--digits`` significant digits, 10 by default).
Parsing is vectorised over 8 MiB blocks (no per-line Python) when node fields are at most 16 bytes,
which covers IPv4 and integer ids; other files take a slower line-by-line path with the same results.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

_BLOCK = 1 << 23
_MAX_FAST_FIELD = 16


@dataclass
class EdgeData:
    """A parsed edge stream: integer node ids, ticks, and attack flags if the file has labels."""

    src: np.ndarray  # int32 ids, 0-based in order of first appearance
    dst: np.ndarray
    ticks: np.ndarray  # int64, non-decreasing
    attack: np.ndarray | None  # bool, label not in {"-", "0"}
    nodes: list[bytes]  # node name of each id
    tick_kind: str  # "minute" (distinct minutes -> 1, 2, ...) or "int" (as given)

    def __len__(self) -> int:
        return int(self.ticks.size)


class _NeedSlowPath(Exception):
    """The vectorised parser cannot handle this file (long fields, odd lines); use the line parser."""


def _minute_key(field: bytes) -> int | None:
    """``MM/DD/YYYY-HH:MM`` -> int ordered like (year, month, day, hour, minute), None if not that format."""
    if len(field) != 16 or field[2:3] != b"/" or field[5:6] != b"/" or field[10:11] not in (b"-", b" "):
        return None
    if field[13:14] != b":":
        return None
    try:
        mo, dd, yy, hh, mi = (
            int(field[0:2]),
            int(field[3:5]),
            int(field[6:10]),
            int(field[11:13]),
            int(field[14:16]),
        )
    except ValueError:
        return None
    # no calendar check: the DARPA file has days such as 07/32/1998; only the order of minutes matters
    return (((yy * 100 + mo) * 100 + dd) * 100 + hh) * 100 + mi


def _int_tick(field: bytes) -> int | None:
    try:
        return int(field)
    except ValueError:
        return None


class _TickMapper:
    """Turns the successive distinct values of the time column into ticks, checking time order."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.count = 0  # runs (changes of the time field) seen
        self.last_key: int | None = None

    def ticks_for_runs(self, values: list[bytes], line_no: int) -> list[int]:
        out = []
        for raw in values:
            field = raw.strip()
            if self.kind is None:
                self.kind = "minute" if _minute_key(field) is not None else "int"
            key = _minute_key(field) if self.kind == "minute" else _int_tick(field)
            if key is None:
                raise ValueError(
                    f"line ~{line_no}: time field {raw!r} is neither MM/DD/YYYY-HH:MM nor an int"
                )
            if self.last_key is not None and key <= self.last_key:
                if key < self.last_key or self.kind == "minute":
                    raise ValueError(
                        f"line ~{line_no}: time {raw!r} goes back; the stream must be in time order"
                    )
            self.last_key = key
            self.count += 1
            out.append(self.count if self.kind == "minute" else key)
        return out


class _NodeMapper:
    """Node name -> id in order of first appearance."""

    def __init__(self) -> None:
        self.ids: dict[bytes, int] = {}
        self.names: list[bytes] = []

    def get(self, name: bytes) -> int:
        i = self.ids.get(name)
        if i is None:
            i = self.ids[name] = len(self.names)
            self.names.append(name)
        return i


def _is_header(line: bytes) -> bool:
    fields = line.rstrip(b"\r\n").split(b",")
    if len(fields) < 3:
        return False
    f = fields[2].strip()
    return _minute_key(f) is None and _int_tick(f) is None


def read_edges(path: str, *, fast: bool = True) -> EdgeData:
    """Parse an edge CSV (see module doc); the vectorised block parser unless ``fast`` is False."""
    with open(path, "rb") as f:
        first = f.readline()
    ncols = first.count(b",") + 1
    if ncols not in (3, 4):
        raise ValueError(f"{path}: expected 3 or 4 comma-separated columns, got {ncols}")
    skip = len(first) if _is_header(first) else 0
    if fast:
        try:
            return _read_fast(path, ncols, skip)
        except _NeedSlowPath:
            pass
    return _read_slow(path, ncols, skip)


def _read_slow(path: str, ncols: int, skip: int) -> EdgeData:
    """Line-by-line reference parser (any field width)."""
    import numpy as np

    nodes = _NodeMapper()
    ticks_m = _TickMapper()
    src: list[int] = []
    dst: list[int] = []
    ticks: list[int] = []
    attack: list[bool] = []
    prev_time: bytes | None = None
    tick = 0
    with open(path, "rb") as f:
        f.seek(skip)
        for line_no, line in enumerate(f, start=1 + (skip > 0)):
            line = line.rstrip(b"\r\n")
            if not line:
                continue
            fields = line.split(b",")
            if len(fields) != ncols:
                raise ValueError(f"line {line_no}: expected {ncols} columns, got {len(fields)}")
            src.append(nodes.get(fields[0]))
            dst.append(nodes.get(fields[1]))
            if fields[2] != prev_time:
                (tick,) = ticks_m.ticks_for_runs([fields[2]], line_no)
                prev_time = fields[2]
            ticks.append(tick)
            if ncols == 4:
                attack.append(fields[3] not in (b"-", b"0"))
    return EdgeData(
        src=np.asarray(src, dtype=np.int32),
        dst=np.asarray(dst, dtype=np.int32),
        ticks=np.asarray(ticks, dtype=np.int64),
        attack=np.asarray(attack, dtype=bool) if ncols == 4 else None,
        nodes=nodes.names,
        tick_kind=ticks_m.kind or "minute",
    )


def _read_fast(path: str, ncols: int, skip: int) -> EdgeData:
    """Block-vectorised parser: find newlines/commas with numpy, load each field as 16 raw bytes.

    Equal consecutive values are collapsed to runs (DARPA: ~10x fewer), only the distinct run values of
    a block go through a Python dict (ids in first-appearance order), and only the time-field runs are
    parsed as text. Raises _NeedSlowPath for fields longer than 16 bytes, empty or ragged lines.
    """
    import numpy as np

    ncomma = ncols - 1
    raw = bytearray(_BLOCK + 64)  # 64 spare zero bytes: 16-byte loads never leave the buffer
    view = memoryview(raw)
    buf = np.frombuffer(raw, dtype=np.uint8)
    # every byte offset as the start of a 16-byte record: one gather loads a whole (short) field
    rec16 = np.ndarray(shape=(_BLOCK + 48,), dtype="V16", buffer=raw, offset=0, strides=(1,))
    mask_lo = np.array([(1 << (8 * min(k, 8))) - 1 for k in range(17)], dtype=np.uint64)
    mask_hi = np.array([(1 << (8 * max(k - 8, 0))) - 1 for k in range(17)], dtype=np.uint64)
    flags = np.empty(_BLOCK, dtype=bool)

    nodes = _NodeMapper()
    ticks_m = _TickMapper()
    out_src: list[np.ndarray] = []
    out_dst: list[np.ndarray] = []
    out_tick: list[np.ndarray] = []
    out_attack: list[np.ndarray] = []
    prev = {"src": None, "dst": None, "time": None}  # last line's words and value id, across blocks
    prev_tick = 0
    lines_done = 0

    def load(start: np.ndarray, length: np.ndarray) -> np.ndarray:
        words = rec16[start].view(np.uint64).reshape(-1, 2)
        words[:, 0] &= mask_lo[length]
        words[:, 1] &= mask_hi[length]
        return words

    def runs(words: np.ndarray, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Start flags of runs of equal values (vs the previous line too) and the run start indices."""
        m = words.shape[0]
        new = np.empty(m, dtype=bool)
        p = prev[key]
        new[0] = True if p is None else bool((words[0] != p[0]).any())
        if m > 1:
            np.not_equal(words[1:, 0], words[:-1, 0], out=new[1:])
            new[1:] |= words[1:, 1] != words[:-1, 1]
        return new, np.flatnonzero(new)

    with open(path, "rb", buffering=0) as f:
        f.seek(skip)
        carry = 0
        eof = False
        while not eof:
            got = f.readinto(view[carry:_BLOCK])
            end = carry + got
            if got == 0:
                eof = True
                if carry == 0:
                    break
                if raw[end - 1] != 10:  # last line without newline
                    raw[end] = 10
                    end += 1
            block = buf[:end]
            nl = np.flatnonzero(np.equal(block, 10, out=flags[:end]))
            if nl.size == 0:
                if end >= _BLOCK:
                    raise _NeedSlowPath
                carry = end
                continue
            stop = int(nl[-1]) + 1
            commas = np.flatnonzero(np.equal(block[:stop], 44, out=flags[:stop]))
            m = nl.size
            if commas.size != ncomma * m:
                raise _NeedSlowPath
            commas = commas.reshape(m, ncomma)
            starts = np.empty(m, dtype=np.int64)
            starts[0] = 0
            starts[1:] = nl[:-1] + 1
            ends = nl - (buf[nl - 1] == 13)  # strip \r
            # fields: [starts, c0), [c0+1, c1), [c1+1, c2 or end), [c2+1, end)
            if not (bool((commas[:, 0] >= starts).all()) and bool((commas[:, -1] < ends).all())):
                raise _NeedSlowPath
            s_len = commas[:, 0] - starts
            d_len = commas[:, 1] - commas[:, 0] - 1
            t_end = commas[:, 2] if ncomma == 3 else ends
            t_len = t_end - commas[:, 1] - 1
            if (
                int(s_len.max()) > _MAX_FAST_FIELD
                or int(d_len.max()) > _MAX_FAST_FIELD
                or int(t_len.max()) > _MAX_FAST_FIELD
                or int(s_len.min()) == 0
                or int(d_len.min()) == 0
            ):
                raise _NeedSlowPath
            src_w = load(starts, s_len)
            dst_w = load(commas[:, 0] + 1, d_len)
            time_w = load(commas[:, 1] + 1, t_len)
            # node ids: distinct run values of the block, in order of first appearance
            s_new, s_idx = runs(src_w, "src")
            d_new, d_idx = runs(dst_w, "dst")
            cand = np.concatenate((src_w[s_idx], dst_w[d_idx]))
            pos = np.concatenate((2 * s_idx, 2 * d_idx + 1))
            run_id = _block_ids(cand, pos, nodes)
            n_s = s_idx.size
            s_run = run_id[:n_s]
            d_run = run_id[n_s:]
            if not s_new[0]:  # block starts inside a run from the previous block
                s_run = np.concatenate((np.array([prev["src"][1]], dtype=np.int32), s_run))
            if not d_new[0]:
                d_run = np.concatenate((np.array([prev["dst"][1]], dtype=np.int32), d_run))
            s_pos = np.cumsum(s_new) - (1 if s_new[0] else 0)
            d_pos = np.cumsum(d_new) - (1 if d_new[0] else 0)
            out_src.append(s_run[s_pos])
            out_dst.append(d_run[d_pos])
            prev["src"] = (src_w[-1].copy(), int(s_run[-1]))
            prev["dst"] = (dst_w[-1].copy(), int(d_run[-1]))
            # ticks: parse only where the time field changes
            t_new, t_idx = runs(time_w, "time")
            t_vals = time_w[t_idx]
            t_text = [
                bytes(v).rstrip(b"\0") for v in np.ascontiguousarray(t_vals).view("V16").ravel().tolist()
            ]
            t_run = np.asarray(ticks_m.ticks_for_runs(t_text, lines_done + 1), dtype=np.int64)
            if not t_new[0]:
                t_run = np.concatenate(([prev_tick], t_run))
            t_pos = np.cumsum(t_new) - (1 if t_new[0] else 0)
            out_tick.append(t_run[t_pos])
            prev["time"] = (time_w[-1].copy(), 0)
            prev_tick = int(t_run[-1])
            if ncomma == 3:
                l_start = commas[:, 2] + 1
                first_byte = buf[l_start]
                normal = (ends - l_start == 1) & ((first_byte == 45) | (first_byte == 48))
                out_attack.append(~normal)
            lines_done += m
            tail = end - stop
            raw[0:tail] = raw[stop:end]
            carry = tail
    if lines_done == 0:
        raise ValueError(f"{path}: no edges")
    return EdgeData(
        src=np.concatenate(out_src).astype(np.int32, copy=False),
        dst=np.concatenate(out_dst).astype(np.int32, copy=False),
        ticks=np.concatenate(out_tick),
        attack=np.concatenate(out_attack) if ncomma == 3 else None,
        nodes=nodes.names,
        tick_kind=ticks_m.kind or "minute",
    )


def _block_ids(words: np.ndarray, pos: np.ndarray, nodes: _NodeMapper) -> np.ndarray:
    """Ids of the 16-byte values ``words`` (k, 2), new ones numbered in order of ``pos``.

    Values are grouped by a 64-bit hash with an exact check of both words, so only the block's distinct
    values reach the Python dict; on a (never seen) hash collision the block falls back to one lookup
    per value.
    """
    import numpy as np

    k = words.shape[0]
    h = words[:, 0] * np.uint64(0x9E3779B97F4A7C15)
    h ^= (words[:, 1] + np.uint64(0x632BE59BD9B4E019)) * np.uint64(0xC2B2AE3D27D4EB4F)
    order = np.argsort(h)
    hs = h[order]
    new = np.empty(k, dtype=bool)
    new[0] = True
    np.not_equal(hs[1:], hs[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    rep = order[starts]  # one member of each group
    if bool((words[order] == words[rep[group]]).all()):
        first_pos = np.minimum.reduceat(pos[order], starts)
        by_first = np.argsort(first_pos, kind="stable")
        reps = np.ascontiguousarray(words[rep[by_first]]).view("V16").ravel().tolist()
        gid = np.empty(starts.size, dtype=np.int32)
        gid[by_first] = [nodes.get(b.rstrip(b"\0")) for b in reps]
        out = np.empty(k, dtype=np.int32)
        out[order] = gid[group]
        return out
    by_pos = np.argsort(pos, kind="stable")
    vals = np.ascontiguousarray(words[by_pos]).view("V16").ravel().tolist()
    out = np.empty(k, dtype=np.int32)
    out[by_pos] = [nodes.get(b.rstrip(b"\0")) for b in vals]
    return out


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Exact ROC-AUC via the Mann-Whitney U statistic with mid-ranks for ties."""
    import numpy as np

    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="stable")
    s = scores[order]
    new = np.empty(s.size, dtype=bool)
    new[0] = True
    np.not_equal(s[1:], s[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    sizes = np.diff(starts, append=s.size)
    mid_rank = starts + (sizes + 1) / 2.0  # 1-based average rank of each tie group
    ranks = np.repeat(mid_rank, sizes)
    rank_sum = float(ranks[positive[order]].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def write_scores(path: str, scores: np.ndarray, digits: int = 10) -> None:
    """One score per line, ``%.{digits}g`` (17 digits round-trip every float64 exactly)."""
    block = 1 << 16
    line_fmt = f"%.{int(digits)}g\n"
    full = line_fmt * block
    f = sys.stdout if path == "-" else open(path, "w", encoding="ascii")  # noqa: SIM115
    try:
        for lo in range(0, scores.size, block):
            chunk = scores[lo : lo + block].tolist()
            f.write((full if len(chunk) == block else line_fmt * len(chunk)) % tuple(chunk))
    finally:
        if f is not sys.stdout:
            f.close()


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "score-edges",
        help="MIDAS-R burst score of every edge of a CSV edge stream",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("csv", help="src,dst,MM/DD/YYYY-HH:MM,label  or  src,dst,tick[,label]")
    p.add_argument("--out", required=True, help="scores file, one per line in input order ('-': stdout)")
    p.add_argument("--rows", type=int, default=2, help="count-min sketch rows (default 2)")
    p.add_argument("--buckets", type=int, default=2719, help="buckets per row (default 2719)")
    p.add_argument("--alpha", type=float, default=0.5, help="decay per tick of current counts (default 0.5)")
    p.add_argument("--seed", type=int, default=0, help="hash seed (default 0)")
    p.add_argument(
        "--digits", type=int, default=10, help="significant digits written (17: exact; default 10)"
    )
    p.add_argument("--labels-auc", action="store_true", help="print ROC-AUC against label not in {-, 0}")
    p.add_argument("--slow-parse", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from pipeline.sketch.midas import score_edges_batch

    t0 = time.perf_counter()
    try:
        data = read_edges(args.csv, fast=not args.slow_parse)
    except (OSError, ValueError) as exc:
        print(f"score-edges: {exc}", file=sys.stderr)
        return 2
    t1 = time.perf_counter()
    scores = score_edges_batch(
        data.src, data.dst, data.ticks, rows=args.rows, buckets=args.buckets, alpha=args.alpha, seed=args.seed
    )
    t2 = time.perf_counter()
    write_scores(args.out, scores, args.digits)
    t3 = time.perf_counter()
    n = len(data)
    err = sys.stderr
    print(f"edges          {n}", file=err)
    print(f"nodes          {len(data.nodes)}", file=err)
    print(f"ticks          {int(data.ticks[-1]) if n else 0} ({data.tick_kind})", file=err)
    print(f"parse seconds  {t1 - t0:.3f}", file=err)
    print(f"score seconds  {t2 - t1:.3f}", file=err)
    print(f"write seconds  {t3 - t2:.3f}", file=err)
    print(f"edges/s        {n / max(t2 - t1, 1e-9):,.0f} (scoring)", file=err)
    if args.labels_auc:
        if data.attack is None:
            print("score-edges: --labels-auc needs a label column", file=err)
            return 2
        print(f"roc_auc        {roc_auc(scores, data.attack):.6f}", file=err)
    return 0
