"""`contactguard run`: start one worker (ingest + keyed agent + metrics server)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path


def worker_argv(metrics_port_file: Path, loglevel: str = "warning") -> list[str]:
    """The command that starts one worker on a free metrics port, reporting the port in a file."""
    return [
        sys.executable,
        "-m",
        "pipeline.cli",
        "run",
        "--metrics-port",
        "0",
        "--metrics-port-file",
        str(metrics_port_file),
        "--loglevel",
        loglevel,
    ]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("run", help="run a worker against Kafka")
    p.add_argument("--config", type=Path, help="TOML settings file (CONTACTGUARD_CONFIG)")
    p.add_argument("--bootstrap", help="bootstrap servers host:port[,host:port] (CONTACTGUARD_BOOTSTRAP)")
    p.add_argument("--app-id", help="consumer group / state namespace (CONTACTGUARD_APP_ID)")
    p.add_argument("--data-dir", help="local state directory (CONTACTGUARD_DATA_DIR)")
    p.add_argument("--metrics-port", type=int, help="/metrics port on loopback; 0 = free port")
    p.add_argument("--metrics-port-file", type=Path, help="write the bound metrics port here")
    p.add_argument("--loglevel", default=os.environ.get("CONTACTGUARD_LOGLEVEL", "warning"))
    p.set_defaults(func=_handler)


def _handler(args: argparse.Namespace) -> int:
    from pipeline.config import Settings

    s = Settings.load(args.config)
    overrides = {
        k: v
        for k, v in {
            "bootstrap": args.bootstrap,
            "app_id": args.app_id,
            "data_dir": args.data_dir,
            "metrics_port": args.metrics_port,
        }.items()
        if v is not None
    }
    s = replace(s, **overrides)
    logging.basicConfig(level=args.loglevel.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("pipeline").info("settings %s", s.redacted())

    from pipeline import metrics
    from pipeline.worker import create_app

    port = metrics.serve(s.metrics_host, s.metrics_port)
    print(f"metrics on http://{s.metrics_host}:{port}/metrics", file=sys.stderr, flush=True)
    if args.metrics_port_file:
        args.metrics_port_file.write_text(str(port))
    app = create_app(s)
    from faust import Worker

    worker = Worker(app, loglevel=args.loglevel, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()  # returns via SystemExit on SIGTERM/SIGINT after a clean stop
    return 0
