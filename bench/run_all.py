"""`make bench`: every benchmark in turn, each printing its own figures beside its baseline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ["bench_worker.py", "--events", "200000"],
    ["bench_midas.py"],
    ["bench_textprint.py"],
    ["bench_memory.py", "--accounts", "1000000"],
    ["judged_streams.py"],
]


def main() -> int:
    failed = []
    for name, *args in BENCHES:
        if not (HERE / name).exists():
            continue
        print(f"\n==== {name} {' '.join(args)}", flush=True)
        if subprocess.run([sys.executable, str(HERE / name), *args], cwd=HERE.parent).returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
