"""`treaty-kg build`: validate the graph, materialise the OWL 2 RL closure, write build/ (treaty_kg.build)."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from treaty_kg.build import build


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="validate the graph, materialise the OWL 2 RL closure, write build/",
        description="Load the ontology, the graph and the shapes; validate (violations stop the build, "
        "exit 1); materialise the OWL 2 RL closure; write dataset.nq (named graphs ontology, asserted, "
        "inferred), report.txt, report.ttl and stats.json. A failed build leaves the previous one as it was.",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument(
        "--candidates",
        action="store_true",
        help="also validate the unreviewed candidates of graph/candidates/ and serve them in their own "
        "named graph …/graph/candidate (never in the asserted graph; pages mark them unreviewed)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # past a file size limit (ulimit -f) the kernel kills a writer with SIGXFSZ; ignored, the
    # write fails with EFBIG instead and the build says so
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    result = build(args.out, quiet=args.quiet, candidates=args.candidates)
    if not result.ok:
        sys.stdout.write(result.report if result.report.endswith("\n") else result.report + "\n")
        print(f"treaty-kg build: stopped; {result.out} left as it was", file=sys.stderr)
        return 1
    if not args.quiet:
        t = result.stats["triples"]
        print(
            f"build: wrote {result.out}: {t['ontology']} ontology, {t['asserted']} asserted, {t['inferred']} inferred triples",
            file=sys.stderr,
        )
    return 0
