"""Detection on streams from a second, independently written generator (`tests/blind/foreign_gen.py`).

That generator was written by another author from the platform contract and a description of the
attacks and look-alikes only, without reading this project's detectors or simulator: its populations,
rates, texts and look-alikes (job seekers, onboarding waves, new users, event inviters, recruiters...)
follow its author's idea of a social network, not ours.

Seeds 1 and 2 were run once, found three weaknesses (job seekers flagged as mass-connect spammers, a
link many members shared flagged as a campaign, hijacked blasts whose recipients reply missed), and
the detectors were changed on them: they are tuning streams now. The judged seeds below, 3 and 4, were
committed with these thresholds before they were ever generated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest

from pipeline.replay import ReplayRunner
from pipeline.scorecard import score

GENERATOR = Path(__file__).parent / "blind" / "foreign_gen.py"
JUDGED_SEEDS = (3, 4)
GARBAGE_LINES = 20  # the generator writes this many deliberately broken lines
CATEGORIES = ("bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam")


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for seed in JUDGED_SEEDS:
        d = tmp_path_factory.mktemp(f"blind{seed}")
        events, labels = d / "events.jsonl", d / "labels.json"
        subprocess.run(
            [sys.executable, str(GENERATOR), "--seed", str(seed), "--out", str(events)]
            + ["--labels", str(labels)],
            check=True,
            capture_output=True,
        )
        runner = ReplayRunner()
        with events.open("rb") as f:
            actions = [msgspec.to_builtins(a) for a in runner.run_lines(f)]
        truth = json.loads(labels.read_text())
        fast = {p["subject_id"] for p in truth["positives"] if p["attack"] == "connect_fast"}
        requests: dict[str, set[tuple[int, str]]] = {s: set() for s in fast}
        with events.open("rb") as f:
            for line in f:
                if b'"connect_request"' in line:
                    try:
                        e = json.loads(line)
                    except ValueError:
                        continue  # one of the broken lines
                    if e.get("actor_id") in requests:
                        requests[e["actor_id"]].add((e["ts"], e["event_id"]))
        out[seed] = {
            "card": score(actions, truth),
            "summary": runner.summary,
            "actions": actions,
            "requests": requests,
        }
    return out


def _f1(p: float | None, r: float | None) -> float:
    return 0.0 if not p or not r else 2 * p * r / (p + r)


@pytest.mark.parametrize("seed", JUDGED_SEEDS)
def test_blind_stream_f1_per_category_and_attack_type(seed: int, judged: dict[int, dict[str, Any]]):
    """F1 >= 0.9 per category; per attack type, F1 of its recall with the category's precision."""
    card = judged[seed]["card"]
    print(f"\nblind seed {seed}:\n{card.render()}")
    for cat in CATEGORIES:
        c = card.category(cat)
        assert c.f1 is not None and c.f1 >= 0.9, (seed, cat, c)
        for r in card.by_attack:
            if r.category == cat:
                assert _f1(c.precision, r.recall) >= 0.9, (seed, cat, r)


@pytest.mark.parametrize("seed", JUDGED_SEEDS)
def test_blind_stream_no_lookalike_flagged(seed: int, judged: dict[int, dict[str, Any]]):
    card = judged[seed]["card"]
    assert card.lookalike_subjects > 200
    assert card.lookalikes_flagged == [], card.lookalikes_flagged


@pytest.mark.parametrize("seed", JUDGED_SEEDS)
def test_blind_stream_rejects_exactly_its_garbage(seed: int, judged: dict[int, dict[str, Any]]):
    """Its duplicates, late events and extra fields are accepted; only the broken lines are rejected."""
    summary = judged[seed]["summary"]
    assert sum(summary.rejects.values()) == GARBAGE_LINES, summary.rejects
    assert summary.duplicates > 1000 and summary.late > 100


@pytest.mark.parametrize("seed", JUDGED_SEEDS)
def test_blind_stream_fast_mass_connectors_flagged_within_50_requests(
    seed: int, judged: dict[int, dict[str, Any]]
):
    """Added after the first run of the judged seeds (which had not looked at request counts)."""
    j = judged[seed]
    first: dict[str, int] = {}
    for a in j["actions"]:
        if a["category"] == "mass_connect_spam":
            first[a["subject_id"]] = min(a["ts"], first.get(a["subject_id"], a["ts"]))
    assert j["requests"]
    for subject, sent in j["requests"].items():
        assert subject in first, subject
        before = sum(1 for ts, _ in sent if ts <= first[subject])
        print(f"blind seed {seed}: fast connector {subject} flagged at its request {before} of {len(sent)}")
        assert before <= 50, (subject, before)
