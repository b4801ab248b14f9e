"""Score moderation actions against the simulator's ground truth.

Rules: an action counts as a detection of (subject_id, category) unless its ``action`` is ``revert`` or it
was withdrawn by a revert (a revert's ``supersedes`` names the withdrawn action; withdrawing an escalation
also withdraws the actions it escalated, since a reviewer overturned the decision, not one step of it).
Escalations (``supersedes`` on a non-revert action) are detections like any other. Shadow-mode actions
count too: shadow is how a detector is measured before it is trusted. Precision, recall and F1 are over
distinct subjects per category; a flagged subject that is not a positive of that category is a false positive,
and if it is a labelled look-alike it is also listed with its kind. Detection delay is event time: the
first surviving action on any of an attack's positives (in the positive's category) minus the attack's
``start_ts``, floored at 0 (a subject flagged before the attack began was caught immediately).

>>> labels = {"positives": [{"subject_id": "u1", "category": "message_spam", "attack": "blast",
...   "attack_id": "A1", "start_ts": 0, "end_ts": 9}], "lookalikes": [{"subject_id": "u2", "kind": "busy"}],
...   "attacks": [{"attack_id": "A1", "attack": "blast", "category": "message_spam", "start_ts": 0,
...   "end_ts": 9, "subjects": ["u1"]}]}
>>> acts = [{"action_id": "a", "ts": 5, "subject_id": "u1", "category": "message_spam", "action": "review"},
...   {"action_id": "b", "ts": 6, "subject_id": "u2", "category": "message_spam", "action": "review"}]
>>> card = score(acts, labels)
>>> m = card.category("message_spam"); (m.tp, m.fp, m.precision, m.recall, card.delays[0].delay_ms)
(1, 1, 0.5, 1.0, 5)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES = ("bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam")
Pair = tuple[str, str]  # (subject_id, category)


@dataclass(frozen=True, slots=True)
class CategoryScore:
    category: str
    positives: int
    flagged: int
    tp: int
    fp: int
    fn: int
    precision: float | None  # None when nothing was flagged
    recall: float | None  # None when there is nothing to find
    f1: float | None


@dataclass(frozen=True, slots=True)
class AttackRecall:
    attack: str
    category: str  # "all" for the attack type as a whole
    positives: int
    detected: int
    recall: float | None


@dataclass(frozen=True, slots=True)
class AttackDelay:
    attack_id: str
    attack: str
    category: str
    start_ts: int
    first_ts: int | None
    delay_ms: int | None
    subjects: int
    detected: int


@dataclass(frozen=True, slots=True)
class FlaggedLookalike:
    kind: str
    subject_id: str
    category: str


@dataclass(slots=True)
class Scorecard:
    scenario: str | None
    seed: int | None
    categories: list[CategoryScore]
    overall: CategoryScore
    by_attack: list[AttackRecall]
    delays: list[AttackDelay]
    lookalikes_flagged: list[FlaggedLookalike]
    actions: int = 0
    reverted: int = 0
    ignored: int = 0
    delay_median_ms: float | None = None
    delay_max_ms: int | None = None
    lookalike_subjects: int = 0
    notes: list[str] = field(default_factory=list)

    def category(self, name: str) -> CategoryScore:
        return next(c for c in self.categories if c.category == name)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def render(self) -> str:
        return _render(self)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _cat_score(name: str, flagged: set[Pair], positives: set[Pair]) -> CategoryScore:
    tp, fp, fn = len(flagged & positives), len(flagged - positives), len(positives - flagged)
    return CategoryScore(
        name,
        len(positives),
        len(flagged),
        tp,
        fp,
        fn,
        _ratio(tp, tp + fp),
        _ratio(tp, tp + fn),
        _ratio(2 * tp, 2 * tp + fp + fn),
    )


def _effective(actions: Iterable[dict[str, Any]], card: Scorecard) -> dict[Pair, int]:
    """First surviving action ts per (subject, category), after dedupe and reverts."""
    seen: dict[str, dict[str, Any]] = {}
    anonymous: list[dict[str, Any]] = []
    for a in actions:
        card.actions += 1
        aid = a.get("action_id")
        if isinstance(aid, str):
            seen.setdefault(aid, a)  # the same decision delivered twice is one decision
        else:
            anonymous.append(a)
    unique = [*seen.values(), *anonymous]
    withdrawn: set[str] = set()
    for a in unique:  # a revert withdraws its target and the escalation chain behind it
        target = a.get("supersedes") if a.get("action") == "revert" else None
        while isinstance(target, str) and target not in withdrawn:
            withdrawn.add(target)
            previous = seen.get(target, {})
            target = previous.get("supersedes") if previous.get("action") != "revert" else None
    first: dict[Pair, int] = {}
    for a in unique:
        if a.get("action") == "revert":
            card.reverted += 1
            continue
        subject, category, ts = a.get("subject_id"), a.get("category"), a.get("ts")
        if not isinstance(subject, str) or category not in CATEGORIES or not isinstance(ts, int):
            card.ignored += 1
            continue
        if a.get("action_id") in withdrawn:
            continue
        key = (subject, category)
        first[key] = min(ts, first.get(key, ts))
    return first


def score(actions: Iterable[dict[str, Any]], labels: dict[str, Any]) -> Scorecard:
    """Score actions (dicts in the contract's action format) against a labels JSON from the simulator."""
    card = Scorecard(
        labels.get("scenario"), labels.get("seed"), [], _cat_score("all", set(), set()), [], [], []
    )
    first = _effective(actions, card)
    positives: set[Pair] = {(p["subject_id"], p["category"]) for p in labels["positives"]}
    cats = [
        _cat_score(c, {k for k in first if k[1] == c}, {k for k in positives if k[1] == c})
        for c in CATEGORIES
    ]
    card.categories = cats
    card.overall = _cat_score("all", set(first), positives)

    groups: dict[tuple[str, str], set[Pair]] = {}
    for p in labels["positives"]:
        pair = (p["subject_id"], p["category"])
        groups.setdefault((p["attack"], p["category"]), set()).add(pair)
        groups.setdefault((p["attack"], "all"), set()).add(pair)
    for (attack, category), pairs in sorted(groups.items()):
        hit = sum(1 for k in pairs if k in first)
        card.by_attack.append(AttackRecall(attack, category, len(pairs), hit, _ratio(hit, len(pairs))))

    by_attack_id: dict[str, set[Pair]] = {}
    for p in labels["positives"]:
        by_attack_id.setdefault(p["attack_id"], set()).add((p["subject_id"], p["category"]))
    for a in labels["attacks"]:
        pairs = by_attack_id.get(a["attack_id"], set())
        times = [first[k] for k in pairs if k in first]
        t = min(times) if times else None
        delay = None if t is None else max(0, t - a["start_ts"])
        card.delays.append(
            AttackDelay(
                a["attack_id"], a["attack"], a["category"], a["start_ts"], t, delay, len(pairs), len(times)
            )
        )
    found = [d.delay_ms for d in card.delays if d.delay_ms is not None]
    card.delay_median_ms = statistics.median(found) if found else None
    card.delay_max_ms = max(found) if found else None

    flagged_subjects: dict[str, list[str]] = {}
    for subject, category in first:
        flagged_subjects.setdefault(subject, []).append(category)
    kinds = labels.get("lookalikes", [])
    card.lookalike_subjects = len({row["subject_id"] for row in kinds})
    out = {
        FlaggedLookalike(row["kind"], row["subject_id"], c)
        for row in kinds
        for c in flagged_subjects.get(row["subject_id"], ())
        if (row["subject_id"], c) not in positives
    }
    card.lookalikes_flagged = sorted(out, key=lambda f: (f.kind, f.category, f.subject_id))
    return card


# ----- rendering -------------------------------------------------------------------------------------
def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _dur(ms: float | None) -> str:
    if ms is None:
        return "-"
    s = int(ms // 1000)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s"


def _render(card: Scorecard) -> str:
    lines = [
        f"scorecard: scenario {card.scenario} seed {card.seed}; {card.actions} actions "
        f"({card.reverted} reverts, {card.ignored} ignored)",
        "",
        f"{'category':<20} {'positives':>9} {'flagged':>8} {'TP':>6} {'FP':>6} {'FN':>6} "
        f"{'precision':>9} {'recall':>7} {'F1':>6}",
    ]
    for c in [*card.categories, card.overall]:
        lines.append(
            f"{c.category:<20} {c.positives:>9} {c.flagged:>8} {c.tp:>6} {c.fp:>6} {c.fn:>6} "
            f"{_f(c.precision):>9} {_f(c.recall):>7} {_f(c.f1):>6}"
        )
    lines += [
        "",
        "recall by attack type",
        f"{'attack':<24} {'category':<20} {'positives':>9} {'detected':>8} {'recall':>7}",
    ]
    for r in card.by_attack:
        lines.append(f"{r.attack:<24} {r.category:<20} {r.positives:>9} {r.detected:>8} {_f(r.recall):>7}")
    detected = sum(1 for d in card.delays if d.delay_ms is not None)
    lines += [
        "",
        f"detection delay (event time): median {_dur(card.delay_median_ms)}, max {_dur(card.delay_max_ms)}; "
        f"{detected}/{len(card.delays)} attacks detected",
        f"{'attack_id':<10} {'attack':<24} {'category':<20} {'delay':>10} {'subjects':>12}",
    ]
    for d in card.delays:
        lines.append(
            f"{d.attack_id:<10} {d.attack:<24} {d.category:<20} {_dur(d.delay_ms):>10} "
            f"{d.detected:>5}/{d.subjects:<6}"
        )
    lines += [
        "",
        f"look-alikes flagged: {len(card.lookalikes_flagged)} "
        f"(of {card.lookalike_subjects} look-alike subjects)",
    ]
    for f in card.lookalikes_flagged[:50]:
        lines.append(f"  {f.kind:<22} {f.subject_id:<14} {f.category}")
    if len(card.lookalikes_flagged) > 50:
        lines.append(f"  ... {len(card.lookalikes_flagged) - 50} more (see --json)")
    return "\n".join(lines)


# ----- command line ----------------------------------------------------------------------------------
def read_actions(path: str) -> tuple[list[dict[str, Any]], int]:
    """Actions from a JSONL file; returns (actions, unreadable line count)."""
    actions: list[dict[str, Any]] = []
    bad = 0
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except ValueError:
                bad += 1
                continue
            if isinstance(obj, dict):
                actions.append(obj)
            else:
                bad += 1
    return actions, bad


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "scorecard",
        help="score moderation actions against simulator labels",
        description="Per-category precision/recall/F1, recall per attack type, detection delay, "
        "look-alikes hit.",
    )
    p.add_argument("actions", metavar="ACTIONS.jsonl", help="moderation actions, one JSON object per line")
    p.add_argument(
        "--labels", required=True, metavar="LABELS.json", help="labels written by `contactguard simulate`"
    )
    p.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    try:
        actions, bad = read_actions(args.actions)
        with open(args.labels, encoding="utf-8") as fh:
            labels = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"scorecard: {exc}", file=sys.stderr)
        return 2
    card = score(actions, labels)
    card.ignored += bad
    card.actions += bad
    print(json.dumps(card.to_dict(), indent=1) if args.json else card.render())
    return 0
