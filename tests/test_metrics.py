"""Metrics as a monitoring stack sees them: promtool accepts them, a real Prometheus scrapes them."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from pipeline.replay import ReplayRunner
from tests.streams import lines, spam_stream
from tests.test_replay import GARBAGE
from tests.workers import WorkerProcess, create_all_topics, produce, settings_for, wait_for, worker_caught_up

pytestmark = [pytest.mark.broker, pytest.mark.prometheus]
EXPECTED_FAMILIES = [
    "contactguard_events_total",
    "contactguard_late_events_total",
    "contactguard_duplicate_events_total",
    "contactguard_rejects_total",
    "contactguard_actions_total",
    "contactguard_processing_latency_seconds_bucket",
    "contactguard_detection_delay_seconds_bucket",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def busy_worker(kafka_broker, tmp_path_factory: pytest.TempPathFactory):
    import uuid

    tmp = tmp_path_factory.mktemp("metrics")
    kafka_bootstrap = kafka_broker.bootstrap
    s = settings_for(kafka_bootstrap, uuid.uuid4().hex[:10])
    create_all_topics(s)
    evs = lines(spam_stream())
    produce(kafka_bootstrap, s, evs + evs[:50] + GARBAGE)  # 50 duplicates, 9 rejects
    worker = WorkerProcess(s, tmp / "state", tmp / "worker.log").start()
    wait_for(
        lambda: worker_caught_up(s),
        120,
        worker.describe,
        [worker],
    )
    yield worker, len(evs), s
    worker.stop()


def test_metrics_pass_promtool(busy_worker, tmp_path: Path):
    worker, *_ = busy_worker
    assert shutil.which("promtool"), "promtool missing: `make prometheus` installs it"
    text = worker.metrics()
    for family in EXPECTED_FAMILIES:
        assert family in text
    proc = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), capture_output=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_metric_values_match_the_input(busy_worker):
    """Counters equal what went in and what came out: events, duplicates, rejects, and every action on
    the actions topic by (category, action, mode). The worker flags the same spammers replay flags; the
    rung of the ladder an action starts on may differ, because the worker reads the connections and
    messages topics at their own pace (see the README on replay vs worker), so rungs are compared with
    the worker's own output, not with replay's."""
    worker, n_events, s = busy_worker
    text = worker.metrics()
    samples = {}
    for line in text.splitlines():
        if line.startswith("contactguard_") and " " in line:
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    events = sum(v for k, v in samples.items() if k.startswith("contactguard_events_total{"))
    assert events == n_events + 50  # duplicates are decoded and counted as events, then dropped
    assert samples["contactguard_duplicate_events_total"] == 50
    assert sum(v for k, v in samples.items() if k.startswith("contactguard_rejects_total{")) == len(GARBAGE)
    emitted = read_all(s.bootstrap, s.topics.actions)
    assert emitted, "the worker emitted no actions"
    counts = Counter((a["category"], a["action"], a["mode"]) for a in emitted)
    for (cat, act, mode), n in counts.items():
        assert samples[f'contactguard_actions_total{{action="{act}",category="{cat}",mode="{mode}"}}'] == n
    assert sum(v for k, v in samples.items() if k.startswith("contactguard_actions_total{")) == len(emitted)
    assert samples["contactguard_processing_latency_seconds_count"] == len(emitted)
    assert samples["contactguard_detection_delay_seconds_count"] == len(emitted)
    replayed = ReplayRunner().run_lines(lines(spam_stream()))
    replayed = {a.subject_id for a in replayed if a.category == "mass_connect_spam"}
    assert len(replayed) >= 2
    assert {a["subject_id"] for a in emitted if a["category"] == "mass_connect_spam"} == replayed


def read_all(bootstrap: str, topic: str) -> list[dict]:
    """Every record of a topic up to its end offsets (the worker is caught up: nothing more will come)."""
    from kafka import KafkaConsumer, TopicPartition

    c = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    try:
        tps = [TopicPartition(topic, p) for p in c.partitions_for_topic(topic) or ()]
        c.assign(tps)
        c.seek_to_beginning()
        ends = c.end_offsets(tps)
        out: list[dict] = []
        while any(c.position(tp) < ends[tp] for tp in tps):
            for batch in c.poll(timeout_ms=500).values():
                out.extend(json.loads(r.value) for r in batch)
        return out
    finally:
        c.close()


def test_real_prometheus_scrapes_the_worker(busy_worker, tmp_path: Path):
    worker, n_events, _ = busy_worker
    assert shutil.which("prometheus"), "prometheus missing: `make prometheus` installs it"
    port = free_port()
    cfg = tmp_path / "prometheus.yml"
    cfg.write_text(
        "global: {scrape_interval: 1s}\n"
        "scrape_configs:\n"
        "  - job_name: contactguard\n"
        f"    static_configs: [{{targets: ['127.0.0.1:{worker.metrics_port}']}}]\n"
    )
    assert subprocess.run(["promtool", "check", "config", str(cfg)], capture_output=True).returncode == 0
    log = (tmp_path / "prom.log").open("wb")
    prom = subprocess.Popen(
        [
            "prometheus",
            f"--config.file={cfg}",
            f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def query(q: str) -> list:
        url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return json.load(r)["data"]["result"]
        except OSError:
            return []

    try:
        wait_for(
            lambda: bool(query("sum(contactguard_events_total)")),
            60,
            lambda: (tmp_path / "prom.log").read_text()[-2000:],
        )
        total = float(query("sum(contactguard_events_total)")[0]["value"][1])
        assert total == n_events + 50
        up = query('up{job="contactguard"}')
        assert up and up[0]["value"][1] == "1"
    finally:
        prom.terminate()
        prom.wait(20)
        log.close()
