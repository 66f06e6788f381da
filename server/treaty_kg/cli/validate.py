"""`treaty-kg validate`: check RDF data against the SHACL shapes (treaty_kg.validation)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from treaty_kg.errors import InputError
from treaty_kg.progress import Steps, live_allowed
from treaty_kg.rdf.load import load_graph
from treaty_kg.validation import engines
from treaty_kg.validation.reports import WRITERS, summary
from treaty_kg.validation.shacl import INFERENCE, Severity, data_files, load_project_ontology, load_shapes, validate


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check RDF data against the SHACL shapes (exit 1 on failure, 2 on bad input)",
        description="Validate RDF data (default: the project's graph/*.ttl) against the SHACL shapes "
        "(default: shapes/), with the project's ontology mixed in. Exit 0 when no result is at or "
        "above --fail-on, 1 when one is, 2 for unreadable or malformed input.",
    )
    parser.add_argument("data", nargs="*", type=Path, metavar="DATA", help="RDF files or folders (default: graph/)")
    parser.add_argument("--shapes", type=Path, metavar="PATH", help="SHACL shapes file, or folder of *.ttl (default: shapes/)")
    mixed_in = parser.add_mutually_exclusive_group()
    mixed_in.add_argument(
        "--ontology", type=Path, metavar="PATH", help="ontology file or folder to mix in (default: the project's ontology/)"
    )
    mixed_in.add_argument(
        "--no-ontology",
        action="store_true",
        help="mix no ontology into the data: plain SHACL, for other teams' data and shapes",
    )
    parser.add_argument("--inference", choices=INFERENCE, default="none", help="entailment before validating (default: none)")
    parser.add_argument(
        "--engine",
        choices=sorted(engines.ENGINES),
        default=engines.DEFAULT_ENGINE,
        help=f"SHACL engine (default: {engines.DEFAULT_ENGINE}; pyshacl is the reference)",
    )
    parser.add_argument("--format", choices=sorted(WRITERS), default="text", help="report format (default: text)")
    parser.add_argument(
        "--fail-on",
        choices=[s.label for s in sorted(Severity, reverse=True)],
        default="violation",
        help="lowest severity that fails the run (default: violation)",
    )
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    parser.add_argument(
        "--quiet", action="store_true", help="no progress on stderr (it is off anyway when not a terminal or in CI)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # validate's stderr stays empty in a pipe or CI: its report is what tools read
    progress = Steps("validate", quiet=args.quiet or not live_allowed(sys.stderr))
    files = data_files(list(args.data))
    with progress.step(f"loading {len(files)} data file{'s' if len(files) != 1 else ''}"):
        data = load_graph(files)
    with progress.step("loading the shapes" + ("" if args.no_ontology else " and the ontology")):
        shapes = load_shapes(args.shapes)
        ontology = None if args.no_ontology else load_project_ontology(args.ontology)
    with progress.step(f"validating {len(data)} triples ({args.engine})"):
        outcome = validate(data, shapes, ontology, args.inference, args.engine)
    fail_on = Severity.named(args.fail_on)
    with progress.step(f"writing the {args.format} report"):
        report = WRITERS[args.format](outcome, files=files, fail_on=fail_on)
    if args.output:
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(report, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write: {exc.strerror}") from None
        print(summary(outcome, fail_on), file=sys.stderr)
    else:
        sys.stdout.write(report)
    return 1 if outcome.fails(fail_on) else 0
