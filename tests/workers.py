"""Worker processes and Kafka plumbing for the tests that run against the real broker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.config import Settings, Topics
from pipeline.topics import topic_specs, worker_caught_up  # noqa: F401 - re-exported for tests
from pipeline.worker_cli import worker_argv

ROOT = Path(__file__).resolve().parent.parent


def settings_for(bootstrap: str, suffix: str, partitions: int = 4) -> Settings:
    """Settings whose topics and groups belong to one test only."""
    topics = Topics(**{name: f"{value}.{suffix}" for name, value in Topics().__dict__.items()})
    return Settings(
        bootstrap=bootstrap,
        app_id=f"cg-{suffix}",
        topics=topics,
        partitions=partitions,
        session_timeout_ms=6_000,
        batch_linger_ms=5,
    )


def create_all_topics(s: Settings, source_partitions: int = 4) -> None:
    from tests.broker_fixture import create_topics

    for name, n, cfg in topic_specs(s, source_partitions, retention_hours=24):
        create_topics(s.bootstrap, [name], partitions=n, config=cfg)


@dataclass
class WorkerProcess:
    """`contactguard run` in a subprocess, stopped with SIGTERM like a supervisor would."""

    settings: Settings
    data_dir: Path
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    metrics_port: int = 0

    def start(self, timeout: float = 60.0) -> WorkerProcess:
        port_file = self.data_dir.parent / f"{self.data_dir.name}.port"
        port_file.unlink(missing_ok=True)
        env = os.environ | replace(self.settings, data_dir=str(self.data_dir)).to_env()
        cmd = worker_argv(port_file, "info")
        self.log = self.log_path.open("ab")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: port_file.exists() and port_file.read_text() != "", timeout, self.describe, [self])
        self.metrics_port = int(port_file.read_text())
        return self

    def describe(self) -> str:
        rc = None if self.proc is None else self.proc.poll()
        tail = self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""
        return f"worker rc={rc}\n{tail}"

    def stop(self, timeout: float = 60.0) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()
        return self.proc.returncode

    def metrics(self) -> str:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as r:
            return r.read().decode()


def wait_for(
    cond: Callable[[], bool],
    timeout: float,
    describe: Callable[[], str] = lambda: "",
    workers: Iterable[WorkerProcess] = (),
) -> None:
    """Poll a condition until it holds; fail with a description (at once if a worker died)."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while not cond():
        for w in workers:
            if w.proc is not None and w.proc.poll() is not None:
                raise RuntimeError(f"worker exited early\n{w.describe()}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout}s\n{describe()}")
        time.sleep(delay)
        delay = min(0.5, delay * 1.5)


def produce(bootstrap: str, s: Settings, lines: Iterable[bytes]) -> int:
    """Route raw lines to the platform topics by their type, as the platform would (garbage too)."""
    from kafka import KafkaProducer

    t = s.topics
    by_type = {"follow": t.follows, "unfollow": t.follows, "message_sent": t.messages, "verdict": t.feedback}
    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks="all")
    n = 0
    for raw in lines:
        try:
            kind = json.loads(raw).get("type", "")
        except (ValueError, AttributeError):
            kind = ""
        topic = by_type.get(kind) or (
            t.accounts
            if kind.startswith("account") or kind == "profile_updated"
            else t.connections
            if kind.startswith("connect")
            else t.messages
        )
        producer.send(topic, raw)
        n += 1
    producer.flush()
    producer.close()
    return n


class TopicReader:
    """Reads a topic from the beginning and keeps everything it saw."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        from kafka import KafkaConsumer, TopicPartition

        self.consumer = KafkaConsumer(
            bootstrap_servers=bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            consumer_timeout_ms=200,
        )
        parts = self.consumer.partitions_for_topic(topic) or {0}
        self.consumer.assign([TopicPartition(topic, p) for p in parts])
        self.consumer.seek_to_beginning()
        self.records: list[Any] = []

    def poll(self) -> list[Any]:
        for batch in self.consumer.poll(timeout_ms=200).values():
            self.records.extend(batch)
        return self.records

    def json(self) -> list[dict[str, Any]]:
        return [json.loads(r.value) for r in self.records]

    def close(self) -> None:
        self.consumer.close()


def stable_members(bootstrap: str, group: str) -> int:
    """Members of a consumer group once it is Stable (0 while it is rebalancing or empty)."""
    from kafka.admin import KafkaAdminClient
    from kafka.errors import KafkaError

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        desc = admin.describe_groups([group])[group]
        return len(desc.get("members", [])) if desc.get("group_state") == "Stable" else 0
    except KafkaError:  # the group does not exist yet: its coordinator is not known
        return 0
    finally:
        admin.close()
