"""Detection figures on every judged stream: our simulator's holdouts and the blind generator's seeds.

Prints F1 per category, the look-alikes flagged and the replay throughput per stream, so the tables in
the README can be reproduced with one command (`python bench/judged_streams.py`). The same streams are
asserted on in `tests/test_detect_*.py` and `tests/test_blind_streams.py`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.replay import ReplayRunner  # noqa: E402
from pipeline.scorecard import CATEGORIES, score  # noqa: E402
from pipeline.sim.generate import generate  # noqa: E402
from pipeline.sim.scenario import load_scenario  # noqa: E402

BLIND = Path(__file__).resolve().parent.parent / "tests" / "blind"
HOLDOUTS = ("holdout-1", "holdout-2", "holdout-3")
BLIND_JUDGED = (  # the last two of each generator are the newest judged seeds (tests/test_blind_streams.py)
    *(("foreign_gen.py", s) for s in (3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14)),  # it crashes on seed 9
    *(("gen2.py", s) for s in (3, 4, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)),
    *(("gen3.py", s) for s in (3, 4, 5, 6, 7, 8, 9, 10, 11, 12)),
)


def _run(name: str, lines: list[bytes], labels: dict) -> dict:
    runner = ReplayRunner()
    start = time.perf_counter()
    actions = [msgspec.to_builtins(a) for a in runner.run_lines(lines)]
    took = time.perf_counter() - start
    card = score(actions, labels)
    return {
        "stream": name,
        "events": runner.summary.lines,
        "events_per_s": round(runner.summary.lines / took),
        **{c: card.category(c).f1 for c in CATEGORIES},
        "lookalikes": card.lookalike_subjects,
        "lookalikes_flagged": len(card.lookalikes_flagged),
        "worst_attack": min(
            ((r.recall or 0.0, r.attack, r.category) for r in card.by_attack if r.category != "all"),
            default=None,
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = []
    for name in HOLDOUTS:
        sim = generate(load_scenario(name))
        rows.append(_run(name, [r.line for r in sim.records], sim.labels))
    with tempfile.TemporaryDirectory() as tmp:
        for gen, seed in BLIND_JUDGED:
            name = f"{gen[:-3]}-{seed}"
            events, labels = Path(tmp) / f"{name}.jsonl", Path(tmp) / f"{name}.json"
            subprocess.run(
                [sys.executable, str(BLIND / gen), "--seed", str(seed), "--out", str(events)]
                + ["--labels", str(labels)],
                check=True,
                capture_output=True,
            )
            truth = json.loads(labels.read_text())
            rows.append(_run(name, events.read_bytes().splitlines(), truth))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    head = ["stream", "events", *CATEGORIES, "look-alikes flagged", "lowest recall"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        worst = r["worst_attack"]
        cells = [
            r["stream"],
            f"{r['events']:,}",
            *(f"{r[c]:.3f}" if r[c] is not None else "-" for c in CATEGORIES),
            f"{r['lookalikes_flagged']} of {r['lookalikes']:,}",
            f"{worst[0]:.3f} ({worst[1]}, {worst[2]})" if worst else "-",
        ]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
