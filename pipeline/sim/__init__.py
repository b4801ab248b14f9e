"""Synthetic platform for ContactGuard: organic life, attacks, look-alikes and ground-truth labels.

`contactguard simulate --scenario NAME` writes a replay file (JSON Lines, the platform's event contract)
and a labels JSON beside it; `contactguard scorecard` scores a detector's actions against the labels.

Judging: detectors are judged on the ``holdout-*`` scenarios. Tuning (thresholds, features, model
selection) must use only ``dev-*``, ``demo`` and ``small``; never look at holdout streams or their
scores while tuning, or the judgement measures memory instead of detection.

Deterministic: a scenario and seed give identical bytes on every run; randomness comes only from
``random.Random`` instances seeded from the scenario, and time only from the simulated clock.

Labelling rules (what counts as a positive): see `pipeline.sim.labels`. In short, a customer receiving
farm follows -> ``bot_follower_burst``; each farm account that delivered -> ``fake_follower``; a
mass-connect spammer -> ``mass_connect_spam``; any sender that sent one attack's pitch to at least
``MIN_PITCH_RECIPIENTS`` (5) distinct recipients -> ``message_spam``. Look-alikes are benign subjects with a
``kind``; flagging them is a false positive.

Modules: scenario (config), population / organic (ordinary life), farms / spam (attacks), lookalikes,
textgen / names / phrases (text), labels, realism (producer behaviour), generate, emit, cli.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_scenario", "produce", "write_replay"]  # and pipeline.sim.generate.generate


def __getattr__(name: str) -> Any:
    """Lazy exports keep `contactguard --help` from importing the whole simulator."""
    if name == "load_scenario":
        from pipeline.sim.scenario import load_scenario

        return load_scenario
    if name in ("produce", "write_replay"):
        from pipeline.sim import emit

        return getattr(emit, name)
    raise AttributeError(name)
