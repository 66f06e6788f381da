"""`treaty-kg build`: validate the graph, materialise the OWL 2 RL closure, write build/ (treaty_kg.build)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any

from treaty_kg.build import REASONERS, build
from treaty_kg.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="validate the graph, materialise the OWL 2 RL closure, write build/",
        description="Load the ontology, the graph and the shapes; validate (violations stop the build, "
        "exit 1); materialise the OWL 2 RL closure; write dataset.nq (named graphs ontology, asserted, "
        "inferred), report.txt, report.ttl and stats.json. A failed build leaves the previous one as it was.",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--reasoner",
        choices=REASONERS,
        default=REASONERS[0],
        help="rules: the OWL 2 RL rules as SPARQL updates on pyoxigraph, or inside the store with --store (default); "
        "owlrl: owlrl, the slow oracle (with --store: run here, its closure uploaded)",
    )
    parser.add_argument(
        "--candidates",
        action="store_true",
        help="also validate the unreviewed candidates of graph/candidates/ and serve them in their own "
        "named graph …/graph/candidate (never in the asserted graph; pages mark them unreviewed)",
    )
    parser.add_argument(
        "--store",
        default=os.environ.get("TREATY_KG_STORE") or None,
        metavar="URL",
        help="build into this SPARQL 1.1 store (its query URL; default TREATY_KG_STORE) instead of build/, and publish "
        "there; update and Graph Store URLs and credentials from TREATY_KG_STORE_UPDATE, _GSP, _USER, _PASSWORD",
    )
    parser.add_argument(
        "--store-dataset",
        default=os.environ.get("TREATY_KG_STORE_DATASET", "default"),
        metavar="NAME",
        help="the dataset name to publish under in the store (default TREATY_KG_STORE_DATASET or 'default')",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # past a file size limit (ulimit -f) the kernel kills a writer with SIGXFSZ; ignored, the
    # write fails with EFBIG instead and the build says so
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if args.store:
        return run_in_store(args)
    result = build(args.out, quiet=args.quiet, reasoner=args.reasoner, candidates=args.candidates)
    return _finish(result.ok, result.report, result.stats, args.quiet, f"{result.out} left as it was", f"wrote {result.out}")


def _finish(ok: bool, report: str, stats: dict[str, Any], quiet: bool, kept: str, done: str) -> int:
    """The report of a stopped build (what was kept), or one line of what was written."""
    if not ok:
        sys.stdout.write(report if report.endswith("\n") else report + "\n")
        print(f"treaty-kg build: stopped; {kept}", file=sys.stderr)
        return 1
    if not quiet:
        t = stats["triples"]
        print(
            f"build: {done}: {t['ontology']} ontology, {t['asserted']} asserted, {t['inferred']} inferred triples",
            file=sys.stderr,
        )
    return 0


def run_in_store(args: argparse.Namespace) -> int:
    """`build --store URL`: the build published in the store (store_build.py; imported here so
    that every other command starts without the HTTP client)."""
    from treaty_kg.rdf.remote.client import StoreAddress
    from treaty_kg.store_build import build_in_store

    try:
        result = build_in_store(StoreAddress.from_env(args.store), args.store_dataset, quiet=args.quiet, reasoner=args.reasoner)
    except ValueError as exc:  # a bad dataset name
        raise InputError(str(exc)) from None
    kept = f"the store at {args.store} still serves its previous build"
    done = f"published build {result.build_id} as dataset {args.store_dataset!r} in {args.store}"
    return _finish(result.ok, result.report, result.stats, args.quiet, kept, done)
