"""`treaty-kg release VERSION`: write and check `releases/<VERSION>/` (treaty_kg.release)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from treaty_kg.release.build import ReleaseCheckError, build_release


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "release",
        help="write releases/VERSION/: merged ontology (4 formats), modules, catalog, shapes, pyLODE docs",
        description=(
            "Write the ontology release VERSION (listed with its date in ontology/CHANGELOG.md) to "
            "releases/VERSION/ and check it: every file parses, the catalog resolves every import, "
            "check-ontology passes and the merged file gives the modules' closure. Same input, same bytes. "
            "Exit 0 written, 1 a check failed (nothing replaced), 2 input error."
        ),
    )
    parser.add_argument("version", metavar="VERSION", help="the version to release, e.g. 0.2.0")
    parser.add_argument("--output", type=Path, metavar="DIR", help="folder to write (default: releases/VERSION)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        built = build_release(args.version, args.output)
    except ReleaseCheckError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"release {args.version}: {len(exc.problems)} failed checks; nothing written", file=sys.stderr)
        return 1
    print(f"release {built.release.version} ({built.release.date}): {len(built.files)} files in {built.directory}")
    return 0
