"""The `contactguard` command line: one sub-command per job, each registered by its own module.

Each module in COMMAND_MODULES exposes ``register(subparsers)``, which adds its parser and sets
``func=handler`` where ``handler(args) -> int``. Modules keep heavy imports (faust, numpy) inside
their handlers so that ``contactguard --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "pipeline.replay",
    "pipeline.worker_cli",
    "pipeline.topics",
    "pipeline.devbroker",
    "pipeline.sim.cli",
    "pipeline.demo",
    "pipeline.review",
    "pipeline.hooks.cli",
    "pipeline.scorecard",
    "pipeline.edgescore",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contactguard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a module still being written must not break the others
            if exc.name is None or not name.startswith(exc.name):
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
