"""Reference point: a Faust agent that only decodes each platform message (Faust's per-message cost).

Run by bench_worker.py as: python bench/faust_decode_only.py BOOTSTRAP GROUP N TOPIC [TOPIC ...]
Prints one JSON line {"events": n, "seconds": s} measured from the first message to the N-th.
"""

from __future__ import annotations

import json
import os
import sys
import time

import faust

from pipeline.events import decode

bootstrap, group, n_total, *topic_names = sys.argv[1:]
N = int(n_total)
app = faust.App(
    group,
    broker=f"kafka://{bootstrap}",
    store="memory://",
    web_enabled=False,
    consumer_auto_offset_reset="earliest",
    topic_partitions=4,
)
topics = app.topic(*topic_names, value_serializer="raw")
state = {"n": 0, "t0": 0.0}


@app.agent(topics)
async def decode_only(stream):
    async for value in stream:
        if state["n"] == 0:
            state["t0"] = time.perf_counter()
        decode(value)
        state["n"] += 1
        if state["n"] >= N:
            result = {"events": state["n"], "seconds": time.perf_counter() - state["t0"]}
            os.write(1, (json.dumps(result) + "\n").encode())
            os._exit(0)  # a measurement script: stopping the app from inside its own agent deadlocks


if __name__ == "__main__":
    faust.Worker(app, loglevel="error", quiet=True, redirect_stdouts=False).execute_from_commandline()
