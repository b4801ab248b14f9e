"""Ground truth, recorded while the stream is generated so it can only name what the stream shows.

Labelling rules (the scorecard counts exactly these):

* ``bot_follower_burst``: a customer account that received at least one follow delivered by a farm
  within the stream. ``fake_follower``: every farm account that delivered at least one such follow.
  Farm accounts that only made camouflage follows are not labelled (they did nothing fake yet).
* ``mass_connect_spam``: a spammer that sent at least one connection request within the stream.
* ``message_spam``: a sender that, within one attack, sent messages rendered from that attack's pitch
  template to at least ``MIN_PITCH_RECIPIENTS`` distinct recipients inside the stream. This covers
  compromised accounts, every sender of a multi-sender campaign (each is made to reach the threshold),
  and mass-connect spammers that pitched enough of their accepted contacts. A connect spammer that
  pitched fewer is only a ``mass_connect_spam`` positive.
* Look-alikes: benign subjects that resemble an attack, with their kind. They are never positives.

A positive's ``start_ts``/``end_ts`` span that subject's own attack events; an attack's span covers all
of its subjects'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_PITCH_RECIPIENTS = 5


@dataclass(slots=True)
class _Attack:
    attack_id: str
    attack: str
    category: str
    hits: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # (idx, category) -> [lo, hi]
    pitches: dict[int, set[int]] = field(default_factory=dict)  # sender idx -> recipients
    pitch_span: dict[int, list[int]] = field(default_factory=dict)


class LabelBook:
    """Collects attack hits and look-alike subjects by internal account index."""

    def __init__(self) -> None:
        self.attacks: dict[str, _Attack] = {}
        self.lookalikes: dict[tuple[int, str], None] = {}  # insertion-ordered set
        self.reserved: set[int] = set()  # subjects already given a role: never reused

    def new_attack(self, attack: str, category: str) -> str:
        attack_id = f"A{len(self.attacks) + 1:03d}"
        self.attacks[attack_id] = _Attack(attack_id, attack, category)
        return attack_id

    def hit(self, attack_id: str, idx: int, category: str, ts: int) -> None:
        span = self.attacks[attack_id].hits.setdefault((idx, category), [ts, ts])
        span[0], span[1] = min(span[0], ts), max(span[1], ts)

    def pitch(self, attack_id: str, sender: int, recipient: int, ts: int) -> None:
        a = self.attacks[attack_id]
        a.pitches.setdefault(sender, set()).add(recipient)
        span = a.pitch_span.setdefault(sender, [ts, ts])
        span[0], span[1] = min(span[0], ts), max(span[1], ts)

    def lookalike(self, idx: int, kind: str) -> None:
        self.lookalikes[(idx, kind)] = None

    def to_json(self, scenario: str, seed: int, ext: list[str]) -> dict[str, object]:
        """The labels file; `ext` maps internal indices to the account ids in the stream."""
        positives: list[dict[str, object]] = []
        attacks: list[dict[str, object]] = []
        positive_keys: set[tuple[int, str]] = set()
        for a in self.attacks.values():
            rows = dict(a.hits)
            for sender, recipients in a.pitches.items():
                if len(recipients) >= MIN_PITCH_RECIPIENTS:
                    rows[(sender, "message_spam")] = a.pitch_span[sender]
            if not rows:
                continue
            subjects: list[str] = []
            for (idx, category), (lo, hi) in rows.items():
                positives.append(
                    {
                        "subject_id": ext[idx],
                        "category": category,
                        "attack": a.attack,
                        "attack_id": a.attack_id,
                        "start_ts": lo,
                        "end_ts": hi,
                    }
                )
                positive_keys.add((idx, category))
                if ext[idx] not in subjects:
                    subjects.append(ext[idx])
            attacks.append(
                {
                    "attack_id": a.attack_id,
                    "attack": a.attack,
                    "category": a.category,
                    "start_ts": min(lo for lo, _ in rows.values()),
                    "end_ts": max(hi for _, hi in rows.values()),
                    "subjects": subjects,
                }
            )
        positive_idx = {idx for idx, _ in positive_keys}
        lookalikes = [
            {"subject_id": ext[idx], "kind": kind}
            for idx, kind in self.lookalikes
            if idx not in positive_idx  # a role clash would make the label contradict itself
        ]
        return {
            "scenario": scenario,
            "seed": seed,
            "positives": positives,
            "lookalikes": lookalikes,
            "attacks": attacks,
        }
