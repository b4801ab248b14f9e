"""Policy: ladder and modes, burst-target protection, allowlist, the enforcement cap, escalation."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import events as ev
from pipeline.detectors.base import Finding
from pipeline.engine import Engine
from pipeline.policy import Policy, PolicyError, PolicyWatcher, Rule
from pipeline.state import DictKV

T0 = 1_767_225_600_000


class ScoreFromNote:
    """A test detector: every connect request reports a finding whose score is the note, as a number."""

    name = "score_from_note"
    accepts = (ev.ConnectRequest,)

    def handle(self, key, item, ctx):
        cat = "bot_follower_burst" if item.target_id == "burst" else "mass_connect_spam"
        ctx.report(
            Finding(
                subject_id=key,
                category=cat,
                score=float(item.note),
                reasons=["test"],
                evidence={},
                detector=self.name,
                ts=ctx.ts,
                first_evidence_ts=ctx.ts,
            )
        )

    def forget(self, key, ctx):
        pass


def run(policy: Policy, findings: list[tuple[str, float, int]], target: str = "x") -> list:
    eng = Engine([ScoreFromNote()], policy=policy)
    scope = eng.open_scope(DictKV())
    actions = []
    for i, (subject, score, ts) in enumerate(findings):
        req = ev.ConnectRequest(event_id=f"e{i}", ts=ts, actor_id=subject, target_id=target, note=str(score))
        actions += list(eng.deliver(scope, subject, req).actions)
    return actions


ENFORCE = Policy(
    version="t-1",
    rules=[
        Rule("mass_connect_spam", 0.0, "review", "enforce"),
        Rule("mass_connect_spam", 0.9, "suspend", "enforce"),
        Rule("bot_follower_burst", 0.0, "quarantine_followers", "enforce"),
    ],
    enforce_cap_per_minute=2,
)


def test_escalation_supersedes_and_weaker_actions_are_not_repeated():
    acts = run(
        ENFORCE.__class__(version="t", rules=ENFORCE.rules),
        [("s", 0.5, T0), ("s", 0.95, T0 + 1), ("s", 0.5, T0 + 2)],
    )
    assert [(a.action, a.mode) for a in acts] == [("review", "enforce"), ("suspend", "enforce")]
    assert acts[1].supersedes == acts[0].action_id
    assert acts[0].supersedes is None


def test_enforcement_cap_degrades_to_review_per_event_time_minute():
    # Five subjects cross the suspend threshold in the same minute; the cap is 2 per minute.
    acts = run(ENFORCE, [(f"s{i}", 0.95, T0 + i) for i in range(5)] + [("s9", 0.95, T0 + 60_000)])
    got = [(a.subject_id, a.action, "enforcement_cap_reached" in a.reasons) for a in acts]
    assert got == [
        ("s0", "suspend", False),
        ("s1", "suspend", False),
        ("s2", "review", True),
        ("s3", "review", True),
        ("s4", "review", True),
        ("s9", "suspend", False),
    ]


def test_burst_target_gets_quarantine_and_review_never_suspension():
    acts = run(ENFORCE, [("victim", 0.99, T0)], target="burst")
    assert [a.action for a in acts] == ["quarantine_followers", "review"]
    with pytest.raises(PolicyError):
        Policy(version="bad", rules=[Rule("bot_follower_burst", 0.5, "suspend")]).validate()


def test_allowlisted_accounts_are_never_acted_on():
    p = Policy(version="t", rules=ENFORCE.rules, allowlist=frozenset({"vip"}))
    assert run(p, [("vip", 0.99, T0), ("other", 0.99, T0)])[0].subject_id == "other"
    assert [a.subject_id for a in run(p, [("vip", 0.99, T0)])] == []


def test_watcher_reloads_on_change_and_keeps_the_old_policy_on_a_bad_file(tmp_path: Path):
    f = tmp_path / "policy.toml"
    f.write_text(
        'version = "v1"\n[[rules]]\ncategory = "mass_connect_spam"\nmin_score = 0.0\naction = "review"\n'
    )
    w = PolicyWatcher(f)
    assert w.poll().version == "v1"
    assert w.poll() is None
    f.write_text(f.read_text().replace("v1", "v2"))
    assert w.poll().version == "v2"
    f.write_text(f.read_text().replace('"review"', '"obliterate"'))
    with pytest.raises(PolicyError):
        w.poll()
    assert w.poll() is None  # reported once; ignored until the file changes again


POLICY_V1 = """version = "{version}"
[[rules]]
category = "mass_connect_spam"
min_score = 0.0
action = "{action}"
"""


@pytest.mark.broker
def test_policy_change_applies_to_a_running_worker(kafka_bootstrap: str, unique: str, tmp_path: Path):
    """Rewrite the policy file under a running worker: later decisions follow it, no restart."""
    from dataclasses import replace

    from tests.streams import HOUR, lines, spam_stream
    from tests.streams import T0 as S0
    from tests.workers import (
        WorkerProcess,
        create_all_topics,
        produce,
        settings_for,
        wait_for,
        worker_caught_up,
    )

    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY_V1.format(version="v1", action="review"))
    s = replace(settings_for(kafka_bootstrap, unique), policy_file=str(policy))
    create_all_topics(s)
    worker = WorkerProcess(s, tmp_path / "state", tmp_path / "w.log").start()
    try:
        produce(kafka_bootstrap, s, lines(spam_stream(spammers=2, seed=7, start=S0)))
        wait_for(lambda: worker_caught_up(s), 120, worker.describe, [worker])
        policy.write_text(POLICY_V1.format(version="v2", action="rate_limit"))
        wait_for(
            lambda: 'contactguard_policy_info{version="v2"} 1.0' in worker.metrics(),
            60,
            worker.describe,
            [worker],
        )
        pid = worker.proc.pid
        produce(kafka_bootstrap, s, lines(spam_stream(spammers=2, seed=8, start=S0 + 2 * HOUR, name="late")))
        wait_for(lambda: worker_caught_up(s), 120, worker.describe, [worker])
        assert worker.proc.pid == pid and worker.proc.poll() is None  # the same process all along
    finally:
        worker.stop()
    from tests.workers import TopicReader

    reader = TopicReader(kafka_bootstrap, s.topics.actions)
    wait_for(lambda: len(reader.poll()) >= 4, 30)
    acts = [a for a in reader.json() if a["category"] == "mass_connect_spam"]
    reader.close()
    v1 = {(a["subject_id"], a["action"]) for a in acts if a["policy_version"] == "v1"}
    v2 = [a for a in acts if a["policy_version"] == "v2"]
    assert v1 == {("spam0", "review"), ("spam1", "review")}
    assert {(a["subject_id"], a["action"]) for a in v2} == {("late0", "rate_limit"), ("late1", "rate_limit")}
