"""Lockstep clusters (CopyCatch / SynchroTrap style), found incrementally through MinHash pair keys.

Hand-built streams: a farm of lifeless accounts following the same non-popular targets within an hour
must form one cluster whose flag reaches every member; an onboarding wave following the same popular
accounts in its first minutes must never be flagged; state expires and is erased; pair keys spread
over partitions; a fake_follower finding carries the lockstep figures.
"""

from __future__ import annotations

import random
from collections import deque
from typing import Any

import msgspec

from pipeline.actions import Action
from pipeline.detectors import default_detectors
from pipeline.detectors.fake_follower import FakeFollowerDetector
from pipeline.detectors.follower_features import CohortFlag
from pipeline.detectors.lockstep import (
    BUCKET_STORE,
    KEY_PREFIX,
    LOCK_STORE,
    Bucket,
    LockstepDetector,
    LockstepFlag,
    LockstepSet,
    lockstep_evidence,
)
from pipeline.engine import Engine
from pipeline.keyed import partition_for
from pipeline.replay import ReplayRunner
from pipeline.sketch.lsh import DecayedCountMin, element_hash, minhash_pairs, pair_key
from pipeline.state import DictKV
from tests.streams import HOUR, MIN, T0, lines, profile, shuffled_within

DAY = 24 * HOUR
FARM_TARGETS = ("shop.deals", "crypto.tips", "fit.coach", "local.band")


def ev(eid: str, kind: str, ts: int, **fields: Any) -> dict[str, Any]:
    return {"event_id": eid, "type": kind, "ts": ts, **fields}


def background(n: int, rnd: random.Random, targets: list[str], per_member: int, until: int) -> list[dict]:
    """Living members (they message each other) who follow `targets` now and then over [T0, until)."""
    out: list[dict] = []
    for i in range(n):
        who = f"m{i}"
        out.append(
            ev(
                f"pm{i}",
                "profile_updated",
                T0,
                account_id=who,
                profile=profile(f"member.{i}", T0 - 800 * DAY),
            )
        )
        out.append(
            ev(
                f"mm{i}",
                "message_sent",
                T0 + i,
                actor_id=who,
                target_id=f"m{(i + 1) % n}",
                thread_id=f"t{i}",
                text="hi",
            )
        )
        for k, t in enumerate(rnd.sample(targets, per_member)):
            out.append(
                ev(
                    f"mf{i}-{k}",
                    "follow",
                    T0 + 1_000 + rnd.randrange(until - T0 - 1_000),
                    actor_id=who,
                    target_id=t,
                )
            )
    return out


def farm_stream(n: int = 30, seed: int = 3) -> list[dict]:
    """n old lifeless accounts follow the same 4 non-popular targets within one hour, 8 h into the stream."""
    rnd = random.Random(seed)
    out = background(40, rnd, [f"o{k}" for k in range(60)], 3, T0 + 8 * HOUR)
    start = T0 + 8 * HOUR
    for i in range(n):
        who = f"farm{i}"
        created = T0 - rnd.randrange(60, 900) * DAY
        out.append(
            ev(f"pf{i}", "profile_updated", T0, account_id=who, profile=profile(f"anna.lee{i}", created))
        )
        for k, t in enumerate(FARM_TARGETS):
            out.append(ev(f"ff{i}-{k}", "follow", start + rnd.randrange(50 * MIN), actor_id=who, target_id=t))
    return sorted(out, key=lambda e: e["ts"])


def farm() -> set[str]:
    return {f"farm{i}" for i in range(30)}


def records(kv: DictKV, store: str, vtype: type) -> dict[str, Any]:
    dec = msgspec.msgpack.Decoder(vtype)
    prefix = f"{store}:"
    return {k[len(prefix) :]: dec.decode(v[8:]) for k, v in kv.data.items() if k.startswith(prefix)}


def run(events: list[dict], detectors: list[Any]) -> tuple[ReplayRunner, list[Action]]:
    runner = ReplayRunner(Engine(detectors))
    return runner, runner.run_lines(lines(events))


def deliver(runner: ReplayRunner, key: str, item: Any) -> list[Action]:
    """Deliver a derived record to a key and everything it forwards, as the runners do."""
    actions: list[Action] = []
    queue: deque[tuple[str, Any]] = deque([(key, item)])
    while queue:
        k, it = queue.popleft()
        out = runner.engine.deliver(runner.scope, k, it)
        actions.extend(out.actions)
        queue.extend(out.forwards)
    return actions


def evidence_of(runner: ReplayRunner, who: str) -> dict[str, Any] | None:
    ctx = runner.scope.context
    ctx.key, ctx.ts = who, runner.scope.watermark
    return lockstep_evidence(ctx, who)[0]


# ----- (a) a farm forms one cluster, and its flag reaches every member ---------------------------------
def test_farm_following_the_same_targets_forms_one_cluster_flagged_to_every_member() -> None:
    runner, _ = run(farm_stream(), default_detectors())
    kv = runner.scope.kv
    assert isinstance(kv, DictKV)
    clustered = {k: b for k, b in records(kv, BUCKET_STORE, Bucket).items() if b.episode}
    assert clustered, "no pair key found the farm"
    for b in clustered.values():  # one group: every episode is the farm's, on the farm's targets
        assert {m[0] for m in b.members if m[4]} <= farm()
        assert {b.a, b.b} <= set(FARM_TARGETS)
    sizes = []
    for who in sorted(farm()):
        evidence = evidence_of(runner, who)
        assert evidence is not None, f"{who} never got the lockstep flag"
        assert who in evidence["members"] and set(evidence["members"]) <= farm()
        assert evidence["cluster_size"] >= 20 and not evidence["members_truncated"]
        assert set(evidence["shared_targets"]) <= set(FARM_TARGETS) and len(evidence["shared_targets"]) >= 2
        assert evidence["window_end"] - evidence["window_start"] <= HOUR
        sizes.append(evidence["cluster_size"])
    assert max(sizes) == 30  # the last to join sees the whole farm
    for who in (f"m{i}" for i in range(40)):
        assert evidence_of(runner, who) is None


def test_solo_lockstep_reports_every_lifeless_farm_member_with_the_cluster_as_evidence() -> None:
    """With `solo`, the flag alone reports (burst detector left out so no other route can)."""
    _, actions = run(farm_stream(), [LockstepDetector(solo=True), FakeFollowerDetector()])
    reported = {a.subject_id: a for a in actions if a.category == "fake_follower"}
    assert set(reported) == farm()
    for a in reported.values():
        assert "lockstep_cluster" in a.reasons and a.detector == "lockstep"
        lock = a.evidence["lockstep"]
        assert a.subject_id in lock["members"] and set(lock["members"]) <= farm()
        assert lock["cluster_size"] >= 20 and a.evidence["lockstep_cluster_size"] == lock["cluster_size"]


def test_fake_follower_finding_carries_the_lockstep_figures() -> None:
    """A burst member that is also in a lockstep cluster: reason, score and figures in the finding. A
    cluster that is a wave of new accounts is shown but adds nothing (onboarding looks like that)."""
    runner = ReplayRunner(Engine([LockstepDetector(), FakeFollowerDetector()]))
    evs = [ev("f0", "follow", T0, actor_id="m0", target_id="o1")]  # the partition starts watching
    for who in ("x", "y", "z"):
        evs.append(
            ev(
                f"p{who}",
                "profile_updated",
                T0,
                account_id=who,
                profile=profile(f"{who}.name", T0 - 500 * DAY),
            )
        )
        evs.append(ev(f"f{who}", "follow", T0 + 5 * HOUR, actor_id=who, target_id="shop.deals"))
    runner.run_lines(lines(evs))
    members = [f"farm{i}" for i in range(24)] + ["x"]
    flag = LockstepFlag(
        event_id=f"{KEY_PREFIX}1/{T0}/x",
        ts=T0 + 5 * HOUR + MIN,
        bucket=f"{KEY_PREFIX}1",
        episode=T0 + 5 * HOUR,
        targets=["shop.deals", "crypto.tips"],
        follow_ts=[T0 + 5 * HOUR, T0 + 5 * HOUR + 60_000],
        cluster_size=25,
        members=members,
        window_start=T0 + 5 * HOUR,
        window_end=T0 + 5 * HOUR + 30 * MIN,
        young_share=0.0,
    )
    assert not deliver(runner, "x", flag)  # alone: evidence only, no action
    wave_flag = msgspec.structs.replace(flag, event_id=f"{KEY_PREFIX}1/{T0}/z", young_share=0.9)
    assert not deliver(runner, "z", wave_flag)
    acts = {}
    for who in ("x", "y", "z"):
        cohort = CohortFlag(
            event_id=f"f{who}",
            ts=T0 + 5 * HOUR + 2 * MIN,
            follow_ts=T0 + 5 * HOUR,
            target="shop.deals",
            spread=0,
            young_share=0.0,
            score=0.6,
            cohort=40,
            reasons=["fast_burst", "lifeless_cohort"],
        )
        (acts[who],) = deliver(runner, who, cohort)
    x, y = acts["x"], acts["y"]
    assert "lockstep_cluster" in x.reasons and "lockstep_cluster" not in y.reasons
    assert x.score == round(y.score + 0.05, 4)
    lock = x.evidence["lockstep"]
    assert lock["cluster_size"] == 25 and lock["members"] == members
    assert lock["shared_targets"] == ["crypto.tips", "shop.deals"]
    assert (lock["window_start"], lock["window_end"]) == (T0 + 5 * HOUR, T0 + 5 * HOUR + 30 * MIN)
    assert "lockstep" not in y.evidence
    z = acts["z"]
    assert "lockstep_cluster" not in z.reasons and z.score == y.score
    assert z.evidence["lockstep"]["young_share"] == 0.9


# ----- (b) an onboarding wave is lockstep too, and is never flagged ------------------------------------
POPULAR = [f"p{k}" for k in range(5)]


def onboarding_stream(seed: int = 5) -> list[dict]:
    """300 living members follow 5 popular accounts all day; then 60 sign-ups follow all 5 in their first
    minutes, and later show life."""
    rnd = random.Random(seed)
    out = background(300, rnd, POPULAR + [f"o{k}" for k in range(200)], 3, T0 + 6 * HOUR)
    start = T0 + 6 * HOUR
    for i in range(60):
        who, t = f"w{i}", start + rnd.randrange(20 * MIN)
        out.append(
            ev(f"wc{i}", "account_created", t, account_id=who, profile=profile(f"newbie{i}", t, photo=False))
        )
        for k, p in enumerate(POPULAR):
            out.append(
                ev(
                    f"wf{i}-{k}",
                    "follow",
                    t + 30_000 + k * 20_000 + rnd.randrange(60_000),
                    actor_id=who,
                    target_id=p,
                )
            )
        out.append(
            ev(
                f"wm{i}",
                "message_sent",
                t + 40 * MIN,
                actor_id=who,
                target_id=f"m{i}",
                thread_id=f"wt{i}",
                text="hello!",
            )
        )
    return sorted(out, key=lambda e: e["ts"])


def wave() -> set[str]:
    return {f"w{i}" for i in range(60)}


def with_solo(pop_share: float | None = None) -> list[Any]:
    """Lockstep allowed to report alone (the strictest setting for look-alikes). The burst detector is
    left out: this hand-built crowd is not a realistic null-model background, and the question here is
    only whether lockstep flags the wave (the simulator's waves are checked by the holdout tests)."""
    kwargs = {} if pop_share is None else {"pop_share": pop_share}
    return [LockstepDetector(solo=True, **kwargs), FakeFollowerDetector()]


def test_onboarding_wave_following_popular_accounts_is_never_flagged() -> None:
    runner, actions = run(onboarding_stream(), with_solo())
    assert not [a for a in actions if a.subject_id in wave() or a.subject_id in POPULAR]
    kv = runner.scope.kv
    assert isinstance(kv, DictKV)
    buckets = records(kv, BUCKET_STORE, Bucket).values()
    assert not [b for b in buckets if b.a in POPULAR or b.b in POPULAR]  # popular targets are left out


def test_onboarding_wave_is_lockstep_but_lockstep_alone_does_not_flag_it() -> None:
    """Popularity exclusion off: the wave does form a cluster, and still nobody in it is flagged."""
    runner, actions = run(onboarding_stream(), with_solo(pop_share=2.0))
    clustered = [w for w in wave() if evidence_of(runner, w) is not None]
    assert len(clustered) >= 50
    assert not [a for a in actions if a.subject_id in wave() or a.subject_id in POPULAR]


# ----- (c) state expires and is erased -----------------------------------------------------------------
def test_lockstep_state_expires_and_is_erased_on_account_deleted() -> None:
    det = LockstepDetector()
    assert all(ttl is not None and 0 < ttl <= 30 * DAY for _, _, ttl in det.stores)
    runner, _ = run(farm_stream(), default_detectors())
    kv = runner.scope.kv
    assert isinstance(kv, DictKV)
    per_key = (f"{LOCK_STORE}:", f"{BUCKET_STORE}:")
    assert f"{LOCK_STORE}:farm0" in kv.data and any(k.startswith(f"{BUCKET_STORE}:") for k in kv.data)
    end = runner.scope.watermark
    runner.run_lines(lines([ev("del0", "account_deleted", end + 1, account_id="farm0")]))
    assert f"{LOCK_STORE}:farm0" not in kv.data
    assert f"{LOCK_STORE}:farm1" in kv.data
    runner.scope.watermark += 2 * DAY  # two days of event time later, with nothing new
    runner.scope.sweep()
    assert not [k for k in kv.data if k.startswith(per_key)]


# ----- (d) pair keys spread over partitions ------------------------------------------------------------
def test_one_clusters_pair_keys_land_on_several_partitions() -> None:
    runner, _ = run(farm_stream(), default_detectors())
    kv = runner.scope.kv
    assert isinstance(kv, DictKV)
    keys = [k for k, b in records(kv, BUCKET_STORE, Bucket).items() if b.episode]
    assert len(keys) >= 2 and all(k.startswith(KEY_PREFIX) for k in keys)
    assert len({partition_for(k, 4) for k in keys}) > 1, keys


# ----- order, duplicates, sketches ---------------------------------------------------------------------
def test_shuffled_and_duplicated_arrival_flags_the_same_members() -> None:
    evs = farm_stream()
    rnd = random.Random(9)
    noisy = shuffled_within(evs + rnd.sample(evs, len(evs) // 5), 10 * MIN, seed=4)
    for stream in (evs, noisy):
        runner, _ = run(stream, default_detectors())
        assert {w for w in farm() | {f"m{i}" for i in range(40)} if evidence_of(runner, w)} == farm()


def test_member_records_stay_bounded() -> None:
    """A heavy lifeless follower keeps at most 32 targets and 8 pair keys."""
    evs = [ev(f"h{k}", "follow", T0 + k * MIN, actor_id="heavy", target_id=f"t{k}") for k in range(300)]
    runner, _ = run(evs, default_detectors())
    kv = runner.scope.kv
    assert isinstance(kv, DictKV)
    rec = records(kv, LOCK_STORE, LockstepSet)["heavy"]
    assert len(rec.follows) == 32 and len(rec.sent) <= 8
    assert all(len(b.members) <= 64 for b in records(kv, BUCKET_STORE, Bucket).values())


def test_minhash_pairs_agree_with_set_similarity() -> None:
    base = [f"t{k}" for k in range(10)]
    xs = [element_hash(t) for t in base]

    def keys(ids: list[str]) -> set[int]:
        hs = [element_hash(t) for t in ids]
        return {pair_key(hs[i], hs[j]) for i, j in minhash_pairs(hs)}

    assert keys(base) == keys(list(reversed(base)))  # a set, not a sequence
    assert pair_key(xs[0], xs[1]) == pair_key(xs[1], xs[0])
    rnd = random.Random(1)
    near = far = 0
    for trial in range(200):
        a = [f"s{trial}-{k}" for k in range(10)]
        near += bool(keys(a) & keys(a[:9] + [f"x{trial}"]))  # Jaccard 9/11
        far += bool(keys(a) & keys([f"y{trial}-{k}" for k in range(8)] + rnd.sample(a, 2)))  # Jaccard 2/16
    assert near >= 190 and far <= 20, (near, far)


def test_popularity_sketch_round_trips_and_shares_are_relative() -> None:
    sk = DecayedCountMin(half_life_ms=HOUR)
    for i in range(2_000):
        sk.add(element_hash("star" if i % 10 == 0 else f"u{i}"), T0 + i * 1_000)
    again = DecayedCountMin.from_bytes(sk.to_bytes())
    star, nobody = element_hash("star"), element_hash("nobody")
    assert again.share(star, T0) == sk.share(star, T0) > 0.08
    assert sk.share(nobody, T0) < 0.01
    assert 0.0 < sk.decayed_total(T0 + 10 * HOUR) < sk.decayed_total(T0 + 2_000_000) <= 2_000


def test_lockstep_is_a_default_detector_ahead_of_the_follower_detectors() -> None:
    names = [type(d).__name__ for d in default_detectors()]
    assert names.index("LockstepDetector") < names.index("FakeFollowerDetector")
    assert "FollowerBurstDetector" in names  # the burst route is still there
