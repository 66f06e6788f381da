"""`treaty-kg validate`: check RDF data against the SHACL shapes (treaty_kg.validation)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from treaty_kg.errors import InputError
from treaty_kg.rdf.load import load_graph
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
    parser.add_argument("--shapes", type=Path, metavar="DIR", help="folder of SHACL shapes files (default: shapes/)")
    parser.add_argument(
        "--ontology", type=Path, metavar="PATH", help="ontology file or folder to mix in (default: the project's ontology/)"
    )
    parser.add_argument("--inference", choices=INFERENCE, default="none", help="entailment before validating (default: none)")
    parser.add_argument("--format", choices=sorted(WRITERS), default="text", help="report format (default: text)")
    parser.add_argument(
        "--fail-on",
        choices=[s.label for s in sorted(Severity, reverse=True)],
        default="violation",
        help="lowest severity that fails the run (default: violation)",
    )
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    files = data_files(list(args.data))
    data = load_graph(files)
    shapes = load_shapes(args.shapes)
    outcome = validate(data, shapes, load_project_ontology(args.ontology), args.inference)
    fail_on = Severity.named(args.fail_on)
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
