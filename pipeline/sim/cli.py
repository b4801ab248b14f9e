"""`contactguard simulate`: generate a scenario's stream to a JSONL replay file and/or a Kafka broker.

Examples::

    contactguard simulate --scenario demo --out out/demo.jsonl          # labels -> out/demo.labels.json
    contactguard simulate --scenario small --bootstrap localhost:9092 --rate 2000
    contactguard simulate --scenario dev-1 --seed 7 --scale 0.5 --out /tmp/dev.jsonl

Judging streams are the holdout-* scenarios: never tune detectors on them (see scenarios/README.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

GROUPS = ("accounts", "follows", "connections", "messages", "feedback")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "simulate",
        help="generate a synthetic platform stream with attacks, look-alikes and ground-truth labels",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--scenario", required=True, help="name under pipeline/sim/scenarios/ or a .toml/.json path"
    )
    p.add_argument("--seed", type=int, help="override the scenario's seed")
    p.add_argument("--scale", type=float, help="multiply population and attack/look-alike counts")
    p.add_argument("--out", help="events JSONL path (default out/<scenario>-<seed>.jsonl unless producing)")
    p.add_argument("--labels", help="labels JSON path (default: beside the events, *.labels.json)")
    p.add_argument("--bootstrap", metavar="HOST:PORT", help="produce to this Kafka broker")
    p.add_argument(
        "--rate", type=float, help="events per wall-clock second when producing (default: flat out)"
    )
    p.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="GROUP=NAME",
        help=f"override a topic name; GROUP is one of {', '.join(GROUPS)}",
    )
    p.set_defaults(func=handler)


def _labels_beside(events: Path) -> Path:
    name = events.name[: -len(".jsonl")] if events.name.endswith(".jsonl") else events.stem
    return events.with_name(f"{name}.labels.json")


def handler(args: argparse.Namespace) -> int:
    from pipeline.sim.emit import produce, write_replay
    from pipeline.sim.generate import generate
    from pipeline.sim.scenario import load_scenario

    try:
        scenario = load_scenario(args.scenario, seed=args.seed, scale=args.scale)
    except (FileNotFoundError, ValueError) as exc:
        print(f"simulate: {exc}", file=sys.stderr)
        return 2
    topics: dict[str, str] = {}
    for item in args.topic:
        group, _, name = item.partition("=")
        if group not in GROUPS or not name:
            print(f"simulate: bad --topic {item!r} (want GROUP=NAME, GROUP in {GROUPS})", file=sys.stderr)
            return 2
        topics[group] = name
    began = time.perf_counter()
    replay = generate(scenario)
    took = time.perf_counter() - began
    out = Path(args.out) if args.out else None
    if out is None and not args.bootstrap:
        out = Path("out") / f"{scenario.name}-{scenario.seed}.jsonl"
    labels = (
        Path(args.labels)
        if args.labels
        else _labels_beside(out or Path("out") / f"{scenario.name}-{scenario.seed}.jsonl")
    )
    if out is not None:
        write_replay(replay, out, labels)
        print(f"events -> {out}", file=sys.stderr)
    if args.bootstrap:
        produce(replay, args.bootstrap, topics, args.rate, labels_path=labels)
        print(f"events -> kafka {args.bootstrap}", file=sys.stderr)
    s = replay.stats
    print(
        f"labels -> {labels}\nscenario {scenario.name} seed {scenario.seed}: {s['events']} events, "
        f"{s['lines']} lines ({s['duplicates']} duplicates, {s['late']} late), {s['positives']} positives, "
        f"{s['lookalikes']} look-alikes; generated in {took:.1f}s",
        file=sys.stderr,
    )
    return 0
