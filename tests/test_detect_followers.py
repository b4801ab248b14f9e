"""Issue 3: bot-follower bursts and the fake followers behind them, without flagging real surges.

The judging figures come from the committed holdout scenarios, generated here and replayed through the
follower detectors (alone, so another category's detector cannot make these tests fail); the detectors
were tuned on dev-* streams only. Smaller tests pin the parts: username randomness on real names from
many languages, bounded state, arrival-order insensitivity, restart from checkpoints, erasure.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from pipeline import events as ev
from pipeline.detectors.fake_follower import FakeFollowerDetector
from pipeline.detectors.follower_burst import (
    LOG_STORE,
    MODEL_STORE,
    STATE_STORE,
    FollowerBurstDetector,
    NullModel,
    poisson_cdf,
)
from pipeline.detectors.follower_features import LIFE_STORE, FollowFeatures
from pipeline.detectors.lockstep import LockstepDetector
from pipeline.engine import Engine
from pipeline.replay import ReplayRunner
from pipeline.scorecard import Scorecard, score
from pipeline.sim.generate import Replay, generate
from pipeline.sim.scenario import load_scenario
from pipeline.sketch.namescore import CRUDE, name_randomness
from pipeline.state import DictKV
from tests.streams import MIN, T0, lines, profile, spam_stream

HOLDOUTS = ("holdout-1", "holdout-2", "holdout-3")
CATEGORIES = ("bot_follower_burst", "fake_follower")
DAY = 86_400_000


def follower_engine() -> Engine:
    """The follower detectors as `default_detectors()` runs them (lockstep first: evidence for members)."""
    return Engine([LockstepDetector(), FakeFollowerDetector(), FollowerBurstDetector()])


@functools.cache
def simulated(name: str) -> Replay:
    return generate(load_scenario(name))


@functools.cache
def replayed(name: str) -> tuple[Scorecard, list[dict[str, Any]]]:
    sim = simulated(name)
    actions = ReplayRunner(follower_engine()).run_lines([r.line for r in sim.records])
    rows = [msgspec.to_builtins(a) for a in actions]
    return score(rows, sim.labels), rows


def figures(card: Scorecard) -> str:
    """The measured figures, for failure messages and xfail reasons."""
    out = []
    for c in card.categories:
        if c.category in CATEGORIES:
            out.append(
                f"{c.category}: P={c.precision} R={c.recall} F1={c.f1} (tp {c.tp} fp {c.fp} fn {c.fn})"
            )
    out += [
        f"{r.attack}/{r.category}: {r.detected}/{r.positives}"
        for r in card.by_attack
        if r.category in CATEGORIES
    ]
    out.append(
        f"look-alikes flagged: {[(f.kind, f.subject_id, f.category) for f in card.lookalikes_flagged]}"
    )
    return "; ".join(out)


# ----- holdout targets ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", HOLDOUTS)
def test_holdout_f1_per_category_and_attack_type(name: str) -> None:
    """F1 >= 0.9 for both categories; per attack type, F1 from its recall and the category's precision."""
    card, _ = replayed(name)
    for c in card.categories:
        if c.category in CATEGORIES and c.positives:
            assert c.f1 is not None and c.f1 >= 0.9, figures(card)
    precision = {c.category: c.precision or 0.0 for c in card.categories}
    for r in card.by_attack:
        if r.category in CATEGORIES:
            p, rec = precision[r.category], r.recall or 0.0
            f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
            assert f1 >= 0.9, f"{r.attack}/{r.category} F1 {f1:.3f}; " + figures(card)


@pytest.mark.parametrize("name", HOLDOUTS)
def test_holdout_no_lookalike_flagged(name: str) -> None:
    card, _ = replayed(name)
    assert not card.lookalikes_flagged, figures(card)


@pytest.mark.parametrize("name", HOLDOUTS)
def test_holdout_fast_bursts_flagged_within_15_minutes(name: str) -> None:
    card, _ = replayed(name)
    fast = [d for d in card.delays if d.attack == "burst_fast"]
    for d in fast:
        assert d.delay_ms is not None and d.delay_ms <= 15 * MIN, (d, figures(card))


@pytest.mark.parametrize("name", HOLDOUTS)
def test_holdout_burst_actions_carry_the_cohort(name: str) -> None:
    """Each flagged target gets quarantine_followers with its cohort: member ids (capped at 200) and count."""
    _, rows = replayed(name)
    bursts = [a for a in rows if a["category"] == "bot_follower_burst"]
    assert bursts
    quarantined = {a["subject_id"] for a in bursts if a["action"] == "quarantine_followers"}
    assert quarantined == {a["subject_id"] for a in bursts}
    for a in bursts:
        evidence = a["evidence"]
        ids = evidence["cohort_member_ids"]
        assert 0 < len(ids) <= 200 and evidence["cohort_size"] >= len(ids)
        assert "text" not in json.dumps(evidence)


# ----- profile-only scoring fails on the sophisticated farm --------------------------------------------
def profile_suspicion(p: dict[str, Any], ts: int) -> float:
    """A reasonable profile-only scorer: no photo, empty bio, machine-made handle, new, name as handle."""
    age_days = (ts - p["created_at"]) / DAY
    return (
        0.35 * (not p["has_photo"])
        + 0.25 * (not p["bio"])
        + 0.4 * name_randomness(p["username"])
        + 0.3 * (age_days < 30)
        + 0.1 * (p["display_name"] == p["username"])
    )


def best_profile_only_f1(sim: Replay, attack: str) -> tuple[float, int]:
    """F1 of the profile scorer on one attack's fake followers, at the best threshold chosen with hindsight.

    Candidates: every account with a known profile that followed someone; other farms' accounts are left
    out so that the scorer is only asked to tell this farm's accounts from people.
    """
    labels = sim.labels
    wanted = {
        p["subject_id"]
        for p in labels["positives"]
        if p["category"] == "fake_follower" and p["attack"] == attack
    }
    other_bots = {p["subject_id"] for p in labels["positives"] if p["category"] == "fake_follower"} - wanted
    profiles: dict[str, dict[str, Any]] = {}
    scores: dict[str, float] = {}
    for rec in sim.records:
        e = json.loads(rec.line)
        if e["type"] in ("account_created", "profile_updated"):
            profiles[e["account_id"]] = e["profile"]
        elif e["type"] == "follow" and e["actor_id"] in profiles and e["actor_id"] not in other_bots:
            a = e["actor_id"]
            scores[a] = max(scores.get(a, 0.0), profile_suspicion(profiles[a], e["ts"]))
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    positives = sum(1 for a in scores if a in wanted)
    best, tp = 0.0, 0
    for i, (a, _) in enumerate(ranked, 1):
        tp += a in wanted
        best = max(best, 2 * tp / (i + positives))
    return best, positives


def test_profile_only_fails_on_sophisticated_farm_while_detectors_catch_it() -> None:
    checked = 0
    for name in HOLDOUTS:
        sim = simulated(name)
        f1, positives = best_profile_only_f1(sim, "burst_sophisticated")
        if not positives:
            continue
        checked += 1
        assert f1 < 0.5, f"{name}: profile-only F1 {f1:.3f} on {positives} sophisticated fake followers"
        card, _ = replayed(name)
        precision = next(c.precision for c in card.categories if c.category == "fake_follower") or 0.0
        recall = next(
            r.recall
            for r in card.by_attack
            if (r.attack, r.category) == ("burst_sophisticated", "fake_follower")
        )
        assert recall is not None and 2 * precision * recall / (precision + recall) >= 0.9, figures(card)
    assert checked, "no holdout has a sophisticated farm"


# ----- username randomness -----------------------------------------------------------------------------
REAL_NAMES = [
    "nguyen.thi.huong",
    "oluwaseun_adebayo",
    "zhang_wei",
    "aleksandr.petrov",
    "siobhan.nic.a.bhaird",
    "maria1987",
    "przemyslaw.strzelecki",
    "krzysztof_szczepanski",
    "wojciech.brzeczyszczykiewicz",
    "schmidt.jonas",
    "mkrtchyan",
    "gwyn.llwyd",
    "dafydd.rhys",
    "chukwuemeka",
    "nnamdi_okafor",
    "iqbal.ahmed",
    "lakshmi.krishnan",
    "venkatesh_subramanyam",
    "mthembu.sipho",
    "ndlovu.thandi",
    "tshepo.dlamini",
    "bjorn.kjellberg",
    "tsegaye_gebremariam",
    "huynh.thanh",
    "nakamura.ryo",
    "hwang.byung.chul",
    "kwabena.mensah",
    "dmitry_ivanov87",
    "the.james.smith",
    "bcampbell",
    "aarav_football",
    "jose.garcia.2001",
    "Алексей Петров",
    "Ольга Смирнова",
    "张伟",
    "山田 太郎",
    "김민준",
    "محمد علي",
    "राहुल शर्मा",
    "Nguyễn Thị Hương",
    "Łukasz Wiśniewski",
    "Søren Kierkegaard",
    "Zoë Ørsted",
]
FARM_HANDLES = ["qzkvw84019375", "bqaxk123456", "kbtrm4820193", "xzvplq9182734", "hdwkrt55120934"]


def test_username_randomness_spares_real_names_and_flags_letter_soup() -> None:
    for n in REAL_NAMES:
        assert name_randomness(n) < 0.3, n
    for n in FARM_HANDLES:
        assert name_randomness(n) >= CRUDE, n
    # a platform's default handle is digits, not soup: in between, below the farm threshold
    assert 0.3 <= name_randomness("user1234567") < CRUDE


# ----- state, order, restarts, erasure -----------------------------------------------------------------
def test_every_store_has_a_ttl_and_account_state_expires() -> None:
    dets = [FakeFollowerDetector(), FollowerBurstDetector()]
    for det in dets:
        for name, _, ttl in det.stores:
            assert ttl is not None and ttl > 0, name
    runner = ReplayRunner(Engine(dets))
    runner.run_lines([r.line for r in simulated("small").records])
    kv = runner.scope.kv
    assert isinstance(kv, DictKV)
    per_account = (f"{LIFE_STORE}:", f"{STATE_STORE}:", f"{LOG_STORE}:")
    assert any(k.startswith(per_account) for k in kv.data)
    runner.scope.watermark += 31 * DAY  # a month of event time later, with nothing new
    runner.scope.sweep()
    assert not [k for k in kv.data if k.startswith(per_account)]


def test_shuffled_and_duplicated_arrival_gives_the_same_bursts() -> None:
    """Arrival order inside the lateness bound (and redelivery) does not change who is flagged."""
    recs = [json.loads(r.line) for r in simulated("small").records]

    def flagged(events: list[dict[str, Any]]) -> dict[str, set[str]]:
        acts = ReplayRunner(follower_engine()).run_lines(lines(events))
        return {c: {a.subject_id for a in acts if a.category == c} for c in CATEGORIES}

    base = flagged(recs)
    rnd = random.Random(5)
    noisy = sorted(recs + rnd.sample(recs, len(recs) // 10), key=lambda e: e["ts"] + rnd.uniform(0, 10 * MIN))
    again = flagged(noisy)
    assert again["bot_follower_burst"] == base["bot_follower_burst"]
    common = base["fake_follower"] & again["fake_follower"]
    assert len(common) >= 0.98 * max(len(base["fake_follower"]), len(again["fake_follower"]))


def test_restart_restores_models_and_gives_the_same_bursts() -> None:
    """MIDAS and the river model are checkpointed into the store; a new scope on the same KV resumes."""
    recs = [r.line for r in simulated("small").records]
    whole = {(a.subject_id, a.category) for a in ReplayRunner(follower_engine()).run_lines(recs)}
    kv = DictKV()
    first = ReplayRunner(follower_engine(), kv)
    half = len(recs) // 2
    acts = first.run_lines(recs[:half])
    assert f"{MODEL_STORE}:ckpt" in kv.data
    second = ReplayRunner(follower_engine(), kv)  # process restart: locals gone, state kept
    acts += second.run_lines(recs[half:])
    models = second.scope.locals[MODEL_STORE]
    assert models.epoch == first.scope.locals[MODEL_STORE].epoch
    resumed = {(a.subject_id, a.category) for a in acts}
    bursts = {s for s, c in whole if c == "bot_follower_burst"}
    assert bursts and {s for s, c in resumed if c == "bot_follower_burst"} == bursts
    fakes, fakes2 = (
        {s for s, c in whole if c == "fake_follower"},
        {s for s, c in resumed if c == "fake_follower"},
    )
    assert len(fakes & fakes2) >= 0.95 * len(fakes)


def test_account_deleted_forgets_follower_and_target_state() -> None:
    det_f, det_b = FakeFollowerDetector(), FollowerBurstDetector()
    runner = ReplayRunner(Engine([det_f, det_b]))
    evs: list[dict[str, Any]] = [
        {
            "event_id": "p-t",
            "type": "profile_updated",
            "ts": T0,
            "account_id": "t",
            "profile": profile("tee", T0 - 900 * DAY),
        },
        {
            "event_id": "p-a",
            "type": "profile_updated",
            "ts": T0,
            "account_id": "a",
            "profile": profile("ay", T0 - 900 * DAY),
        },
        {"event_id": "f1", "type": "follow", "ts": T0 + 1, "actor_id": "a", "target_id": "t"},
    ]
    runner.run_lines(lines(evs))
    kv = runner.scope.kv
    assert isinstance(kv, DictKV)
    assert f"{LIFE_STORE}:a" in kv.data and f"{STATE_STORE}:t" in kv.data
    runner.run_lines(
        lines(
            [
                {"event_id": "d-a", "type": "account_deleted", "ts": T0 + 2, "account_id": "a"},
                {"event_id": "d-t", "type": "account_deleted", "ts": T0 + 3, "account_id": "t"},
            ]
        )
    )
    assert f"{LIFE_STORE}:a" not in kv.data and f"{STATE_STORE}:t" not in kv.data
    assert not [k for k in kv.data if k.startswith(f"{LOG_STORE}:t|")]


def test_ordinary_members_following_each_other_are_not_flagged() -> None:
    acts = ReplayRunner(follower_engine()).run_lines(lines(spam_stream()))
    assert not [a for a in acts if a.category in CATEGORIES]


def test_null_model_probability_is_rivers() -> None:
    m = NullModel()
    x = {"log_obs": 0.7, "young": 0.0, "no_profile": 1.0, "bare": 0.0}
    for i in range(200):
        m.learn(
            {"log_obs": (i % 9) / 3, "young": float(i % 5 == 0), "no_profile": 0.0, "bare": 0.0}, i % 3 == 0
        )
    assert m.p_alive(x) == pytest.approx(m.lr.predict_proba_one(x)[True], rel=1e-9)
    assert NullModel().p_alive(x) < 0.05  # untrained: nobody is expected to show life


def test_poisson_lower_tail() -> None:
    assert poisson_cdf(0, 10.0) == pytest.approx(4.54e-5, rel=1e-2)
    assert poisson_cdf(2, 4.0) == pytest.approx(0.2381, rel=1e-3)
    assert poisson_cdf(5, 4.0) == 1.0


def _ordinary_members(rnd: random.Random, talks: Callable[[int], bool]) -> list[dict[str, Any]]:
    """400 old members over 4 hours, the ones `talks` picks writing a message, each following two of the
    members 200-399: ordinary life for the null model to learn from."""
    evs: list[dict[str, Any]] = []
    n = 0
    for i in range(400):
        who = f"m{i}"
        evs.append(
            {
                "event_id": f"pm{i}",
                "type": "profile_updated",
                "ts": T0 + i,
                "account_id": who,
                "profile": profile(f"member.{i}", T0 - 700 * DAY),
            }
        )
        if talks(i):
            t = T0 + rnd.randrange(3_600_000 * 4)
            evs.append(
                {
                    "event_id": f"ms{i}",
                    "type": "message_sent",
                    "ts": t,
                    "actor_id": who,
                    "target_id": f"m{(i + 1) % 400}",
                    "thread_id": f"th{i}",
                    "text": "see you then",
                }
            )
        for _ in range(2):
            n += 1
            evs.append(
                {
                    "event_id": f"fo{n}",
                    "type": "follow",
                    "ts": T0 + rnd.randrange(3_600_000 * 4),
                    "actor_id": who,
                    "target_id": f"m{rnd.randrange(200, 400)}",
                }
            )
    return evs


def test_lifeless_old_cohort_is_a_burst_but_a_living_crowd_is_not() -> None:
    """Same profiles, same rate: the cohort that never shows life is flagged, the living crowd is not."""

    def stream(alive: bool) -> list[dict[str, Any]]:
        rnd = random.Random(3)
        start = T0 + 4 * 3_600_000
        # ordinary life before the burst: members who talk and get followed
        evs = _ordinary_members(rnd, lambda i: alive or i >= 200)
        for i in range(150):  # the burst: 150 of the first 200 members follow one account within 40 min
            evs.append(
                {
                    "event_id": f"b{i}",
                    "type": "follow",
                    "ts": start + rnd.randrange(40 * MIN),
                    "actor_id": f"m{i}",
                    "target_id": "target",
                }
            )
        return sorted(evs, key=lambda e: e["ts"])

    lifeless = {
        (a.subject_id, a.category) for a in ReplayRunner(follower_engine()).run_lines(lines(stream(False)))
    }
    living = {
        (a.subject_id, a.category) for a in ReplayRunner(follower_engine()).run_lines(lines(stream(True)))
    }
    assert ("target", "bot_follower_burst") in lifeless
    assert not [p for p in living if p[1] in CATEGORIES]


def _signup_wave(lag_ms: int) -> list[dict[str, Any]]:
    """Members who talk and follow each other for 4 hours (the null model's sample), then 150 bare, lifeless
    accounts follow `school` within 40 minutes, each `lag_ms` after its account was created."""
    rnd = random.Random(5)
    evs = _ordinary_members(rnd, lambda i: i % 2 == 1)
    start = T0 + 5 * 60 * MIN
    for i in range(150):
        t = start + rnd.randrange(40 * MIN)
        created = t - lag_ms
        who = f"s{i}"
        evs.append(
            {
                "event_id": f"ac{i}",
                "type": "account_created",
                "ts": created,
                "account_id": who,
                "profile": profile(
                    f"{rnd.choice(('ana', 'rui', 'iria'))}.{rnd.choice(('lopez', 'sousa'))}{i}",
                    created,
                    photo=False,
                    bio="",
                ),
            }
        )
        evs.append({"event_id": f"w{i}", "type": "follow", "ts": t, "actor_id": who, "target_id": "school"})
    return sorted(evs, key=lambda e: e["ts"])


def test_a_sign_up_wave_is_not_a_lifeless_cohort_and_the_same_accounts_a_day_old_are():
    """150 new accounts follow their school in their first minutes (the platform's sign-up step): they
    have had no time to show life, so their silence is no evidence, and the wave is not flagged (the
    blind generators' intake waves, flagged before). The same bare, lifeless accounts following a day
    after they were created are a lifeless cohort, and flagged."""
    wave = ReplayRunner(follower_engine()).run_lines(lines(_signup_wave(3 * MIN)))
    assert not [a for a in wave if a.category in CATEGORIES]
    aged = ReplayRunner(follower_engine()).run_lines(lines(_signup_wave(DAY)))
    bursts = [a for a in aged if a.category == "bot_follower_burst"]
    assert [a.subject_id for a in bursts][:1] == ["school"]
    assert "lifeless_cohort" in bursts[0].reasons and bursts[0].evidence["signing_up_share"] == 0.0


def test_follow_features_carry_no_profile_text() -> None:
    fields = set(FollowFeatures.__struct_fields__)
    assert not fields & {"username", "display_name", "bio", "text"}
    assert ev.Follow  # the record is built from the follow and figures derived from the profile


def test_browsing_counts_as_a_farms_cover_only_in_an_old_cohort_that_browses_alike():
    """A sophisticated farm's accounts each add a few cover follows around the customer's, so the
    "browsing session" exemption spared 40% of them (the blind gen3 streams). Browsing stays a
    bystander's alibi for young members, in young cohorts (sign-up waves) and where few browse."""
    from pipeline.detectors.follower_features import DAY_MS, CohortFlag

    def flag(young_share: float, spread_share: float) -> CohortFlag:
        return CohortFlag(
            event_id="e",
            ts=T0,
            follow_ts=T0,
            target="t",
            spread=3,
            young_share=young_share,
            score=0.5,
            cohort=40,
            reasons=[],
            spread_share=spread_share,
        )

    old = ev.Profile(
        username="ana.lopez", display_name="Ana", bio="", has_photo=True, created_at=T0 - 200 * DAY_MS
    )
    new = ev.Profile(
        username="ana.lopez", display_name="Ana", bio="", has_photo=False, created_at=T0 - DAY_MS
    )
    cover = FakeFollowerDetector.cover
    assert cover(old, flag(0.0, 0.3))
    assert not cover(old, flag(0.0, 0.05))  # a few bystanders browsing during a burst
    assert not cover(old, flag(0.5, 0.3))  # a cohort with young members: a wave, not an aged farm
    assert not cover(new, flag(0.0, 0.3))
    assert not cover(None, flag(0.0, 0.3))  # profile unknown: no judgement of age
