"""Policy: which action a finding of a given category and score leads to, and in which mode.

Versioned so every action names the policy that produced it. Rules are ordered by score: the highest
`min_score` a finding reaches wins. A burst target may be the victim of follower-bombing, so the default
policy never suspends one: it quarantines the cohort and asks for review.

>>> p = Policy.default()
>>> p.decide("mass_connect_spam", 0.97)
('rate_limit', 'shadow')
>>> p.decide("bot_follower_burst", 0.99)
('quarantine_followers', 'shadow')
"""

from __future__ import annotations

from pathlib import Path

import msgspec

ACTION_ORDER = ("review", "rate_limit", "quarantine_followers", "challenge", "suspend")


class Rule(msgspec.Struct, frozen=True):
    category: str
    min_score: float
    action: str
    mode: str = "shadow"


class Policy(msgspec.Struct, frozen=True):
    version: str
    rules: list[Rule]
    allowlist: frozenset[str] = frozenset()

    @classmethod
    def default(cls) -> Policy:
        rules = []
        for cat in ("fake_follower", "mass_connect_spam", "message_spam"):
            rules += [Rule(cat, 0.0, "review"), Rule(cat, 0.95, "rate_limit")]
        rules += [Rule("bot_follower_burst", 0.0, "quarantine_followers")]
        return cls(version="default-1", rules=rules)

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        data = Path(path).read_bytes()
        if str(path).endswith(".toml"):
            import tomllib

            return msgspec.convert(tomllib.loads(data.decode()), cls)
        return msgspec.json.decode(data, type=cls)

    def decide(self, category: str, score: float) -> tuple[str, str] | None:
        best: Rule | None = None
        for rule in self.rules:
            if rule.category == category and score >= rule.min_score:
                if best is None or rule.min_score >= best.min_score:
                    best = rule
        return None if best is None else (best.action, best.mode)
