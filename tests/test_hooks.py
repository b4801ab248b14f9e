"""Webhook delivery of moderation actions: signatures, the reference receiver, and delivery on a real broker.

Why these tests: the guarantees are "signed the way every Standard Webhooks library verifies", "nothing
lost across an endpoint outage, a secret rotation or a crash of the delivery loop", and "a hopeless
delivery ends in the dead-letter topic with its reason". The signatures are checked with the independent
``standardwebhooks`` package, not with our own verifier. No sleep synchronises anything: every wait polls
a condition under a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from pipeline.actions import Action, encode_action
from pipeline.config import Settings, Topics
from pipeline.hooks import cli as hooks_cli
from pipeline.hooks.delivery import Deliverer, Endpoint, RetryPolicy, attempt_result, parse_endpoint
from pipeline.hooks.receiver import Deduper, Receiver, Verified
from pipeline.hooks.signing import Secret, Signer, VerificationError, load_secrets, verify
from tests.broker_fixture import create_topics

pytestmark = pytest.mark.timeout(120)

# Fixed secrets so the leak checks know exactly which base64 must never show up.
OLD_B64 = base64.b64encode(bytes(range(32))).decode()
NEW_B64 = base64.b64encode(bytes(range(100, 132))).decode()
WRONG_B64 = base64.b64encode(bytes(range(200, 232))).decode()
OLD, NEW, WRONG = f"whsec_{OLD_B64}", f"whsec_{NEW_B64}", f"whsec_{WRONG_B64}"
BODY = b'{"action_id":"act_1","subject_id":"u1","category":"fake_follower"}'


def _until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)


async def _until_async(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.02)


def _sw_ok(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    try:
        Webhook(secret).verify(body, dict(headers))
        return True
    except WebhookVerificationError:
        return False


# -- signing, against the standardwebhooks package ---------------------------------------------------


def test_signing_agrees_with_standardwebhooks_single_and_rotated() -> None:
    now = int(time.time())
    single = Signer(Secret(OLD)).headers("act_1", now, BODY)
    assert len(single["webhook-signature"].split()) == 1
    assert Webhook(OLD).verify(BODY, single)["subject_id"] == "u1"
    assert not _sw_ok(NEW, BODY, single)

    rotated = Signer(Secret(OLD)).rotated(Secret(NEW)).headers("act_1", now, BODY)
    assert len(rotated["webhook-signature"].split()) == 2  # new and old, space-separated
    assert _sw_ok(OLD, BODY, rotated) and _sw_ok(NEW, BODY, rotated)  # receivers on either secret pass
    assert not _sw_ok(WRONG, BODY, rotated)
    # and our verifier agrees with theirs on the same headers
    assert verify([Secret(NEW)], BODY, rotated, now=now) == "act_1"
    # the standardwebhooks signer produces what we produce (same timestamp, id and bytes)
    from datetime import UTC, datetime

    theirs = Webhook(OLD).sign("act_1", datetime.fromtimestamp(now, tz=UTC), BODY.decode())
    assert theirs == single["webhook-signature"]


def test_tampered_body_or_stale_timestamp_fails() -> None:
    now = int(time.time())
    h = Signer(Secret(OLD)).rotated(Secret(NEW)).headers("act_1", now, BODY)
    tampered = BODY.replace(b"u1", b"u2")
    assert not _sw_ok(OLD, tampered, h) and not _sw_ok(NEW, tampered, h)
    with pytest.raises(VerificationError, match="no_matching_signature"):
        verify([Secret(OLD)], tampered, h, now=now)
    stale = Signer(Secret(OLD)).headers("act_1", now - 301, BODY)
    assert not _sw_ok(OLD, BODY, stale)
    with pytest.raises(VerificationError, match="timestamp_too_old"):
        verify([Secret(OLD)], BODY, stale, now=now)
    future = Signer(Secret(OLD)).headers("act_1", now + 301, BODY)
    assert not _sw_ok(OLD, BODY, future)
    with pytest.raises(VerificationError, match="timestamp_too_new"):
        verify([Secret(OLD)], BODY, future, now=now)
    # an id swapped onto someone else's signature fails too
    with pytest.raises(VerificationError):
        verify([Secret(OLD)], BODY, h | {"webhook-id": "act_2"}, now=now)
    # just inside the tolerance passes
    assert verify([Secret(OLD)], BODY, Signer(Secret(OLD)).headers("a", now - 299, BODY), now=now) == "a"


def test_secrets_from_env_or_file_never_print(tmp_path: Path) -> None:
    f = tmp_path / "secret"
    f.write_text(NEW + "\n")
    current, previous = load_secrets(
        {"CONTACTGUARD_WEBHOOK_SECRET_FILE": str(f), "CONTACTGUARD_WEBHOOK_SECRET_PREVIOUS": OLD}
    )
    assert current == Secret(NEW) and previous == [Secret(OLD)]
    assert load_secrets({"CONTACTGUARD_WEBHOOK_SECRET": OLD}) == (Secret(OLD), [])
    shown = " ".join([repr(current), str(current), repr(previous), repr(Signer(current, previous))])
    assert NEW_B64 not in shown and OLD_B64 not in shown and "***" in shown
    with pytest.raises(LookupError):
        load_secrets({})
    with pytest.raises(ValueError) as err:
        Secret("whsec_not base64!!")
    assert "!!" not in str(err.value)  # the error names the problem, never the value


def test_backoff_is_full_jitter_seeded_and_capped() -> None:
    p = RetryPolicy(max_attempts=10, base_delay=0.5, max_delay=4.0)
    a = [p.delay(n, random.Random(3)) for n in range(1, 10)]
    b = [p.delay(n, random.Random(3)) for n in range(1, 10)]
    assert a == b  # seeded: reproducible
    rng = random.Random(5)
    for n in range(1, 12):
        samples = [p.delay(n, rng) for _ in range(300)]
        cap = min(4.0, 0.5 * 2 ** (n - 1))
        assert 0 <= min(samples) and max(samples) <= cap
        assert max(samples) > 0.8 * cap  # full jitter spans the whole window, not just its top


def test_receiver_verifies_dedupes_and_keeps_bounded_memory() -> None:
    clock = [1_700_000_000.0]
    seen: list[str] = []
    r = Receiver(
        [OLD], lambda v: seen.append(v.webhook_id), deduper=Deduper(max_ids=3), clock=lambda: clock[0]
    )
    signer = Signer(Secret(OLD))

    def send(msg_id: str, ts: float | None = None) -> tuple[int, str]:
        return r.handle(BODY, signer.headers(msg_id, int(clock[0] if ts is None else ts), BODY))

    assert send("a") == (204, "ok")
    assert send("a") == (200, "duplicate")  # a retry after a lost response: acknowledged, not re-processed
    assert send("b", ts=clock[0] - 301) == (401, "timestamp_too_old")
    wrong = Signer(Secret(WRONG)).headers("c", int(clock[0]), BODY)
    assert r.handle(BODY, wrong) == (401, "no_matching_signature")
    for i in "bcde":
        assert send(i)[0] == 204
    assert len(r.deduper) == 3  # bounded: "a" was forgotten first
    assert seen == ["a", "b", "c", "d", "e"]
    assert r.counts == {"accepted": 5, "duplicates": 1, "busy": 0, "rejected": 2, "failed": 0}

    def boom(v: Verified) -> None:
        raise RuntimeError("downstream down")

    r.callback = boom
    assert send("f") == (500, "callback_failed")  # not marked seen: the sender's retry gets another go
    r.callback = lambda v: seen.append(v.webhook_id)
    assert send("f") == (204, "ok") and seen[-1] == "f"


def test_cli_registers_hooks_and_receiver() -> None:
    parser = argparse.ArgumentParser()
    hooks_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["hooks", "--url", "crm=http://127.0.0.1:9/x", "--max-attempts", "3"])
    assert args.func is hooks_cli.hooks_handler and args.max_attempts == 3
    assert parse_endpoint(args.url[0]) == Endpoint("http://127.0.0.1:9/x", name="crm")
    assert parse_endpoint("https://u:p@h.example/a?token=t").redacted_url() == "https://h.example/a"
    assert args.metrics_port is None  # then $CONTACTGUARD_HOOKS_METRICS_PORT, else 9465 (worker: 9464)
    args = parser.parse_args(
        ["hooks", "--url", "http://h/x", "--metrics-port", "0", "--metrics-port-file", "f"]
    )
    assert args.metrics_port == 0 and args.metrics_port_file == Path("f")
    args = parser.parse_args(["receiver", "--port", "0"])
    assert args.func is hooks_cli.receiver_handler and args.host == "127.0.0.1"


# -- on the real broker --------------------------------------------------------------------------


def _produce_actions(bootstrap: str, topic: str, n: int, subjects: int, prefix: str = "") -> list[Action]:
    from kafka import KafkaProducer

    actions = [
        Action(
            action_id=f"act_{prefix}{i:04d}_{random.Random(i).getrandbits(64):016x}",
            ts=1_700_000_000_000 + i,
            subject_id=f"u{i % subjects}",
            category="fake_follower",
            action="review",
            score=0.9,
            mode="enforce",
            reasons=["burst"],
            evidence={"n": i},
        )
        for i in range(n)
    ]
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for a in actions:
            producer.send(topic, encode_action(a), key=a.subject_id.encode())
        producer.flush(timeout=30)
    finally:
        producer.close()
    return actions


def _committed_total(bootstrap: str, group: str) -> int:
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        return sum(meta.offset for meta in admin.list_group_offsets(group).get(group, {}).values())
    finally:
        admin.close()


async def _until_committed(bootstrap: str, group: str, total: int, timeout: float = 15.0) -> None:
    """Poll the committed offsets in a thread (the admin client blocks) until they sum to ``total``."""
    deadline = time.monotonic() + timeout
    while (got := await asyncio.to_thread(_committed_total, bootstrap, group)) != total:
        if time.monotonic() > deadline:
            raise AssertionError(f"group {group} committed {got} offsets, not {total}, within {timeout}s")
        await asyncio.sleep(0.05)


class RecordingReceiver(Receiver):
    """The reference receiver, also keeping each 2xx request (to re-check with standardwebhooks)."""

    def __init__(self, *args: Any, log: list[tuple[bytes, dict[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log = log

    def handle(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
        status, reason = super().handle(body, headers)
        if status < 300:
            self.log.append((body, dict(headers)))
        return status, reason


def _assert_per_subject_order(accepted: list[Verified], actions: list[Action]) -> None:
    def by_subject(ids: list[tuple[str, str]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for subject, aid in ids:
            out.setdefault(subject, []).append(aid)
        return out

    got = by_subject([(v.action["subject_id"], v.webhook_id) for v in accepted])
    assert got == by_subject([(a.subject_id, a.action_id) for a in actions])


def test_webhooks_survive_receiver_outage_and_secret_rotation(
    kafka_bootstrap: str, unique: str, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    topic, dlq = f"actions-{unique}", f"hooks-dlq-{unique}"
    create_topics(kafka_bootstrap, [topic, dlq], partitions=4)
    actions = _produce_actions(kafka_bootstrap, topic, n=60, subjects=20)
    settings = Settings(bootstrap=kafka_bootstrap, app_id=f"hk-{unique}", topics=Topics(actions=topic))

    requests: list[tuple[bytes, dict[str, str]]] = []
    accepted: list[Verified] = []
    lock = threading.Lock()
    receivers: list[Receiver] = []
    went_down = threading.Event()
    deduper = Deduper()
    state: dict[str, Any] = {}

    def on_action(v: Verified) -> None:
        with lock:
            accepted.append(v)
            n = len(accepted)
        if n == 20:  # the endpoint crashes: refuses at once, drops open connections, unbinds
            receivers[-1].stop(wait=False)
            went_down.set()
        elif n == 40:  # the sender rotates: new secret signs, old one still signs alongside
            d: Deliverer = state["deliverer"]
            state["loop"].call_soon_threadsafe(lambda: setattr(d, "signer", d.signer.rotated(Secret(NEW))))
        elif n == 50:  # ... and the receiver moves to the new secret on its own schedule
            receivers[-1].set_secrets([NEW])

    def start_receiver(port: int = 0) -> Receiver:
        r = RecordingReceiver([OLD], on_action, port=port, deduper=deduper, log=requests)
        receivers.append(r)
        return r.start()

    async def scenario() -> float:
        first = start_receiver()
        d = Deliverer(
            settings,
            Endpoint(first.url),
            Signer(Secret(OLD)),
            dead_letter_topic=dlq,
            retry=RetryPolicy(max_attempts=100, base_delay=0.02, max_delay=0.25),
            max_in_flight=4,
            commit_interval=0.2,
            rng=random.Random(42),
        )
        state["deliverer"], state["loop"] = d, asyncio.get_running_loop()
        started = time.monotonic()
        task = asyncio.create_task(d.run())
        try:
            return await outage_and_rotation(d, first, started)
        finally:
            d.stop()
            await asyncio.wait_for(task, 20)
            receivers[-1].stop()

    async def outage_and_rotation(d: Deliverer, first: Receiver, started: float) -> float:
        await _until_async(lambda: went_down.is_set() and first.wait_stopped(0), 30, "receiver down after 20")
        await _until_async(lambda: d.stats.failures >= 10, 30, "failed attempts during the outage")
        failures_in_outage = d.stats.failures
        start_receiver(port=first.port)  # back, same port, same dedupe store
        await _until_async(lambda: len(accepted) >= 60 and d.stats.delivered >= 60, 30, "all 60 accepted")
        elapsed = time.monotonic() - started
        await _until_committed(kafka_bootstrap, d.group, 60)
        dupes = sum(r.counts["duplicates"] for r in receivers)
        print(
            f"outage test: {d.stats.delivered} deliveries in {elapsed:.2f}s; failed attempts during outage "
            f"{failures_in_outage}, total {d.stats.failures} ({d.stats.failure_reasons}); retries "
            f"{d.stats.retries}; duplicates dropped by dedupe {dupes}"
        )
        return elapsed

    asyncio.run(scenario())

    ids = [v.webhook_id for v in accepted]
    assert len(ids) == 60 and set(ids) == {a.action_id for a in actions}  # each processed exactly once
    assert all(v.action["action_id"] == v.webhook_id for v in accepted)
    _assert_per_subject_order(accepted, actions)
    assert receivers[0].counts["accepted"] >= 20 and receivers[1].counts["accepted"] >= 1

    # every request the receivers took, re-verified with the standardwebhooks package
    assert len(requests) >= 60
    for body, headers in requests:
        sigs = headers["webhook-signature"].split()
        if len(sigs) == 2:
            assert _sw_ok(OLD, body, headers) and _sw_ok(NEW, body, headers)
        else:
            assert _sw_ok(OLD, body, headers) != _sw_ok(NEW, body, headers)
    by_id = {h["webhook-id"]: (b, h) for b, h in requests}
    first_20 = [by_id[i] for i in ids[:20]]
    assert all(_sw_ok(OLD, b, h) and not _sw_ok(NEW, b, h) for b, h in first_20)  # before the rotation
    last_5 = [by_id[i] for i in ids[55:]]
    assert all(len(h["webhook-signature"].split()) == 2 and _sw_ok(NEW, b, h) for b, h in last_5)

    out, err = capfd.readouterr()
    for leaked in (OLD_B64, NEW_B64):
        assert leaked not in caplog.text and leaked not in out and leaked not in err
    sys.stdout.write(out)


def test_delivery_crash_without_commit_loses_nothing(
    kafka_bootstrap: str, unique: str, tmp_path: Path
) -> None:
    """SIGKILL the delivery process mid-stream (no final commit), start it again: every action arrives."""
    topic, group, dlq = f"actions-crash-{unique}", f"hk-crash-{unique}", f"hooks-dlq-crash-{unique}"
    create_topics(kafka_bootstrap, [topic, dlq], partitions=4)
    actions = _produce_actions(kafka_bootstrap, topic, n=60, subjects=20)
    secret_file = tmp_path / "secret"
    secret_file.write_text(OLD)

    accepted: list[Verified] = []
    lock = threading.Lock()
    gate = threading.Event()

    def on_action(v: Verified) -> None:
        with lock:
            accepted.append(v)
            n = len(accepted)
        if n > 20:  # hold the rest in flight so the kill lands mid-stream
            gate.wait(30)

    receiver = Receiver([OLD], on_action).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTACTGUARD_")}
    env |= {"CONTACTGUARD_WEBHOOK_SECRET_FILE": str(secret_file), "CONTACTGUARD_TOPIC_ACTIONS": topic}
    cmd = [
        sys.executable, "-m", "pipeline.hooks.cli", "hooks", "--url", receiver.url,
        "--bootstrap", kafka_bootstrap, "--group", group, "--dead-letter-topic", dlq,
        "--instance-id", f"crash-{unique}",
        "--commit-interval", "0.2", "--max-in-flight", "4", "--base-delay", "0.05", "--max-delay", "0.5",
        "--seed", "1", "--loglevel", "debug", "--metrics-port", "0",
    ]  # fmt: skip
    logs: list[Path] = []

    def launch(i: int) -> subprocess.Popen[bytes]:
        logs.append(tmp_path / f"run{i}.log")
        return subprocess.Popen(cmd, env=env, stdout=logs[-1].open("wb"), stderr=subprocess.STDOUT)

    try:
        first = launch(1)
        _until(lambda: len(accepted) > 20 or first.poll() is not None, 40, "20 deliveries before the crash")
        # a commit has landed behind the finished ones, while later ones are still in flight
        _until(lambda: _committed_total(kafka_bootstrap, group) > 0, 15, "a first commit")
        committed_at_crash = _committed_total(kafka_bootstrap, group)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        gate.set()  # the held callbacks finish: processed, but their 2xx never reached the dead sender
        second = launch(2)
        _until(lambda: len(accepted) >= 60 or second.poll() is not None, 40, "all 60 after the restart")
        _until(lambda: _committed_total(kafka_bootstrap, group) == 60, 15, "offsets committed")
        second.send_signal(signal.SIGTERM)  # graceful this time
        assert second.wait(20) == 0
    finally:
        gate.set()
        for p in (locals().get("first"), locals().get("second")):
            if p is not None and p.poll() is None:
                p.kill()
        receiver.stop()
    ids = [v.webhook_id for v in accepted]
    assert len(ids) == 60 and set(ids) == {a.action_id for a in actions}
    _assert_per_subject_order(accepted, actions)
    # the restart resumed from the committed offsets: it re-sent what was uncommitted, not everything
    assert 0 < committed_at_crash < 60
    assert receiver.counts["duplicates"] <= 60 - committed_at_crash
    print(
        f"crash test: committed {committed_at_crash} before SIGKILL; duplicates dropped by dedupe after the "
        f"restart: {receiver.counts['duplicates']}"
    )
    for log_file in logs:
        text = log_file.read_text(errors="replace")
        assert OLD_B64 not in text and "Traceback" not in text


def test_always_failing_delivery_is_dead_lettered(kafka_bootstrap: str, unique: str) -> None:
    """One endpoint answers 401 (it has another secret), one refuses connections: both dead-letter after 3."""
    from pipeline import devbroker
    from pipeline.hooks.delivery import run_endpoints

    topic, dlq = f"actions-dlq-{unique}", f"hooks-dlq-{unique}"
    create_topics(kafka_bootstrap, [topic, dlq], partitions=2)
    actions = _produce_actions(kafka_bootstrap, topic, n=3, subjects=3)
    settings = Settings(bootstrap=kafka_bootstrap, app_id=f"hk-dlq-{unique}", topics=Topics(actions=topic))
    wrong = Receiver([WRONG], lambda v: None).start()
    closed = f"http://127.0.0.1:{devbroker.free_port()}/hook"
    deliverers = [
        Deliverer(
            settings,
            Endpoint(url, name=name),
            Signer(Secret(OLD)),
            dead_letter_topic=dlq,
            retry=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05),
            commit_interval=0.1,
            rng=random.Random(7),
        )
        for name, url in (("wrong", wrong.url), ("closed", closed))
    ]

    async def scenario() -> list[dict[str, Any]]:
        from aiokafka import AIOKafkaConsumer

        task = asyncio.create_task(run_endpoints(deliverers))
        await _until_async(lambda: all(d.stats.dead_lettered == 3 for d in deliverers), 30, "6 dead letters")
        groups = [d.group for d in deliverers]
        try:
            for g in groups:
                await _until_committed(kafka_bootstrap, g, 3)
        finally:
            for d in deliverers:
                d.stop()
            await asyncio.wait_for(task, 20)
        consumer = AIOKafkaConsumer(dlq, bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest")
        await consumer.start()
        got: list[Any] = []
        try:
            deadline = time.monotonic() + 20
            while len(got) < 6 and time.monotonic() < deadline:
                for recs in (await consumer.getmany(timeout_ms=200)).values():
                    got.extend(recs)
        finally:
            await consumer.stop()
        assert all(OLD_B64.encode() not in r.value and b"whsec_" not in r.value for r in got)
        return [json.loads(r.value) | {"_key": r.key} for r in got]

    try:
        dead = asyncio.run(scenario())
    finally:
        wrong.stop()
    assert len(dead) == 6
    originals = {a.action_id: encode_action(a) for a in actions}
    for rec in dead:
        assert rec["attempts"] == 3
        assert rec["body"].encode() == originals[rec["action_id"]] and rec["body_encoding"] == "utf-8"
        assert rec["_key"] == rec["subject_id"].encode()
        if rec["endpoint"] == "wrong":
            assert (rec["reason"], rec["status"]) == ("http_401", 401)
        else:
            assert (rec["reason"], rec["error"], rec["status"]) == (
                "error:ConnectionRefusedError",
                "ConnectionRefusedError",
                None,
            )
            assert rec["url"] == closed
    assert wrong.counts["rejected"] == 9 and wrong.counts["accepted"] == 0


def test_attempt_results_are_a_closed_list() -> None:
    """Every way an attempt can end maps to one of the few ``result`` label values, never to free text."""
    import http.client
    import ssl

    from pipeline.metrics import HOOK_ATTEMPT_RESULTS

    cases = {
        (200, None): "ok",
        (204, None): "ok",
        (301, None): "http_other",
        (401, None): "http_4xx",
        (429, None): "http_4xx",
        (503, None): "http_5xx",
        (None, TimeoutError("timed out")): "timeout",
        (None, ssl.SSLCertVerificationError("expired")): "tls_error",
        (None, ConnectionRefusedError()): "connection_error",
        (None, ConnectionResetError()): "connection_error",
        (None, OSError("no route")): "connection_error",
        (None, http.client.RemoteDisconnected("closed")): "connection_error",
        (None, http.client.BadStatusLine("garbage")): "protocol_error",
    }
    for (status, error), expected in cases.items():
        assert attempt_result(status, error) == expected, (status, error)
    assert set(cases.values()) <= set(HOOK_ATTEMPT_RESULTS)


def _scrape(port: int) -> str:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        return r.read().decode()


def _series(sample: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return sample, frozenset(labels.items())


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """``{(sample name, labels): value}`` of the contactguard_hooks_* families, as Prometheus parses them."""
    from prometheus_client.parser import text_string_to_metric_families

    return {
        (smp.name, frozenset(smp.labels.items())): smp.value
        for fam in text_string_to_metric_families(text)
        if fam.name.startswith("contactguard_hooks_")
        for smp in fam.samples
    }


@pytest.mark.prometheus
def test_hooks_metrics_count_deliveries_and_retries(
    kafka_bootstrap: str, unique: str, tmp_path: Path
) -> None:
    """The hooks process's own /metrics counts what the receiver and the dead-letter topic really saw.

    Two endpoints on one actions topic, run by the real CLI in a subprocess. ``crm``: its backend is down
    for the first attempt of every third action (500), so those are retried once and then delivered.
    ``gone``: nothing listens, so every action fails ``--max-attempts`` times and is dead-lettered. The
    counts are exact, so a double count, a missed retry or a wrong label fails.
    """
    import shutil

    from pipeline import devbroker

    n, max_attempts = 30, 3
    topic, group, dlq = f"actions-m-{unique}", f"hk-m-{unique}", f"hooks-dlq-m-{unique}"
    create_topics(kafka_bootstrap, [topic], partitions=3)
    create_topics(kafka_bootstrap, [dlq], partitions=1)
    actions = _produce_actions(kafka_bootstrap, topic, n=n, subjects=10, prefix="m")
    flaky = {a.action_id for a in actions[::3]}
    failed_once: set[str] = set()
    accepted: list[str] = []
    lock = threading.Lock()

    def on_action(v: Verified) -> None:
        with lock:
            if v.webhook_id in flaky and v.webhook_id not in failed_once:
                failed_once.add(v.webhook_id)
                raise RuntimeError("backend down")  # the receiver answers 500: the sender must retry
            accepted.append(v.webhook_id)

    receiver = Receiver([OLD], on_action).start()
    token = f"tok{unique}"  # a credential in the query string: must show up in no metric and no log line
    gone_port = devbroker.free_port()
    secret_file = tmp_path / "secret"
    secret_file.write_text(OLD)
    port_file, log_path = tmp_path / "metrics.port", tmp_path / "hooks.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTACTGUARD_")}
    env |= {"CONTACTGUARD_WEBHOOK_SECRET_FILE": str(secret_file), "CONTACTGUARD_TOPIC_ACTIONS": topic}
    cmd = [
        sys.executable, "-m", "pipeline.hooks.cli", "hooks",
        "--url", f"crm={receiver.url}hook?token={token}", "--url", f"gone=http://127.0.0.1:{gone_port}/hook",
        "--bootstrap", kafka_bootstrap, "--group", group, "--dead-letter-topic", dlq,
        "--max-attempts", str(max_attempts), "--base-delay", "0.01", "--max-delay", "0.05",
        "--commit-interval", "0.2", "--seed", "3", "--loglevel", "debug",
        "--metrics-port", "0", "--metrics-port-file", str(port_file),
    ]  # fmt: skip
    log_file = log_path.open("wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log_file, stderr=subprocess.STDOUT)

    def alive() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"hooks exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        return True

    dead: list[Any] = []
    try:
        _until(lambda: alive() and port_file.exists(), 30, "the metrics port file")
        port = int(port_file.read_text())
        before = _samples(_scrape(port))  # every endpoint's series exist from the first scrape on
        for e in ("crm", "gone"):
            assert (
                _series("contactguard_hooks_deliveries_total", endpoint=e, outcome="dead_lettered") in before
            )
            assert _series("contactguard_hooks_attempts_total", endpoint=e, result="timeout") in before
            assert _series("contactguard_hooks_pending_actions", endpoint=e) in before

        from kafka import KafkaConsumer, TopicPartition

        dlq_reader = KafkaConsumer(bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest")
        dlq_reader.assign([TopicPartition(dlq, 0)])

        def dead_letters() -> int:
            for recs in dlq_reader.poll(timeout_ms=100).values():
                dead.extend(recs)
            return len(dead)

        try:
            _until(
                lambda: alive() and len(accepted) >= n and dead_letters() >= n, 60, f"{n} accepted, {n} dead"
            )
        finally:
            dlq_reader.close()
        for name in ("crm", "gone"):  # offsets are committed only behind finished (and counted) actions
            _until(
                lambda g=f"{group}-{name}": _committed_total(kafka_bootstrap, g) == n, 15, f"{name} committed"
            )
        text = _scrape(port)
        got = _samples(text)

        def val(sample: str, **labels: str) -> float:
            return got[_series(sample, **labels)]

        # what happened, counted independently of the sender: the receiver's and the dead-letter topic's view
        assert sorted(accepted) == sorted(a.action_id for a in actions)
        assert receiver.counts["failed"] == len(flaky)
        assert len(dead) == n and {json.loads(r.value)["endpoint"] for r in dead} == {"gone"}
        assert val("contactguard_hooks_deliveries_total", endpoint="crm", outcome="delivered") == n
        assert val("contactguard_hooks_deliveries_total", endpoint="crm", outcome="dead_lettered") == 0
        assert val("contactguard_hooks_attempts_total", endpoint="crm", result="ok") == n
        assert val("contactguard_hooks_attempts_total", endpoint="crm", result="http_5xx") == len(flaky)
        assert val("contactguard_hooks_retries_total", endpoint="crm") == len(flaky) > 0
        assert val("contactguard_hooks_delivery_latency_seconds_count", endpoint="crm") == n
        assert val("contactguard_hooks_delivery_latency_seconds_sum", endpoint="crm") > 0
        assert val("contactguard_hooks_deliveries_total", endpoint="gone", outcome="dead_lettered") == n
        assert val("contactguard_hooks_deliveries_total", endpoint="gone", outcome="delivered") == 0
        assert (
            val("contactguard_hooks_attempts_total", endpoint="gone", result="connection_error")
            == n * max_attempts
        )
        assert val("contactguard_hooks_retries_total", endpoint="gone") == n * (max_attempts - 1)
        assert val("contactguard_hooks_delivery_latency_seconds_count", endpoint="gone") == 0
        # no other result was counted anywhere, and the only endpoint label values are the two names
        attempts = {k: v for k, v in got.items() if k[0] == "contactguard_hooks_attempts_total" and v}
        assert sum(attempts.values()) == n + len(flaky) + n * max_attempts
        assert {dict(k[1]).get("endpoint") for k in got if dict(k[1]).get("endpoint")} == {"crm", "gone"}

        def settled() -> bool:  # gauges follow on the next loop turn / commit: poll, never sleep
            g = _samples(_scrape(port))
            return all(
                g[_series(f"contactguard_hooks_{gauge}", endpoint=e)] == 0
                for gauge in ("in_flight_requests", "pending_actions", "consumer_lag")
                for e in ("crm", "gone")
            )

        _until(lambda: alive() and settled(), 15, "in-flight, pending and lag back to 0")

        assert shutil.which("promtool"), "promtool missing: `make prometheus` installs it"
        check = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), capture_output=True)
        assert check.returncode == 0, check.stdout + check.stderr
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        log_file.close()
        receiver.stop()
    log_text = log_path.read_text(errors="replace")
    assert f"127.0.0.1:{port}/metrics" in log_text  # where the chosen port is reported
    for where in (text, log_text):
        assert OLD_B64 not in where and "whsec_" not in where and token not in where
    assert "Traceback" not in log_text
