"""`contactguard demo`: the whole job on an embedded default, start to scorecard, and everything stopped.

A local Kafka broker (fetched by Maven), the topics, one worker process, the simulated platform producing
its stream with attacks at a steady rate, detections printed as the worker emits them, and at the end a
scorecard against the simulator's labels. Whatever it started, it stops, also on Ctrl-C or an error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="local broker + worker + simulated platform, live detections, scorecard")
    p.add_argument("--scenario", default="demo", help="simulator scenario name or file (default: demo)")
    p.add_argument("--rate", type=float, default=4000.0, help="events per second the platform produces")
    p.add_argument("--bootstrap", help="use this running broker instead of starting one")
    p.add_argument("--keep", action="store_true", help="keep the demo's working directory")
    p.set_defaults(func=_handler)


def _handler(args: argparse.Namespace) -> int:
    from pipeline import devbroker
    from pipeline.config import Settings
    from pipeline.sim.emit import DEFAULT_TOPICS, produce
    from pipeline.sim.generate import generate
    from pipeline.sim.scenario import load_scenario
    from pipeline.topics import create_topics, worker_caught_up
    from pipeline.worker_cli import worker_argv

    work = Path(tempfile.mkdtemp(prefix="contactguard-demo-"))
    broker = None
    worker: subprocess.Popen[bytes] | None = None
    tail: ActionTail | None = None
    try:
        if args.bootstrap:
            bootstrap = args.bootstrap
        else:
            say("fetching and starting a local Kafka broker (KRaft, loopback)")
            devbroker.fetch()
            broker = devbroker.LocalBroker(work / "kafka", die_with_parent=True).start()
            bootstrap = broker.bootstrap
        s = replace(
            Settings.load(env={}),
            bootstrap=bootstrap,
            app_id=f"cg-demo-{os.getpid()}",
            data_dir=str(work / "state"),
            metrics_port=0,
        )
        create_topics(s)
        say(f"broker {bootstrap}; topics created")

        replay = generate(load_scenario(args.scenario))
        stats = replay.stats
        say(
            f"simulated platform: scenario {args.scenario!r}, {stats['lines']:,} events, "
            f"{stats['positives']} labelled attackers, {stats['lookalikes']} look-alikes"
        )

        port_file = work / "metrics.port"
        worker = subprocess.Popen(
            worker_argv(port_file),
            env=os.environ | s.to_env(),
            stdout=(work / "worker.log").open("wb"),
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        _wait(lambda: port_file.exists() and port_file.read_text() != "", 60, worker, "worker start")
        say(f"worker running; metrics at http://127.0.0.1:{port_file.read_text()}/metrics")

        tail = ActionTail(bootstrap, s.topics.actions)
        tail.start()
        say(f"producing at {args.rate:,.0f} events/s; detections appear as the worker decides:\n")
        started = time.monotonic()
        produce(replay, bootstrap, dict(DEFAULT_TOPICS), rate=args.rate)
        _wait(lambda: worker_caught_up(s), 300, worker, "worker catching up")
        elapsed = time.monotonic() - started
        tail.stop()
        actions = tail.actions
        (work / "actions.jsonl").write_text("".join(json.dumps(a) + "\n" for a in actions))
        print()
        say(f"stream done: {stats['lines']:,} events in {elapsed:.1f} s, {len(actions)} actions")
        from pipeline.scorecard import score

        print(score(actions, replay.labels).render())
        return 0
    finally:
        if tail is not None:
            tail.stop()
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                worker.kill()
        if broker is not None:
            broker.stop()
        if args.keep:
            say(f"kept {work} (actions.jsonl: `contactguard review --actions {work}/actions.jsonl`)")
        else:
            shutil.rmtree(work, ignore_errors=True)
        say("stopped everything the demo started")


def say(msg: str) -> None:
    print(f"[demo] {msg}", flush=True)


def _wait(cond: Any, timeout: float, worker: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if worker.poll() is not None:
            raise SystemExit(f"worker exited during {what}; see its log")
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {what}")
        time.sleep(0.25)


class ActionTail(threading.Thread):
    """Prints each action as it lands on the actions topic (what a reviewer's console would show)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        super().__init__(daemon=True)
        from kafka import KafkaConsumer

        self.consumer = KafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            consumer_timeout_ms=250,
        )
        self.actions: list[dict[str, Any]] = []
        self.fake = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for batch in self.consumer.poll(timeout_ms=250).values():
                for rec in batch:
                    a = json.loads(rec.value)
                    self.actions.append(a)
                    if a["category"] != "fake_follower":
                        print(render_action(a), flush=True)
                        continue
                    self.fake += 1  # thousands per farm: a running count instead of a line each
                    if self.fake in (1, 10, 100) or self.fake % 500 == 0:
                        print(
                            f"  {'':11}  fake_follower      {self.fake:>6} accounts flagged so far "
                            f"(latest {a['subject_id']}, cohort of {a['evidence'].get('burst_target')})",
                            flush=True,
                        )

    def stop(self) -> None:
        if not self._halt.is_set():
            self._halt.set()
            self.join(5)
            self.consumer.close()


def render_action(a: dict[str, Any]) -> str:
    when = time.strftime("%m-%d %H:%M", time.gmtime(a["ts"] / 1000))
    ev = a.get("evidence", {})
    figures = ", ".join(
        f"{k}={v}"
        for k, v in ev.items()
        if isinstance(v, int | float) and k not in ("episode", "episode_start")
    )[:110]
    return (
        f"  {when}  {a['category']:<18} {a['subject_id']:<14} {a['action']:<20} "
        f"score={a['score']:.2f} [{','.join(a['reasons'])[:60]}] {figures}"
    )
