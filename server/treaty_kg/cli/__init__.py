"""The `treaty-kg` command: one subcommand per module of this package, each thin.

Each command module exposes `register(subparsers)`: it adds its parser and sets
`run(args) -> int` as the parser's default `func`; the work itself is done by the library
modules it calls (build, validation, reasoning, endpoint...). Input errors (InputError)
become a one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from treaty_kg import __version__
from treaty_kg.cli import build, check_ontology, cite, explain, ingest, release, review, serve, validate
from treaty_kg.errors import InputError

# The subcommands, in the order of the pipeline.
COMMANDS = (check_ontology, cite, ingest, review, validate, build, explain, serve, release)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="treaty-kg",
        description="Build, check and serve the treaty knowledge graph.",
    )
    top.add_argument("--version", action="version", version=f"treaty-kg {__version__}")
    sub = top.add_subparsers(title="steps", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
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
