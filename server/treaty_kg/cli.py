"""The `treaty-kg` command: one subcommand per pipeline step.

Each step lives in its own module, which exposes `register(subparsers)`: it adds
its parser and sets `run(args) -> int` as the parser's default `func`. Input
errors (InputError) become a one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from . import __version__
from .load import InputError

# Modules holding a subcommand, in the order of the pipeline.
COMMAND_MODULES: list[str] = [
    "check_ontology",
    "cite",
    "validate",
    "build",
    "explain",
    "serve",
    "release.command",
]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="treaty-kg",
        description="Build, check and serve the treaty knowledge graph.",
    )
    top.add_argument("--version", action="version", version=f"treaty-kg {__version__}")
    sub = top.add_subparsers(title="steps", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f".{name}", __package__)
        except ModuleNotFoundError as exc:
            if exc.name == f"{__package__}.{name}":
                continue  # a step not written yet
            raise
        module.register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"treaty-kg: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
