"""Tests for the simulator (`pipeline.sim`) and the scorecard.

The contract checker below is written from /work/shared/contract/EVENTS.md on purpose, independently of
the simulator and of schemas/, so a drift in either shows up here.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pipeline import scorecard
from pipeline.sim import cli as sim_cli
from pipeline.sim.emit import topic_for, write_replay
from pipeline.sim.generate import Replay, generate
from pipeline.sim.labels import MIN_PITCH_RECIPIENTS
from pipeline.sim.scenario import ProducerConfig, list_scenarios, load_scenario

LATENESS_MS = 10 * 60_000
CATEGORIES = {"bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam"}

# ----- independent contract checker (EVENTS.md) ---------------------------------------------------------
S, INT, B = "str", "int", "bool"
FIELDS: dict[str, dict[str, str]] = {
    "account_created": {"account_id": S, "profile": "profile"},
    "profile_updated": {"account_id": S, "profile": "profile"},
    "account_deleted": {"account_id": S},
    "follow": {"actor_id": S, "target_id": S},
    "unfollow": {"actor_id": S, "target_id": S},
    "connect_request": {"actor_id": S, "target_id": S, "note": "str|null"},
    "connect_accept": {"actor_id": S, "target_id": S},
    "connect_decline": {"actor_id": S, "target_id": S},
    "connect_report": {"actor_id": S, "target_id": S, "reason": S},
    "message_sent": {"actor_id": S, "target_id": S, "thread_id": S, "text": S},
    "verdict": {"subject_id": S, "category": S, "verdict": S, "reviewer": S},
}
PROFILE = {"username": S, "display_name": S, "bio": S, "has_photo": B, "created_at": INT}


def _is(value: Any, kind: str) -> bool:
    if kind == S:
        return isinstance(value, str)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == B:
        return isinstance(value, bool)
    if kind == "str|null":
        return value is None or isinstance(value, str)
    if kind == "profile":
        return isinstance(value, dict) and all(k in value and _is(value[k], t) for k, t in PROFILE.items())
    raise AssertionError(kind)


def contract_errors(line: bytes) -> list[str]:
    """Why a replay line breaks the contract (empty list = valid). Unknown extra fields are allowed."""
    if len(line) > 64 * 1024:
        return ["oversize"]
    ev = json.loads(line)
    errors = [
        f"{k} missing/bad" for k, t in (("event_id", S), ("type", S), ("ts", INT)) if not _is(ev.get(k), t)
    ]
    spec = FIELDS.get(ev.get("type"))
    if spec is None:
        return errors + [f"unknown type {ev.get('type')!r}"]
    errors += [f"{k} missing/bad" for k, t in spec.items() if k not in ev or not _is(ev[k], t)]
    if ev["type"] == "connect_request" and "mutual_connections" in ev:
        m = ev["mutual_connections"]
        if not (_is(m, INT) and m >= 0):
            errors.append("mutual_connections bad")
    if ev["type"] == "verdict" and ev.get("verdict") not in ("confirmed", "overturned"):
        errors.append("verdict bad")
    return errors


# ----- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small() -> Replay:
    return generate(load_scenario("small"))


@pytest.fixture(scope="module")
def noisy() -> Replay:
    """Small world with exaggerated producer noise, so its rates can be measured precisely."""
    sc = load_scenario("small")
    producer = ProducerConfig(duplicate_rate=0.05, late_rate=0.01, extra_field_rate=0.1, null_key_rate=0.1)
    return generate(dataclasses.replace(sc, producer=producer, seed=99))


@pytest.fixture(scope="module")
def demo_quarter() -> Replay:
    """The demo scenario at a quarter of its population: every attack type and look-alike kind, fast."""
    return generate(load_scenario("demo", scale=0.25))


def _events(replay: Replay) -> list[dict[str, Any]]:
    return [json.loads(r.line) for r in replay.records]


# ----- determinism --------------------------------------------------------------------------------------
def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    sc = load_scenario("small")
    write_replay(sc, tmp_path / "a.jsonl", tmp_path / "a.labels.json")
    write_replay(sc, tmp_path / "b.jsonl", tmp_path / "b.labels.json")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert (tmp_path / "a.labels.json").read_bytes() == (tmp_path / "b.labels.json").read_bytes()
    write_replay(load_scenario("small", seed=8), tmp_path / "c.jsonl", tmp_path / "c.labels.json")
    assert (tmp_path / "a.jsonl").read_bytes() != (tmp_path / "c.jsonl").read_bytes()


def test_deterministic_across_processes_and_hash_seeds() -> None:
    """String hashing is randomised per process: nothing may depend on set-of-str iteration order."""
    code = (
        "import hashlib; from pipeline.sim.generate import generate; from pipeline.sim.scenario import "
        "load_scenario; r = generate(load_scenario('small')); "
        "print(hashlib.sha256(b''.join(x.line for x in r.records)).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    local = generate(load_scenario("small"))
    digests.add(hashlib.sha256(b"".join(x.line for x in local.records)).hexdigest())
    assert len(digests) == 1


# ----- contract -----------------------------------------------------------------------------------------
def test_every_line_follows_the_contract(small: Replay, noisy: Replay) -> None:
    for replay in (small, noisy):
        bad = [(r.line[:120], errs) for r in replay.records if (errs := contract_errors(r.line))]
        assert not bad, bad[:5]


def test_checker_rejects_broken_events() -> None:
    assert contract_errors(b'{"event_id":"x","type":"follow","ts":1,"actor_id":"a"}')
    assert contract_errors(b'{"event_id":"x","type":"follow","ts":"1","actor_id":"a","target_id":"b"}')
    assert contract_errors(
        b'{"event_id":"x","type":"connect_request","ts":1,"actor_id":"a","target_id":"b","note":null,'
        b'"mutual_connections":-1}'
    )
    sample = Path("/work/shared/contract/sample-events.jsonl")
    if sample.exists():
        assert all(not contract_errors(line) for line in sample.read_bytes().splitlines() if line.strip())


def test_stream_has_every_event_type_and_real_variety(small: Replay) -> None:
    events = _events(small)
    types = Counter(e["type"] for e in events)
    for t in FIELDS:
        if t not in ("verdict", "account_deleted"):
            assert types[t] > 0, t
    requests = [e for e in events if e["type"] == "connect_request"]
    notes = Counter(
        "null"
        if e["note"] is None
        else "stock"
        if e["note"].startswith("I'd like to add you")
        else "personal"
        for e in requests
    )
    assert min(notes.values()) > 0 and len(notes) == 3
    assert any("mutual_connections" not in e for e in requests)  # absent = unknown happens
    assert any(e["mutual_connections"] > 0 for e in requests if "mutual_connections" in e)
    names = [e["profile"]["display_name"] for e in events if "profile" in e]
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in n) for n in names)  # Cyrillic
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)  # CJK
    texts = [e["text"] for e in events if e["type"] == "message_sent"]
    assert len(set(texts)) > 0.4 * len(texts)  # organic talk is varied, not a handful of strings
    ids = [e["event_id"] for e in events]
    assert len(set(ids)) == small.stats["events"]


def test_kafka_routing() -> None:
    topics: dict[str, str] = {}
    assert topic_for("profile_updated", topics) == "platform.accounts"
    assert topic_for("unfollow", topics) == "platform.follows"
    assert topic_for("connect_report", topics) == "platform.connections"
    assert topic_for("message_sent", {"messages": "m"}) == "m"
    assert topic_for("verdict", topics) == "moderation.feedback"


# ----- producer realism ---------------------------------------------------------------------------------
def _realism(replay: Replay) -> tuple[int, int, int, int]:
    """(unique events, duplicate lines, late lines, duplicates whose bytes differ)."""
    first: dict[str, bytes] = {}
    dups = late = differ = 0
    high = None
    for rec in replay.records:
        ev = json.loads(rec.line)
        if ev["event_id"] in first:
            dups += 1
            differ += first[ev["event_id"]] != rec.line
        first.setdefault(ev["event_id"], rec.line)
        if high is not None and ev["ts"] < high - LATENESS_MS:
            late += 1
        high = ev["ts"] if high is None else max(high, ev["ts"])
    return len(first), dups, late, differ


def test_duplicates_and_lateness_at_configured_rates(noisy: Replay) -> None:
    unique, dups, late, differ = _realism(noisy)
    assert differ == 0  # a redelivery is the same event, byte for byte
    assert 0.035 < dups / unique < 0.065  # configured 0.05
    assert 0.004 < late / unique < 0.02  # configured 0.01: only the designated late ones break the bound
    assert late <= noisy.stats["late"] * 2  # a late event's redelivery may be late too
    extras = sum(
        1
        for e in _events(noisy)
        if set(e) - {"event_id", "type", "ts", *FIELDS[e["type"]]} - {"mutual_connections"}
    )
    assert 0.07 < extras / len(noisy.records) < 0.13  # configured 0.1
    nulls = sum(1 for r in noisy.records if r.key is None)
    assert 0.07 < nulls / len(noisy.records) < 0.13


def test_default_noise_is_small_but_present(small: Replay) -> None:
    unique, dups, late, differ = _realism(small)
    assert differ == 0 and 0 < dups < 0.02 * unique and late < 0.01 * unique
    ts = [json.loads(r.line)["ts"] for r in small.records]
    assert ts != sorted(ts)  # shuffled within the bound, not perfectly ordered
    inversions = sum(1 for a, b in zip(ts, ts[1:], strict=False) if b < a)
    assert inversions > 0.05 * len(ts)


# ----- labels -------------------------------------------------------------------------------------------
def _mentions(events: list[dict[str, Any]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for e in events:
        for k in ("actor_id", "target_id", "account_id"):
            if k in e:
                out.setdefault(e[k], []).append(e["ts"])
    return out


@pytest.mark.parametrize("name", ["small", "demo"])
def test_labels_consistent_with_events(name: str, small: Replay, demo_quarter: Replay) -> None:
    replay = small if name == "small" else demo_quarter
    labels, events = replay.labels, _events(replay)
    mentions = _mentions(events)
    assert set(labels) == {"scenario", "seed", "positives", "lookalikes", "attacks"}
    attacks = {a["attack_id"]: a for a in labels["attacks"]}
    assert len(attacks) == len(labels["attacks"])
    positive_ids = set()
    for p in labels["positives"]:
        assert p["category"] in CATEGORIES
        assert p["subject_id"] in mentions, p
        assert any(p["start_ts"] <= t <= p["end_ts"] for t in mentions[p["subject_id"]]), p
        a = attacks[p["attack_id"]]
        assert a["attack"] == p["attack"] and p["subject_id"] in a["subjects"]
        assert a["start_ts"] <= p["start_ts"] <= p["end_ts"] <= a["end_ts"]
        positive_ids.add(p["subject_id"])
    for a in attacks.values():
        assert a["category"] in CATEGORIES and set(a["subjects"]) <= positive_ids
    for row in labels["lookalikes"]:
        assert row["subject_id"] in mentions and row["subject_id"] not in positive_ids
    keys = [(p["subject_id"], p["category"], p["attack_id"]) for p in labels["positives"]]
    assert len(keys) == len(set(keys))
    # warm-up: nothing labelled starts before it
    sc = replay.scenario
    assert min(a["start_ts"] for a in attacks.values()) >= sc.attack_window[0] - 60 * 60_000


def test_every_attack_type_and_lookalike_kind_appears(demo_quarter: Replay) -> None:
    labels = demo_quarter.labels
    attacks = {p["attack"] for p in labels["positives"]}
    assert attacks >= {
        "burst_fast",
        "burst_drip",
        "burst_sophisticated",
        "farm_multi_customer",
        "fresh_batch",
        "connect_fast",
        "connect_slow",
        "compromised_blast",
        "campaign_multi_sender",
    }
    kinds = {row["kind"] for row in labels["lookalikes"]}
    assert kinds >= {
        "viral",
        "viral_follower",
        "onboarding_user",
        "suggested_account",
        "celebrity",
        "heavy_follower",
        "recruiter",
        "contact_importer",
        "event_inviter",
        "community_manager",
        "busy",
        "organic_surge",
        "conference_attendee",
    }


def test_message_spam_rule(small: Replay) -> None:
    """A message_spam positive sent one attack's pitch to at least MIN_PITCH_RECIPIENTS people."""
    events = _events(small)
    for p in small.labels["positives"]:
        if p["category"] != "message_spam":
            continue
        recipients = {
            e["target_id"]
            for e in events
            if e["type"] == "message_sent"
            and e["actor_id"] == p["subject_id"]
            and p["start_ts"] <= e["ts"] <= p["end_ts"]
        }
        assert len(recipients) >= MIN_PITCH_RECIPIENTS


def test_warmup_is_ordinary_life(small: Replay) -> None:
    sc = small.scenario
    warm_end = sc.attack_window[0]
    assert all(p["start_ts"] >= warm_end for p in small.labels["positives"])


# ----- scenarios ----------------------------------------------------------------------------------------
def test_committed_scenarios() -> None:
    names = list_scenarios()
    assert {"demo", "small", "lookalike-heavy"} <= set(names)
    holdouts = [n for n in names if n.startswith("holdout-")]
    devs = [n for n in names if n.startswith("dev-")]
    assert len(holdouts) >= 3 and devs
    seeds = {n: load_scenario(n).seed for n in names}
    assert not {seeds[n] for n in holdouts} & {seeds[n] for n in names if n not in holdouts}
    readme = (Path(__file__).parents[1] / "pipeline/sim/scenarios/README.md").read_text()
    assert "holdout" in readme and "tun" in readme
    heavy, demo = load_scenario("lookalike-heavy"), load_scenario("demo")
    assert (
        heavy.lookalikes.busy > demo.lookalikes.busy
        and heavy.lookalikes.recruiter > demo.lookalikes.recruiter
    )


def test_scenario_json_and_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(json.dumps({"seed": 5, "users": 300, "attacks": {"burst_fast": 0}}))
    sc = load_scenario(str(tmp_path / "x.json"))
    assert (sc.name, sc.seed, sc.users, sc.attacks.burst_fast) == ("x", 5, 300, 0)
    (tmp_path / "y.json").write_text(json.dumps({"sede": 5}))
    with pytest.raises(ValueError, match="sede"):
        load_scenario(str(tmp_path / "y.json"))


def test_simulate_cli_writes_events_and_labels(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    sim_cli.register(sub)
    scorecard.register(sub)
    out = tmp_path / "s.jsonl"
    args = parser.parse_args(["simulate", "--scenario", "small", "--seed", "3", "--out", str(out)])
    assert args.func(args) == 0
    labels = json.loads((tmp_path / "s.labels.json").read_text())
    assert labels["seed"] == 3 and out.stat().st_size > 0
    # a perfect detector, as actions, scores 1.0 everywhere through the scorecard CLI
    actions = tmp_path / "actions.jsonl"
    rows = [
        {
            "action_id": f"x{i}",
            "ts": p["end_ts"],
            "subject_id": p["subject_id"],
            "category": p["category"],
            "action": "review",
        }
        for i, p in enumerate(labels["positives"])
    ]
    actions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    args = parser.parse_args(
        ["scorecard", str(actions), "--labels", str(tmp_path / "s.labels.json"), "--json"]
    )
    assert args.func(args) == 0
    card = scorecard.score(rows, labels)
    assert card.overall.precision == 1.0 and card.overall.recall == 1.0 and not card.lookalikes_flagged


# ----- scorecard, worked out by hand --------------------------------------------------------------------
LABELS: dict[str, Any] = {
    "scenario": "hand",
    "seed": 0,
    "positives": [
        {
            "subject_id": "u1",
            "category": "bot_follower_burst",
            "attack": "burst_fast",
            "attack_id": "A1",
            "start_ts": 1000,
            "end_ts": 5000,
        },
        {
            "subject_id": "u2",
            "category": "fake_follower",
            "attack": "burst_fast",
            "attack_id": "A1",
            "start_ts": 1000,
            "end_ts": 5000,
        },
        {
            "subject_id": "u3",
            "category": "fake_follower",
            "attack": "burst_fast",
            "attack_id": "A1",
            "start_ts": 1200,
            "end_ts": 4000,
        },
        {
            "subject_id": "u4",
            "category": "message_spam",
            "attack": "compromised_blast",
            "attack_id": "A2",
            "start_ts": 2000,
            "end_ts": 3000,
        },
        {
            "subject_id": "u5",
            "category": "mass_connect_spam",
            "attack": "connect_fast",
            "attack_id": "A3",
            "start_ts": 3000,
            "end_ts": 9000,
        },
        {
            "subject_id": "u5",
            "category": "message_spam",
            "attack": "connect_fast",
            "attack_id": "A3",
            "start_ts": 3100,
            "end_ts": 9000,
        },
    ],
    "lookalikes": [{"subject_id": "u9", "kind": "viral"}, {"subject_id": "u8", "kind": "busy"}],
    "attacks": [
        {
            "attack_id": "A1",
            "attack": "burst_fast",
            "category": "bot_follower_burst",
            "start_ts": 1000,
            "end_ts": 5000,
            "subjects": ["u1", "u2", "u3"],
        },
        {
            "attack_id": "A2",
            "attack": "compromised_blast",
            "category": "message_spam",
            "start_ts": 2000,
            "end_ts": 3000,
            "subjects": ["u4"],
        },
        {
            "attack_id": "A3",
            "attack": "connect_fast",
            "category": "mass_connect_spam",
            "start_ts": 3000,
            "end_ts": 9000,
            "subjects": ["u5"],
        },
    ],
}


def _act(aid: str, ts: int, subject: str, category: str, action: str = "review", **kw: Any) -> dict[str, Any]:
    return {
        "action_id": aid,
        "ts": ts,
        "subject_id": subject,
        "category": category,
        "action": action,
        "mode": "enforce",
        **kw,
    }


ACTIONS = [
    _act("a1", 1600, "u1", "bot_follower_burst"),  # TP
    _act("a2", 1500, "u2", "fake_follower", "quarantine_followers"),  # TP
    _act("a2", 1500, "u2", "fake_follower", "quarantine_followers"),  # redelivered: same decision
    _act("a3", 1700, "u9", "bot_follower_burst"),  # look-alike ...
    _act("a4", 1800, "u9", "bot_follower_burst", "revert", supersedes="a3"),  # ... withdrawn
    _act("a5", 2500, "u8", "message_spam"),  # FP on a look-alike
    _act("a6", 2600, "u4", "message_spam", mode="shadow"),  # TP (shadow counts)
    _act("a7", 4000, "u5", "message_spam"),  # would be TP ...
    _act("a8", 4100, "u5", "message_spam", "revert", supersedes="a7"),  # ... but reverted
    _act("a9", 100, "u7", "fake_follower"),  # FP, not a look-alike
    _act("a10", 3500, "u5", "mass_connect_spam"),  # TP
    _act("a11", 3900, "u5", "mass_connect_spam", "suspend", supersedes="a10"),  # escalation: still TP
    _act("a12", 3900, "u5", "spam"),  # unknown category: ignored
    _act("a13", 2000, "u3", "fake_follower"),  # review ...
    _act("a14", 2100, "u3", "fake_follower", "suspend", supersedes="a13"),  # ... escalated ...
    _act("a15", 2200, "u3", "fake_follower", "revert", supersedes="a14"),  # ... overturned: chain withdrawn
]


def test_scorecard_by_hand() -> None:
    card = scorecard.score(ACTIONS, LABELS)
    c = {x.category: x for x in card.categories}
    assert (c["bot_follower_burst"].tp, c["bot_follower_burst"].fp, c["bot_follower_burst"].fn) == (1, 0, 0)
    assert c["bot_follower_burst"].precision == 1.0 and c["bot_follower_burst"].recall == 1.0
    # fake_follower: flagged {u2, u7}, positives {u2, u3}
    ff = c["fake_follower"]
    assert (ff.tp, ff.fp, ff.fn, ff.precision, ff.recall, ff.f1) == (1, 1, 1, 0.5, 0.5, 0.5)
    mc = c["mass_connect_spam"]
    assert (mc.tp, mc.fp, mc.fn, mc.f1) == (1, 0, 0, 1.0)
    # message_spam: flagged {u8, u4} (u5 reverted), positives {u4, u5}
    ms = c["message_spam"]
    assert (ms.tp, ms.fp, ms.fn, ms.precision, ms.recall) == (1, 1, 1, 0.5, 0.5)
    o = card.overall  # 6 flagged pairs, 6 positive pairs, 4 in common
    assert (
        (o.tp, o.fp, o.fn) == (4, 2, 2)
        and o.precision == pytest.approx(4 / 6)
        and o.recall == pytest.approx(4 / 6)
    )
    recall = {(r.attack, r.category): (r.detected, r.positives) for r in card.by_attack}
    assert recall[("burst_fast", "all")] == (2, 3)
    assert recall[("burst_fast", "fake_follower")] == (1, 2)
    assert recall[("compromised_blast", "all")] == (1, 1)
    assert recall[("connect_fast", "all")] == (1, 2)
    assert recall[("connect_fast", "message_spam")] == (0, 1)
    delays = {d.attack_id: d.delay_ms for d in card.delays}
    assert delays == {"A1": 500, "A2": 600, "A3": 500}  # u2 at 1500; u4 at 2600; u5 at 3500
    assert card.delay_median_ms == 500 and card.delay_max_ms == 600
    assert [(f.kind, f.subject_id, f.category) for f in card.lookalikes_flagged] == [
        ("busy", "u8", "message_spam")
    ]
    assert (card.actions, card.reverted, card.ignored) == (16, 3, 1)
    text = card.render()
    assert "fake_follower" in text and "0.500" in text and "busy" in text
    json.dumps(card.to_dict())


def test_scorecard_empty_and_undetected() -> None:
    card = scorecard.score([], LABELS)
    assert card.overall.recall == 0.0 and card.overall.precision is None and card.overall.f1 == 0.0
    assert card.delay_median_ms is None and all(d.delay_ms is None for d in card.delays)
    assert "-" in card.render()
    # an action before the attack began counts as an immediate detection, not a negative delay
    early = scorecard.score([_act("e", 10, "u4", "message_spam")], LABELS)
    assert {d.attack_id: d.delay_ms for d in early.delays}["A2"] == 0


# ----- platform rules and a real broker ----------------------------------------------------------------
def test_platform_rules_hold(small: Replay) -> None:
    """No event before an account is created or after it is deleted; accepts answer real requests."""
    events = sorted(_events(small), key=lambda e: e["ts"])
    created = {e["account_id"]: e["ts"] for e in events if e["type"] == "account_created"}
    deleted = {e["account_id"]: e["ts"] for e in events if e["type"] == "account_deleted"}
    requested: set[tuple[str, str]] = set()
    for e in events:
        for k in ("actor_id", "target_id", "account_id"):
            who = e.get(k)
            if who in created:
                assert e["ts"] >= created[who], e
            if who in deleted and e["type"] != "account_deleted":
                assert e["ts"] < deleted[who], e
        if e["type"] == "connect_request":
            requested.add((e["actor_id"], e["target_id"]))
        elif e["type"] in ("connect_accept", "connect_decline"):
            assert (e["target_id"], e["actor_id"]) in requested, e
        if "profile" in e:
            assert e["profile"]["created_at"] <= e["ts"]


def test_produce_to_a_real_broker(kafka_bootstrap: str, unique: str, tmp_path: Path) -> None:
    from kafka import KafkaConsumer

    from pipeline.sim.emit import produce
    from tests.broker_fixture import create_topics

    topics = {g: f"sim-{g}-{unique}" for g in ("accounts", "follows", "connections", "messages", "feedback")}
    create_topics(kafka_bootstrap, topics.values())
    replay = generate(load_scenario("small"))
    stats = produce(replay, kafka_bootstrap, topics, rate=None, labels_path=tmp_path / "l.json")
    assert stats["produced"] == len(replay.records) and (tmp_path / "l.json").exists()
    want = Counter(topic_for(r.type, topics) for r in replay.records)
    consumer = KafkaConsumer(
        *topics.values(),
        bootstrap_servers=kafka_bootstrap,
        auto_offset_reset="earliest",
        consumer_timeout_ms=10_000,
    )
    got: Counter[str] = Counter()
    keys = 0
    for msg in consumer:
        got[msg.topic] += 1
        keys += msg.key is not None
        if sum(got.values()) >= len(replay.records):
            break
    consumer.close()
    assert got == want
    assert 0.9 * len(replay.records) < keys < len(replay.records)  # keys usually set, sometimes missing
