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
