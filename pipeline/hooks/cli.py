"""`contactguard hooks` delivers actions to webhook endpoints; `contactguard receiver` verifies them.

Secrets come only from the environment or files (``CONTACTGUARD_WEBHOOK_SECRET[_FILE]``, and
``CONTACTGUARD_WEBHOOK_SECRET_PREVIOUS[_FILE]`` during a rotation), never from arguments: arguments show up
in ``ps`` and shell history. Heavy imports (aiokafka) stay inside the handlers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.hooks.signing import Secret

ENV_URL = "CONTACTGUARD_WEBHOOK_URL"
ENV_DEAD_LETTER = "CONTACTGUARD_TOPIC_HOOKS_DEAD_LETTER"
ENV_METRICS_PORT = "CONTACTGUARD_HOOKS_METRICS_PORT"
METRICS_PORT = 9465  # the worker's default is 9464: both can run on one machine as they are


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("hooks", help="deliver moderation actions to HTTP endpoints as Standard Webhooks")
    p.add_argument("--config", type=Path, help="TOML settings file (CONTACTGUARD_CONFIG)")
    p.add_argument("--bootstrap", help="bootstrap servers host:port[,host:port] (CONTACTGUARD_BOOTSTRAP)")
    p.add_argument("--app-id", help="names the default group <app-id>-hooks (CONTACTGUARD_APP_ID)")
    p.add_argument("--topic", help="actions topic (CONTACTGUARD_TOPIC_ACTIONS, default moderation.actions)")
    p.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="[NAME=]URL",
        help=f"endpoint, repeatable; each runs in its own group <group>-<NAME> ({ENV_URL}, space-separated)",
    )
    p.add_argument("--group", help="consumer group (default <app-id>-hooks)")
    p.add_argument(
        "--instance-id", help="static group membership: a restart takes over without a rebalance wait"
    )
    p.add_argument("--dead-letter-topic", help=f"default contactguard.hooks.deadletter ({ENV_DEAD_LETTER})")
    p.add_argument("--max-attempts", type=int, default=8, help="attempts before dead-lettering (default 8)")
    p.add_argument("--base-delay", type=float, default=0.5, help="first backoff cap, seconds (default 0.5)")
    p.add_argument("--max-delay", type=float, default=60.0, help="backoff cap, seconds (default 60)")
    p.add_argument("--timeout", type=float, default=10.0, help="per-request timeout, seconds (default 10)")
    p.add_argument("--max-in-flight", type=int, default=16, help="concurrent requests per endpoint")
    p.add_argument("--commit-interval", type=float, default=1.0, help="seconds between offset commits")
    p.add_argument("--seed", type=int, help="seed the backoff jitter (reproducible runs)")
    p.add_argument(
        "--metrics-port",
        type=int,
        help=f"/metrics port on metrics_host (loopback by default); 0 = free port "
        f"({ENV_METRICS_PORT}, default {METRICS_PORT})",
    )
    p.add_argument("--metrics-port-file", type=Path, help="write the bound metrics port here")
    p.add_argument("--loglevel", default=os.environ.get("CONTACTGUARD_LOGLEVEL", "warning"))
    p.set_defaults(func=hooks_handler)

    r = sub.add_parser(
        "receiver", help="reference webhook receiver: verify, dedupe, print actions as JSON lines"
    )
    r.add_argument("--host", default="127.0.0.1", help="bind address (default loopback only)")
    r.add_argument("--port", type=int, default=8787, help="port (default 8787; 0 picks a free one)")
    r.add_argument("--port-file", type=Path, help="write the bound port here once listening")
    r.add_argument("--max-ids", type=int, default=100_000, help="webhook ids remembered for dedupe")
    r.add_argument(
        "--tolerance", type=float, default=300.0, help="timestamp tolerance, seconds (default 300)"
    )
    r.add_argument("--loglevel", default=os.environ.get("CONTACTGUARD_LOGLEVEL", "warning"))
    r.set_defaults(func=receiver_handler)


def _logging(level: str) -> None:
    import logging

    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")


def _secrets() -> tuple[Secret, list[Secret]] | None:
    from pipeline.hooks.signing import load_secrets

    try:
        return load_secrets()
    except (LookupError, ValueError, OSError) as exc:  # messages never contain the secret itself
        print(f"error: {exc}", file=sys.stderr)
        return None


def hooks_handler(args: argparse.Namespace) -> int:
    import asyncio
    import logging
    import random
    import signal
    from dataclasses import replace

    from pipeline import metrics
    from pipeline.config import Settings
    from pipeline.hooks.delivery import (
        DEAD_LETTER_TOPIC,
        Deliverer,
        RetryPolicy,
        default_group,
        parse_endpoint,
    )
    from pipeline.hooks.signing import Signer

    _logging(args.loglevel)
    specs = args.url or os.environ.get(ENV_URL, "").split()
    if not specs:
        print(f"error: no endpoint: pass --url or set {ENV_URL}", file=sys.stderr)
        return 2
    secrets = _secrets()
    if secrets is None:
        return 2
    current, previous = secrets
    s = Settings.load(args.config)
    s = replace(s, **{k: v for k, v in {"bootstrap": args.bootstrap, "app_id": args.app_id}.items() if v})
    if args.topic:
        s = replace(s, topics=replace(s.topics, actions=args.topic))
    try:
        endpoints = [parse_endpoint(spec, timeout=args.timeout) for spec in specs]
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if len({e.name for e in endpoints}) != len(endpoints):
        print("error: several endpoints need distinct names: --url NAME=URL", file=sys.stderr)
        return 2
    metrics_port = args.metrics_port
    if metrics_port is None:
        raw = os.environ.get(ENV_METRICS_PORT, str(METRICS_PORT))
        if not raw.isdigit():
            print(f"error: {ENV_METRICS_PORT} must be a port number", file=sys.stderr)
            return 2
        metrics_port = int(raw)
    base = args.group or f"{s.app_id}-hooks"
    retry = RetryPolicy(args.max_attempts, args.base_delay, args.max_delay)
    dead_letter = args.dead_letter_topic or os.environ.get(ENV_DEAD_LETTER) or DEAD_LETTER_TOPIC
    deliverers = [
        Deliverer(
            s,
            e,
            Signer(current, previous),
            group=default_group(base, e.name),
            dead_letter_topic=dead_letter,
            retry=retry,
            max_in_flight=args.max_in_flight,
            commit_interval=args.commit_interval,
            group_instance_id=f"{args.instance_id}-{e.name}" if args.instance_id else None,
            rng=random.Random(args.seed) if args.seed is not None else None,
        )
        for e in endpoints
    ]
    logging.getLogger("pipeline.hooks").info(
        "hooks: %d endpoint(s), settings %s", len(deliverers), s.redacted()
    )
    # after the Deliverers: each endpoint's series exist (at 0) from the first scrape on
    port = metrics.serve_hooks(s.metrics_host, metrics_port)
    print(f"hooks metrics on http://{s.metrics_host}:{port}/metrics", file=sys.stderr, flush=True)
    if args.metrics_port_file:  # written whole, then renamed: a reader never sees half a number
        tmp = args.metrics_port_file.with_name(args.metrics_port_file.name + ".tmp")
        tmp.write_text(str(port))
        tmp.replace(args.metrics_port_file)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: [d.stop() for d in deliverers])
        await asyncio.gather(*(d.run() for d in deliverers))

    asyncio.run(main())
    return 0


def receiver_handler(args: argparse.Namespace) -> int:
    import signal
    import threading

    from pipeline.hooks.receiver import Deduper, Receiver

    _logging(args.loglevel)
    secrets = _secrets()
    if secrets is None:
        return 2
    current, previous = secrets
    receiver = Receiver(
        [current, *previous],
        host=args.host,
        port=args.port,
        deduper=Deduper(args.max_ids),
        tolerance=args.tolerance,
    ).start()
    print(f"receiver on {receiver.url}", file=sys.stderr, flush=True)
    if args.port_file:
        args.port_file.write_text(str(receiver.port))
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    receiver.stop()
    print(f"receiver stopped: {receiver.counts}", file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m pipeline.hooks.cli hooks|receiver ...`` until the lead wires this into `contactguard`."""
    parser = argparse.ArgumentParser(prog="contactguard-hooks", description=__doc__.splitlines()[0])
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
