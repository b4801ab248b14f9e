"""Policy: which actions a finding of a given category and score leads to, in which mode.

A versioned file maps (category, score) to an action on the ladder review -> rate_limit -> challenge ->
suspend, or `quarantine_followers` for burst targets. Each rule is `shadow` (logged and measured, not
to be acted on) or `enforce`. Allowlisted accounts are never acted on automatically. A safety valve caps
automated enforcement per minute of event time (event time, so a replay stays deterministic); beyond it
actions degrade to `review`.

A burst target may be the victim of follower-bombing, so it is never suspended, rate-limited or
challenged automatically: it gets `quarantine_followers` (the cohort is in the evidence) and `review`.
Loading a policy that says otherwise is an error.

>>> p = Policy.default()
>>> p.decide("mass_connect_spam", 0.97)
[('rate_limit', 'shadow')]
>>> p.decide("bot_follower_burst", 0.99)
[('quarantine_followers', 'shadow'), ('review', 'shadow')]
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import msgspec

ACTION_ORDER = ("review", "rate_limit", "quarantine_followers", "challenge", "suspend")
MODES = ("shadow", "enforce")
BURST = "bot_follower_burst"
NEVER_FOR_BURST_TARGETS = frozenset({"rate_limit", "challenge", "suspend"})


class PolicyError(ValueError):
    pass


class Rule(msgspec.Struct, frozen=True):
    category: str
    min_score: float
    action: str
    mode: str = "shadow"


class Policy(msgspec.Struct, frozen=True):
    version: str
    rules: list[Rule]
    allowlist: frozenset[str] = frozenset()
    enforce_cap_per_minute: int = 0  # 0 = no cap

    @classmethod
    def default(cls) -> Policy:
        rules = []
        for cat in ("fake_follower", "mass_connect_spam", "message_spam"):
            rules += [Rule(cat, 0.0, "review"), Rule(cat, 0.95, "rate_limit")]
        rules += [Rule(BURST, 0.0, "quarantine_followers")]
        return cls(version="default-1", rules=rules)

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        data = Path(path).read_bytes()
        try:
            if str(path).endswith(".toml"):
                import tomllib

                policy = msgspec.convert(tomllib.loads(data.decode()), cls)
            else:
                policy = msgspec.json.decode(data, type=cls)
        except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as exc:
            raise PolicyError(f"{path}: {exc}") from None
        policy.validate()
        return policy

    def validate(self) -> None:
        for r in self.rules:
            if r.action not in ACTION_ORDER:
                raise PolicyError(f"rule {r}: unknown action {r.action!r}")
            if r.mode not in MODES:
                raise PolicyError(f"rule {r}: mode must be one of {MODES}")
            if r.category == BURST and r.action in NEVER_FOR_BURST_TARGETS:
                raise PolicyError(f"rule {r}: a burst target may be a victim; it is never {r.action}ed")

    def decide(self, category: str, score: float) -> list[tuple[str, str]]:
        """The actions for a finding, strongest rule reached; empty when no rule applies."""
        best: Rule | None = None
        for rule in self.rules:
            if rule.category == category and score >= rule.min_score:
                if best is None or rule.min_score >= best.min_score:
                    best = rule
        if best is None:
            return []
        if best.action == "quarantine_followers":
            return [(best.action, best.mode), ("review", best.mode)]
        return [(best.action, best.mode)]


class PolicyWatcher:
    """Reload a policy file when its content changes, so a running worker follows it without restart."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._digest = ""

    def poll(self) -> Policy | None:
        """The new policy if the file changed since the last poll (invalid files are reported, not taken)."""
        data = self.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest == self._digest:
            return None
        self._digest = digest  # an invalid file is reported once, then ignored until it changes
        return Policy.load(self.path)  # raises PolicyError: the caller keeps the old policy
