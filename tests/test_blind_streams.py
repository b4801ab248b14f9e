"""Detection on streams from generators written independently of this project (`tests/blind/`).

Each was written by another author from the platform contract and a description of the attacks and
look-alikes only, without reading this project's detectors or simulator (nor each other): populations,
rates, texts and look-alikes follow each author's idea of a social network, not ours.

* `foreign_gen.py`: seeds 1 and 2 were run once and found three weaknesses (job seekers flagged as
  mass-connect spammers, a link many members shared flagged as a campaign, hijacked blasts whose
  recipients reply missed); the detectors were changed on them. Seeds 3 and 4 were committed with these
  thresholds before they were generated, and passed.
* `gen2.py` (a LinkedIn-Instagram hybrid, several languages, share links, recruiters who send job
  links): seeds 1 and 2 found recruiters flagged as mass-connect spammers (a link after an accept was
  near-proof of spam) and members sharing one link flagged as a campaign; the detectors were changed
  on them. Seeds 3 and 4 were committed before they were generated, and failed (marked below). The
  change for recruiters (a link after an accept as moderate evidence) also cost `foreign_gen.py` seed 3
  one slow connector; making that evidence depend on the request's note (strong after a stock
  invitation, moderate after a personal note), which was done for our own demo stream, gave it back.
  Seed 3 had been seen failing by then, so it is no longer a blind result for that detector.
* Fourth session: `gen2.py` seeds 1-11 (3 and 4 included, being no longer blind) and `foreign_gen.py`
  seeds 1-2 were the tuning streams for newsletter authors, job seekers and recruiters. Before any of them
  was generated, these were committed as the new judged streams: `gen3.py` seeds 3 and 4 (a third
  generator, written blind like the others, for a regional network in Galicia and northern Portugal;
  its seeds 1 and 2 were only run by its author), `gen2.py` seeds 12 and 13, `foreign_gen.py` seeds 5
  and 6, with the thresholds below and `test_blind_stream_connect_and_message_spam` (issue 4's must-show).
  Judged once at d146161, they failed 12 checks (`MEASURED_FAILING`); the detectors were then tuned on
  them too (short link blasts, brief notes, answer delays), so they are tuning streams since.
* Then, before any of them was generated, a third set was committed: `gen3.py` seeds 5 and 6, `gen2.py`
  seeds 14 and 15, `foreign_gen.py` seeds 7 and 8 (`THIRD_JUDGED`), same tests and thresholds. Judged
  once at 6d257b6 (`THIRD_FAILING`), then tuned on (broadcasts with a topic per reader; a farm's cover
  follows).
* Then, before any of them was generated, a fourth set: `gen3.py` seeds 7 and 8, `gen2.py` seeds 16
  and 17, `foreign_gen.py` seeds 9 and 10 (`FOURTH_JUDGED`), same tests and thresholds. Judged once at
  89a705b (`FOURTH_FAILING`), then tuned on (a fast connector's pace).
* Then, before any of them was generated, a fifth set: `gen3.py` seeds 9 and 10, `gen2.py` seeds 18
  and 19, `foreign_gen.py` seeds 11 and 12 (`FIFTH_JUDGED`), same tests and thresholds. Judged once at
  baaa33c (`FIFTH_FAILING`): issue 4's test passed on gen3 9-10 and gen2 18-19 and failed on both
  foreign_gen seeds (a slow connector missed; a compromised blast missed). Every fast connector of the
  set was flagged by its 27th request. Then tuned on (a stranger gate of 4; a spun blast's pace).
* Then, before any of them was generated, a sixth set: `gen3.py` seeds 11 and 12, `gen2.py` seeds 20
  and 21, `foreign_gen.py` seeds 13 and 14 (`SIXTH_JUDGED`), same tests and thresholds. Judged once at
  063fdb0 (`SIXTH_FAILING`): issue 4's test passed on all six, every fast connector was flagged by its
  27th request; one sign-up wave on gen3 12 was flagged as a bought burst with its members. Then
  tuned on (a follow in the follower's first minutes is part of signing up, not lifeless).
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

BLIND = Path(__file__).parent / "blind"
GARBAGE_LINES = {"foreign_gen.py": 20, "gen2.py": 15, "gen3.py": 12}  # broken lines each one writes
FAST_ATTACK = {"foreign_gen.py": "connect_fast", "gen2.py": "connector_bot", "gen3.py": "fast_mass_connector"}
# producer noise each generator's author described: at least this many duplicated and late events
MIN_DUPLICATES = {"foreign_gen.py": 1000, "gen2.py": 1000, "gen3.py": 100}
MIN_LATE = {"foreign_gen.py": 100, "gen2.py": 100, "gen3.py": 10}
FIRST_JUDGED = [("foreign_gen.py", 3), ("foreign_gen.py", 4), ("gen2.py", 3), ("gen2.py", 4)]
NEW_JUDGED = [
    ("gen3.py", 3),
    ("gen3.py", 4),
    ("gen2.py", 12),
    ("gen2.py", 13),
    ("foreign_gen.py", 5),
    ("foreign_gen.py", 6),
]
THIRD_JUDGED = [
    ("gen3.py", 5),
    ("gen3.py", 6),
    ("gen2.py", 14),
    ("gen2.py", 15),
    ("foreign_gen.py", 7),
    ("foreign_gen.py", 8),
]
FOURTH_JUDGED = [
    ("gen3.py", 7),
    ("gen3.py", 8),
    ("gen2.py", 16),
    ("gen2.py", 17),
    ("foreign_gen.py", 9),
    ("foreign_gen.py", 10),
]
FIFTH_JUDGED = [
    ("gen3.py", 9),
    ("gen3.py", 10),
    ("gen2.py", 18),
    ("gen2.py", 19),
    ("foreign_gen.py", 11),
    ("foreign_gen.py", 12),
]
SIXTH_JUDGED = [
    ("gen3.py", 11),
    ("gen3.py", 12),
    ("gen2.py", 20),
    ("gen2.py", 21),
    ("foreign_gen.py", 13),
    ("foreign_gen.py", 14),
]
JUDGED = FIRST_JUDGED + NEW_JUDGED + THIRD_JUDGED + FOURTH_JUDGED + FIFTH_JUDGED + SIXTH_JUDGED
CATEGORIES = ("bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam")
SPAM_CATEGORIES = ("mass_connect_spam", "message_spam")  # issue 4's
Stream = tuple[str, int]


class _Judged(dict):
    """Each stream is generated and replayed when a test first asks for it (about 40 s each), so every
    test's timeout covers one stream, not the whole set; the results are shared by the module's tests."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        super().__init__()
        self.tmp = tmp

    def __missing__(self, stream: Stream) -> dict[str, Any]:
        self[stream] = _judge(self.tmp, *stream)
        return self[stream]


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> dict[Stream, dict[str, Any]]:
    return _Judged(tmp_path_factory)


def _judge(tmp: pytest.TempPathFactory, gen: str, seed: int) -> dict[str, Any]:
    d = tmp.mktemp(f"{gen[:-3]}-{seed}")
    events, labels = d / "events.jsonl", d / "labels.json"
    subprocess.run(
        [sys.executable, str(BLIND / gen), "--seed", str(seed), "--out", str(events)]
        + ["--labels", str(labels)],
        check=True,
        capture_output=True,
    )
    runner = ReplayRunner()
    with events.open("rb") as f:
        actions = [msgspec.to_builtins(a) for a in runner.run_lines(f)]
    truth = json.loads(labels.read_text())
    fast = {p["subject_id"] for p in truth["positives"] if p["attack"] == FAST_ATTACK[gen]}
    requests: dict[str, set[tuple[int, str]]] = {s: set() for s in fast}
    with events.open("rb") as f:
        for line in f:
            if b'"connect_request"' in line:
                try:
                    e = json.loads(line)
                except ValueError:
                    continue  # one of the broken lines
                if isinstance(e, dict) and e.get("actor_id") in requests:
                    requests[e["actor_id"]].add((e["ts"], e["event_id"]))
    return {
        "card": score(actions, truth),
        "summary": runner.summary,
        "actions": actions,
        "requests": requests,
    }


def _f1(p: float | None, r: float | None) -> float:
    return 0.0 if not p or not r else 2 * p * r / (p + r)


def _assert_f1(card: Any, categories: tuple[str, ...], stream: Stream) -> None:
    """F1 >= 0.9 per category, and per attack type (the attack's recall with the category's precision)."""
    for cat in categories:
        c = card.category(cat)
        assert c.f1 is not None and c.f1 >= 0.9, (*stream, cat, c)
        for r in card.by_attack:
            if r.category == cat:
                assert _f1(c.precision, r.recall) >= 0.9, (*stream, cat, r)


GEN2_3 = (
    "measured once at commit c9528d8: mass_connect_spam F1 0.909 (a job seeker flagged), message_spam F1 "
    "0.950 (a newsletter author flagged; one of 2 hijacked blasts missed: per-attack F1 0.655)"
)
GEN2_4 = (
    "measured once at commit c9528d8: a company onboarding wave flagged as a bot_follower_burst with 30 "
    "of its new employees as fake followers (F1 0.889 / 0.989), a recruiter as mass_connect_spam and "
    "message_spam, a newsletter author as message_spam"
)
JUDGED_F1 = [
    *FIRST_JUDGED[:2],
    pytest.param(*FIRST_JUDGED[2], marks=pytest.mark.xfail(strict=False, reason=GEN2_3)),
    pytest.param(*FIRST_JUDGED[3], marks=pytest.mark.xfail(strict=False, reason=GEN2_4)),
    *NEW_JUDGED,
    *THIRD_JUDGED,
    *FOURTH_JUDGED,
    *FIFTH_JUDGED,
    *SIXTH_JUDGED,
]
JUDGED_LOOKALIKES = JUDGED_F1
# What the first judging of NEW_JUDGED measured (commit d146161), for the tests it failed (tuned on since,
# so a pass there is no longer a blind result):
SOPHISTICATED = (
    "sophisticated_follower_farm fake_follower recall 0.578 (119/206) on seed 3, 0.644 (161/250) on 4"
)
SLOW_MISS = "mass_connect_spam F1 0.889: one slow connector of 5 missed (precision 1.0)"
HIJACK_MISS = "message_spam: one of 2 hijacked_dm_blast missed (recall 0.5)"
AT_51 = (
    "a fast connector flagged at its 51st request: the low-volume cap (4.0, below the 4.5 threshold, "
    "changed this session from 5.0) holds the requests alone back until 50 a day"
)
# What the judging of THIRD_JUDGED measured (commit 6d257b6), for the tests it failed:
GEN3_6_SPAM = (
    "message_spam precision 0.778, F1 0.875: of 6 false positives, 5 are gen3's slow connectors (labelled "
    "mass_connect_spam only; this detector reports a connect spammer's pitch to its new contacts as message "
    "spam by design), 1 is a newsletter author whose copies vary (LLR 4.17, no replies yet)"
)
THIRD_FAILING = {
    ("f1", "gen3.py", 5): "bot_follower_burst: one of 3 sophisticated_follower_farm customers missed",
    ("f1", "gen3.py", 6): "bot_follower_burst F1 0.889 (one sophisticated farm customer of 5 missed); "
    "fake_follower 97/274 of that farm; " + GEN3_6_SPAM,
    ("f1", "gen2.py", 14): "a university intake flagged as bot_follower_burst (precision 0.8) with its "
    "members as fake followers",
    ("spam", "gen3.py", 6): GEN3_6_SPAM,
    ("lookalikes", "gen3.py", 6): "a newsletter author flagged as message_spam",
    ("lookalikes", "gen2.py", 14): "a university intake (59 look-alikes) flagged as a bot_follower_burst",
}
# What the judging of FOURTH_JUDGED measured (commit 89a705b), for the tests it failed:
FG9 = "foreign_gen.py crashes on seed 9 (random.sample larger than its population): no stream"
FOURTH_FAILING = {
    ("f1", "gen2.py", 17): "a university intake flagged as bot_follower_burst (precision 0.8)",
    ("lookalikes", "gen2.py", 17): "a university intake flagged (burst and its members as fake followers)",
    ("lookalikes", "gen3.py", 8): "a sign-up wave flagged: its institution as bot_follower_burst, members "
    "as fake followers",
    ("fast", "gen2.py", 16): "a fast connector flagged at its 51st request: below 50 requests a day the "
    "request pattern alone did not decide, and no pitch had followed yet",
    **{(t, "foreign_gen.py", 9): FG9 for t in ("f1", "spam", "lookalikes", "garbage", "fast")},
}
# What the judging of FIFTH_JUDGED measured (commit baaa33c), for the tests it failed:
FG11 = "mass_connect_spam F1 0.889: one slow connector of 5 missed (precision 1.0)"
FG12 = "message_spam: one of 2 blast_compromised missed (recall 0.5)"
FIFTH_FAILING = {
    ("f1", "foreign_gen.py", 11): FG11,
    ("spam", "foreign_gen.py", 11): FG11,
    ("f1", "foreign_gen.py", 12): FG12,
    ("spam", "foreign_gen.py", 12): FG12,
    ("lookalikes", "gen3.py", 10): "one viral_follower flagged as fake_follower",
}
# What the judging of SIXTH_JUDGED measured (commit 063fdb0), for the tests it failed:
SIXTH_FAILING = {
    ("lookalikes", "gen3.py", 12): "a sign-up wave flagged: its institution as bot_follower_burst (precision "
    "0.857) and its members as fake followers (precision 0.890): 149 look-alike flags",
}
MEASURED_FAILING = {
    ("f1", "gen3.py", 3): SOPHISTICATED,
    ("f1", "gen3.py", 4): SOPHISTICATED + "; " + HIJACK_MISS,
    ("f1", "foreign_gen.py", 5): SLOW_MISS,
    ("f1", "foreign_gen.py", 6): SLOW_MISS,
    ("spam", "gen2.py", 3): HIJACK_MISS + " (a tuning seed since this session)",
    ("spam", "gen3.py", 4): HIJACK_MISS + "; a recruiter flagged as mass_connect_spam",
    ("spam", "foreign_gen.py", 5): SLOW_MISS,
    ("spam", "foreign_gen.py", 6): SLOW_MISS,
    ("lookalikes", "gen3.py", 4): "a recruiter flagged as mass_connect_spam",
    ("fast", "gen3.py", 3): AT_51,
    ("fast", "gen3.py", 4): AT_51,
    ("fast", "gen2.py", 12): AT_51,
}


def _judged(test: str, streams: list[Any]) -> list[Any]:
    """`streams` with the measured failures of `test` marked (non-strict: a fix shows as XPASS)."""
    out = []
    for st in streams:
        key = (test, *st) if type(st) is tuple else None  # not an already-marked pytest.param
        failing = (SIXTH_FAILING, FIFTH_FAILING, FOURTH_FAILING, THIRD_FAILING, MEASURED_FAILING)
        reason = next((f[key] for f in failing if key in f), None) if key else None
        out.append(pytest.param(*st, marks=pytest.mark.xfail(strict=False, reason=reason)) if reason else st)
    return out


@pytest.mark.parametrize(("gen", "seed"), _judged("f1", JUDGED_F1))
def test_blind_stream_f1_per_category_and_attack_type(gen: str, seed: int, judged: dict[Stream, Any]):
    """F1 >= 0.9 per category; per attack type, F1 of its recall with the category's precision."""
    card = judged[(gen, seed)]["card"]
    print(f"\nblind {gen} seed {seed}:\n{card.render()}")
    _assert_f1(card, CATEGORIES, (gen, seed))


@pytest.mark.parametrize(("gen", "seed"), _judged("spam", JUDGED))
def test_blind_stream_connect_and_message_spam(gen: str, seed: int, judged: dict[Stream, Any]):
    """Issue 4's must-show on every judged stream: for mass_connect_spam and message_spam, F1 >= 0.9 per
    category and per attack type (its recall with the category's precision), and no look-alike flagged
    in either category."""
    card = judged[(gen, seed)]["card"]
    _assert_f1(card, SPAM_CATEGORIES, (gen, seed))
    flagged = [f for f in card.lookalikes_flagged if f.category in SPAM_CATEGORIES]
    assert flagged == [], flagged


@pytest.mark.parametrize(("gen", "seed"), _judged("lookalikes", JUDGED_LOOKALIKES))
def test_blind_stream_no_lookalike_flagged(gen: str, seed: int, judged: dict[Stream, Any]):
    card = judged[(gen, seed)]["card"]
    assert card.lookalike_subjects > 200
    assert card.lookalikes_flagged == [], card.lookalikes_flagged


@pytest.mark.parametrize(("gen", "seed"), _judged("garbage", JUDGED))
def test_blind_stream_rejects_exactly_its_garbage(gen: str, seed: int, judged: dict[Stream, Any]):
    """Its duplicates, late events and extra fields are accepted; only the broken lines are rejected."""
    summary = judged[(gen, seed)]["summary"]
    assert sum(summary.rejects.values()) == GARBAGE_LINES[gen], summary.rejects
    assert summary.duplicates > MIN_DUPLICATES[gen] and summary.late > MIN_LATE[gen]


@pytest.mark.parametrize(("gen", "seed"), _judged("fast", JUDGED))
def test_blind_stream_fast_mass_connectors_flagged_within_50_requests(
    gen: str, seed: int, judged: dict[Stream, Any]
):
    """Added after the first run of foreign_gen's judged seeds (which had not looked at request counts)."""
    j = judged[(gen, seed)]
    first: dict[str, int] = {}
    for a in j["actions"]:
        if a["category"] == "mass_connect_spam":
            first[a["subject_id"]] = min(a["ts"], first.get(a["subject_id"], a["ts"]))
    assert j["requests"]
    for subject, sent in j["requests"].items():
        assert subject in first, subject
        before = sum(1 for ts, _ in sent if ts <= first[subject])
        print(f"blind {gen} seed {seed}: fast connector {subject} flagged at request {before} of {len(sent)}")
        assert before <= 50, (subject, before)
