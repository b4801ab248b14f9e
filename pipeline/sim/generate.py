"""Orchestration: one scenario in, the arrival-ordered stream and its ground truth out.

Order matters: the population exists first, attacks reserve their subjects before look-alikes pick
theirs (so no account is both), ids are assigned once every pre-existing account exists, then event time
runs to the end and the producer realism is applied last.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from pipeline.sim.farms import Farms
from pipeline.sim.lookalikes import Lookalikes
from pipeline.sim.organic import OrganicLife
from pipeline.sim.population import build_population, refresh_tables
from pipeline.sim.realism import Record, realize
from pipeline.sim.scenario import Scenario
from pipeline.sim.spam import Spam
from pipeline.sim.world import World


@dataclass(slots=True)
class Replay:
    """A generated stream: records in arrival order, labels JSON, and counts."""

    scenario: Scenario
    records: list[Record]
    labels: dict[str, Any]
    stats: dict[str, int]


def generate(scenario: Scenario) -> Replay:
    world = World(scenario)
    build_population(world, scenario.users)
    life = OrganicLife(world)
    Farms(world).plan(scenario.attacks)
    Spam(world, life).plan(scenario.attacks)
    Lookalikes(world, life).plan(scenario.lookalikes)
    refresh_tables(world)  # look-alikes may have raised activity weights
    world.assign_ids()
    life.start()
    world.run()
    records, stats = realize(world.events, scenario.producer, random.Random(f"{scenario.seed}:producer"))
    labels = world.book.to_json(scenario.name, scenario.seed, [a.ext for a in world.accounts])
    seen: set[str] = set()
    for _, _, _, fields in world.events:
        for k in ("actor_id", "target_id", "account_id"):
            if k in fields:
                seen.add(fields[k])
    labels["lookalikes"] = [row for row in labels["lookalikes"] if row["subject_id"] in seen]
    stats["lines"] = len(records)
    stats["positives"] = len(labels["positives"])
    stats["lookalikes"] = len(labels["lookalikes"])
    return Replay(scenario, records, labels, stats)
