"""Learning from verdicts: reverts on overturn, one model per category, gating once it has learned."""

from __future__ import annotations

import json

import msgspec

from pipeline import events as ev
from pipeline.detectors import default_detectors
from pipeline.detectors.base import Finding
from pipeline.detectors.message_spam import MessageSpamDetector, Weights
from pipeline.engine import Engine
from pipeline.learning import NoveltyModel, VerdictModel
from pipeline.replay import ReplayRunner
from pipeline.sim.generate import generate
from pipeline.sim.scenario import load_scenario
from pipeline.sim.verdicts import cutoffs, merged, reviewed
from pipeline.state import DictKV

T0 = 1_767_225_600_000
HOUR = 3_600_000


class FanoutDetector:
    """Test detector: a connect request's note carries 'fanout,replies'; every request is a finding."""

    name = "fanout"
    accepts = (ev.ConnectRequest,)

    def handle(self, key, item, ctx):
        fanout, replies = (float(x) for x in item.note.split(","))
        ctx.report(
            Finding(
                subject_id=key,
                category="message_spam",
                score=0.7,
                reasons=["fanout"],
                evidence={"fanout": fanout, "replies": replies},
                detector=self.name,
                ts=ctx.ts,
                first_evidence_ts=ctx.ts,
            )
        )

    def forget(self, key, ctx):
        pass


def req(i: int, subject: str, fanout: float, replies: float, ts: int) -> str:
    return json.dumps(
        {
            "event_id": f"r{i}",
            "type": "connect_request",
            "ts": ts,
            "actor_id": subject,
            "target_id": "t",
            "note": f"{fanout},{replies}",
        }
    )


def verdict(i: int, subject: str, confirmed: bool, ts: int) -> str:
    return json.dumps(
        {
            "event_id": f"v{i}",
            "type": "verdict",
            "ts": ts,
            "subject_id": subject,
            "category": "message_spam",
            "verdict": "confirmed" if confirmed else "overturned",
            "reviewer": "ana",
        }
    )


def test_overturned_verdict_reverts_the_latest_action_and_confirmed_does_not():
    runner = ReplayRunner(Engine([FanoutDetector()]))
    acts = runner.run_lines(
        [
            req(1, "a", 50, 0, T0),
            req(2, "b", 5, 9, T0),
            verdict(1, "a", True, T0 + HOUR),
            verdict(2, "b", False, T0 + HOUR),
            verdict(3, "b", False, T0 + HOUR + 1),
        ]
    )
    reverts = [a for a in acts if a.action == "revert"]
    assert len(reverts) == 1  # a second overturn of the same decision reverts nothing new
    flagged_b = next(a for a in acts if a.subject_id == "b" and a.action == "review")
    assert reverts[0].subject_id == "b" and reverts[0].supersedes == flagged_b.action_id
    assert reverts[0].reasons == ["reviewer_overturned"]


def test_verdicts_train_one_model_per_category_and_then_gate_findings():
    eng = Engine([FanoutDetector()])
    eng.models.min_each = 3
    runner = ReplayRunner(eng)
    lines = []
    for i in range(8):  # spammers fan out with no replies; look-alikes get replies; verdicts an hour later
        lines += [req(i, f"s{i}", 60 + i, 0, T0 + i), req(100 + i, f"l{i}", 55 + i, 12, T0 + i)]
    for i in range(8):
        lines += [verdict(i, f"s{i}", True, T0 + HOUR + i), verdict(100 + i, f"l{i}", False, T0 + HOUR + i)]
    first = runner.run_lines(lines)
    assert sum(a.action == "revert" for a in first) == 8
    model = eng.models.models["message_spam"]
    assert model.version == 16 and model.ready
    later = runner.run_lines(
        [req(500, "new_spammer", 70, 0, T0 + 2 * HOUR), req(501, "new_lookalike", 58, 14, T0 + 2 * HOUR)]
    )
    assert {a.subject_id for a in later} == {"new_spammer"}
    assert later[0].model_version == "message_spam@16"
    assert 0.5 < later[0].evidence["p_confirmed"] <= 1.0


def test_model_snapshot_round_trips_and_is_not_a_pickle():
    m = VerdictModel("fake_follower", min_each=1)
    m.learn({"age_days": 1.0}, True)
    m.learn({"age_days": 900.0}, False)
    raw = m.to_bytes()
    assert json.loads(raw)["version"] == 2
    again = VerdictModel.from_bytes(raw)
    assert again.p_confirmed({"age_days": 3.0}) == m.p_confirmed({"age_days": 3.0})


def _flagged_after(actions: list, cut: dict[str, int]) -> set[tuple[str, str]]:
    """(subject, category) pairs first flagged after their category's last reviewed action."""
    first: dict[tuple[str, str], int] = {}
    for a in actions:
        if a.action != "revert":
            k = (a.subject_id, a.category)
            first[k] = min(first.get(k, a.ts), a.ts)
    return {k for k, t in first.items() if k[1] in cut and t > cut[k[1]]}


def _precision(flagged: set, positives: set) -> float:
    return len(flagged & positives) / len(flagged) if flagged else 1.0


def _engine_without_broadcasts() -> Engine:
    """The default detectors, with the message-spam detector as it was when this test was committed:
    before it told a broadcast (one text and one link pasted to an audience, who answer less) from
    spun copies. With that knowledge it no longer errs on this stream's event inviters, and the
    premise (a stream the detectors get wrong, precision <= 0.8) would not hold: what is shown here is
    that reviewers' verdicts teach what a detector's priors do not know."""
    old = Weights(varied=(0.5, 0.5), reply_broadcast=Weights().reply)
    return Engine(
        [
            MessageSpamDetector(weights=old) if isinstance(d, MessageSpamDetector) else d
            for d in default_detectors()
        ]
    )


def test_verdicts_on_the_first_third_raise_precision_afterwards_without_losing_true_positives():
    """Issue 5's must-show, on `lookalike-hard` (committed before measuring; never tuned on): a first
    replay's actions, reviewed by the labels for the first third of each category's actions, with the
    verdicts merged into the stream at action time + 1 h; a second replay learns from them as it goes.

    On the categories where reviewers overturned something, what is first flagged after the reviewed
    third starts at precision <= 0.8 and must come out higher, with every true positive of the first
    run still flagged."""
    sim = generate(load_scenario("lookalike-hard"))
    lines = [r.line for r in sim.records]
    positives = {(p["subject_id"], p["category"]) for p in sim.labels["positives"]}
    first = ReplayRunner(_engine_without_broadcasts()).run_lines(lines)
    verdicts = reviewed([msgspec.to_builtins(a) for a in first], sim.labels, share=1 / 3, delay_ms=HOUR)
    cut = cutoffs(verdicts, delay_ms=HOUR)
    taught = {v["category"] for v in verdicts if v["verdict"] == "overturned"}
    second = ReplayRunner(_engine_without_broadcasts()).run_lines(merged(lines, verdicts))

    before, after = _flagged_after(first, cut), _flagged_after(second, cut)
    rows = []
    for cat in sorted(cut):
        b, a = {k for k in before if k[1] == cat}, {k for k in after if k[1] == cat}
        rows.append((cat, len(b), _precision(b, positives), len(a), _precision(a, positives)))
    taught_before = {k for k in before if k[1] in taught}
    taught_after = {k for k in after if k[1] in taught}
    p0, p1 = _precision(taught_before, positives), _precision(taught_after, positives)
    print(f"\nverdicts: {len(verdicts)} ({sum(v['verdict'] == 'overturned' for v in verdicts)} overturned)")
    for cat, nb, pb, na, pa in rows:
        print(f"{cat:<20} flagged afterwards {nb:>5} -> {na:>5}   precision {pb:.3f} -> {pa:.3f}")
    print(f"categories with overturned verdicts {sorted(taught)}: precision {p0:.3f} -> {p1:.3f}")

    assert taught and p0 <= 0.8, (taught, p0)  # the premise: a stream the detectors alone get wrong
    assert p1 > p0
    lost = (before & positives) - after
    assert not lost, sorted(lost)
    assert any(a.action == "revert" for a in second)  # the reviewed look-alikes were reverted too


def test_cold_start_novelty_ranks_a_finding_unlike_the_bulk_first_and_snapshots_rebuild_exactly():
    """Before any verdict: findings are observed by a HalfSpaceTrees model on the category's model key;
    once a window is full, evidence carries `novelty`, higher for a finding unlike the bulk."""
    eng = Engine([FanoutDetector()])
    runner = ReplayRunner(eng)
    bulk = [req(i, f"b{i}", 50 + i % 7, i % 2, T0 + i * 1000) for i in range(130)]
    assert all("novelty" not in a.evidence for a in runner.run_lines(bulk[:90]))  # first window not full
    runner.run_lines(bulk[90:])
    later = {
        a.subject_id: a.evidence
        for a in runner.run_lines(
            [req(900, "typical", 53, 1, T0 + HOUR), req(901, "unusual", 4000, 60, T0 + HOUR + 1)]
        )
    }
    assert later["unusual"]["novelty"] > later["typical"]["novelty"], later
    assert later["typical"]["novelty_model"] == 100  # the latest published snapshot: one per window
    trained = eng.models.trainers["message_spam"]
    fresh = NoveltyModel.from_bytes(trained.to_bytes())  # a runner that never trained: grows its trees
    recounted = NoveltyModel.from_bytes(trained.to_bytes(), reuse=fresh)  # reuses them
    for x in ({"fanout": 70.0, "replies": 3.0}, {"fanout": 5.0, "replies": 0.0}, {"fanout": 52.0}):
        assert (
            fresh.score(x)
            == recounted.score(x)
            == trained.score(x)
            == eng.models.novelty_of("message_spam", x)[0]
        )


def test_verdict_for_an_unknown_decision_is_accepted_and_changes_nothing():
    eng = Engine([FanoutDetector()])
    scope = eng.open_scope(DictKV())
    v = ev.decode(verdict(9, "nobody", False, T0).encode())
    out = eng.deliver(scope, "nobody", v)
    assert out.status == "processed" and not out.actions and not out.forwards


def test_worker_learns_from_the_feedback_topic_as_replay_does_from_the_file(
    kafka_bootstrap, unique, tmp_path
):
    """The same events and verdicts: replay (verdict lines) and a worker (feedback topic) agree."""
    import pytest

    pytest.importorskip("faust")
    from tests.streams import lines, spam_stream
    from tests.workers import (
        TopicReader,
        WorkerProcess,
        create_all_topics,
        produce,
        settings_for,
        wait_for,
        worker_caught_up,
    )

    evs = lines(spam_stream(spammers=3, seed=7))
    first = ReplayRunner().run_lines(evs)
    latest = {
        a.subject_id: a for a in first if a.category == "mass_connect_spam"
    }  # the action verdicts judge
    mcs = sorted(latest.values(), key=lambda a: a.subject_id)
    assert len(mcs) == 3
    verdicts = [
        verdict(90 + i, a.subject_id, i != 0, a.ts + HOUR)
        .replace('"message_spam"', '"mass_connect_spam"')
        .encode()
        for i, a in enumerate(mcs)
    ]
    replayed = ReplayRunner().run_lines(evs + verdicts)
    reverts = [(a.action_id, a.subject_id, a.supersedes) for a in replayed if a.action == "revert"]
    assert [r[1:] for r in reverts] == [(mcs[0].subject_id, mcs[0].action_id)]
    flagged = {(a.subject_id, a.category) for a in replayed if a.action != "revert"}

    s = settings_for(kafka_bootstrap, unique)
    create_all_topics(s)
    produce(kafka_bootstrap, s, evs)
    worker = WorkerProcess(s, tmp_path / "state", tmp_path / "w.log").start()
    try:
        wait_for(lambda: worker_caught_up(s), 120, worker.describe, [worker])
        produce(kafka_bootstrap, s, verdicts)  # reviewers answer after the actions went out
        wait_for(lambda: worker_caught_up(s), 120, worker.describe, [worker])
        text = worker.metrics()
    finally:
        worker.stop()
    reader = TopicReader(kafka_bootstrap, s.topics.actions)
    wait_for(lambda: any(a["action"] == "revert" for a in (reader.poll() and reader.json())), 30)
    got = reader.json()
    reader.close()
    worker_latest = {
        a["subject_id"]: a for a in got if a["category"] == "mass_connect_spam" and a["action"] != "revert"
    }
    worker_reverts = [
        (a["action_id"], a["subject_id"], a["supersedes"]) for a in got if a["action"] == "revert"
    ]
    # The same revert id (subject, category, episode), withdrawing the worker's own latest decision.
    assert worker_reverts == [(reverts[0][0], "spam0", worker_latest["spam0"]["action_id"])]
    assert {(a["subject_id"], a["category"]) for a in got if a["action"] != "revert"} == flagged
    assert 'contactguard_rolling_precision{category="mass_connect_spam"} 0.6666' in text
    assert 'contactguard_model_version{category="mass_connect_spam"} 3.0' in text
