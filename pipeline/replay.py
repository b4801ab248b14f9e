"""The in-process runner: a replay file in, actions out, the same engine as the worker, no broker.

It is also the test harness: `ReplayRunner().run_lines(lines)` takes a list of JSON lines and returns the
actions. Forwarded records are delivered through a local FIFO queue, the way the worker delivers them
through its repartition topic.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline import events as ev
from pipeline.actions import Action, encode_action
from pipeline.engine import Engine
from pipeline.rejects import RejectRecord, encode_reject, reject_record
from pipeline.state import KV, DictKV


@dataclass
class Summary:
    lines: int = 0
    events: Counter[str] = field(default_factory=Counter)
    late: int = 0
    duplicates: int = 0
    ignored: int = 0
    rejects: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def events_per_s(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0

    def render(self) -> str:
        def fmt(c: Counter[str]) -> str:
            return ", ".join(f"{k}={v}" for k, v in sorted(c.items())) or "none"

        return "\n".join(
            [
                f"lines       {self.lines}  ({self.seconds:.2f} s, {self.events_per_s:,.0f} events/s)",
                f"events      {fmt(self.events)}",
                f"late        {self.late}   duplicates {self.duplicates}   ignored {self.ignored}",
                f"rejects     {fmt(self.rejects)}",
                f"actions     {fmt(self.actions)}",
            ]
        )


class ReplayRunner:
    """Drives the engine over decoded lines with one in-memory scope (or any KV backend)."""

    def __init__(self, engine: Engine | None = None, kv: KV | None = None) -> None:
        self.engine = engine or Engine()
        self.scope = self.engine.open_scope(kv if kv is not None else DictKV())
        self.summary = Summary()
        self.rejected: list[RejectRecord] = []
        self._queue: deque[tuple[str, Any]] = deque()

    def feed(self, raw: bytes, lineno: int = 0) -> list[Action]:
        """One line: decode (or reject), deliver to its home key, drain what it forwarded."""
        s = self.summary
        s.lines += 1
        try:
            event = ev.decode(raw)
        except ev.DecodeError as err:
            s.rejects[err.reason] += 1
            self.rejected.append(
                reject_record(raw, err.reason, err.detail, err.event_id, err.event_type, {"line": lineno})
            )
            return []
        s.events[event.__struct_config__.tag] += 1  # type: ignore[index]
        actions: list[Action] = []
        queue = self._queue
        queue.append((ev.home_key(event), event))
        first = True
        while queue:
            key, item = queue.popleft()
            out = self.engine.deliver(self.scope, key, item)
            if first:
                first = False
                s.late += out.late
                s.duplicates += out.status == "duplicate"
                s.ignored += out.status == "ignored"
            if out.actions:
                actions.extend(out.actions)
            if out.forwards:
                queue.extend(out.forwards)
        for a in actions:
            s.actions[a.category] += 1
        return actions

    def run_lines(self, lines: Iterable[bytes | str]) -> list[Action]:
        actions: list[Action] = []
        for n, line in enumerate(lines, 1):
            raw = line.encode() if isinstance(line, str) else line
            if raw.strip():
                actions.extend(self.feed(raw.rstrip(b"\r\n"), n))
        return actions

    def run_file(
        self, path: Path, out: IO[bytes], rejects: IO[bytes] | None, progress: bool = False
    ) -> Summary:
        start = time.perf_counter()
        next_report = start + 1.0
        total = path.stat().st_size
        done = 0
        with path.open("rb") as f:
            for n, line in enumerate(f, 1):
                done += len(line)
                if not line.strip():
                    continue
                for action in self.feed(line.rstrip(b"\r\n"), n):
                    out.write(encode_action(action) + b"\n")
                if self.rejected:
                    if rejects is not None:
                        for rec in self.rejected:
                            rejects.write(encode_reject(rec) + b"\n")
                    self.rejected.clear()
                if progress and n % 4096 == 0 and time.perf_counter() >= next_report:
                    next_report += 1.0
                    _progress(done, total, self.summary.lines, time.perf_counter() - start)
        self.summary.seconds = time.perf_counter() - start
        if progress:
            _progress(total, total, self.summary.lines, self.summary.seconds)
            sys.stderr.write("\n")
        return self.summary


def _progress(done: int, total: int, lines: int, elapsed: float) -> None:
    pct = 100.0 * done / total if total else 100.0
    bar = "#" * int(pct / 4)
    rate = lines / elapsed if elapsed else 0.0
    sys.stderr.write(f"\r[{bar:<25}] {pct:5.1f}%  {lines:,} lines  {rate:,.0f}/s")
    sys.stderr.flush()


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("replay", help="run the engine over a JSON Lines replay file, no broker")
    p.add_argument("events", type=Path, help="replay file (JSON Lines, contract events and verdicts)")
    p.add_argument("--out", type=Path, required=True, help="actions file to write (JSON Lines)")
    p.add_argument("--rejects", type=Path, help="rejected lines, with line number and reason code")
    p.add_argument("--policy", type=Path, help="policy file (TOML or JSON); default policy otherwise")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    p.set_defaults(func=_handler)


def _handler(args: argparse.Namespace) -> int:
    from pipeline.policy import Policy

    policy = Policy.load(args.policy) if args.policy else None
    runner = ReplayRunner(Engine(policy=policy))
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as out:
        rej = args.rejects.open("wb") if args.rejects else None
        try:
            summary = runner.run_file(args.events, out, rej, progress=progress)
        finally:
            if rej is not None:
                rej.close()
    print(summary.render(), file=sys.stderr)
    return 0
