"""`treaty-kg check-ontology`: Turtle syntax, OWL 2 RL profile, hygiene, standard terms, reasoner
(treaty_kg.ontology.checks)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from treaty_kg.ontology.checks import PYTHON_CHECKS, REASONER_CHECKS, checks_dir, display_path, load_checks, run_checks
from treaty_kg.ontology.modules import load_modules, top_file
from treaty_kg.progress import Steps


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check-ontology",
        help="check the ontology: Turtle syntax, OWL 2 RL profile, hygiene, standard terms, reasoner",
        description=(
            "Parse the ontology modules and run every check on their union: the SPARQL checks in "
            "ontology/checks/*.rq plus the built-in checks standard-terms and reasoner. "
            "Exit 0 clean, 1 findings, 2 input error."
        ),
    )
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="Turtle modules to check (their owl:imports of project modules are followed); "
        "default: ontology/treaty-kg.ttl and everything it imports",
    )
    parser.add_argument(
        "--checks",
        action="append",
        type=Path,
        metavar="DIR",
        help="folder of .rq checks to run instead of ontology/checks (repeat to run several folders)",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text", help="report format (default: text)")
    parser.add_argument(
        "--reasoner",
        choices=list(REASONER_CHECKS),
        default="rules",
        help="the reasoner check's reasoner: rules (OWL 2 RL rules on pyoxigraph, default) or owlrl",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    steps = Steps("check-ontology", args.quiet)
    with steps.step("load") as step:
        modules = load_modules(args.files or [top_file()])
        checks = load_checks(args.checks or [checks_dir()])
        step.note = f"{len(modules)} files, {len(checks)} SPARQL checks"
    python_checks = PYTHON_CHECKS | {"reasoner": REASONER_CHECKS[args.reasoner]}
    with steps.step("run checks") as step:
        findings = run_checks(modules, checks, python_checks, progress=lambda name, done, total: step.advance(name, done, total))
        step.note = f"{len(findings)} findings"
    names = [c.name for c in checks] + list(python_checks)
    triples = sum(len(g) for g in modules.values())
    if args.format == "json":
        report = {
            "files": [display_path(p) for p in modules],
            "checks": names,
            "findings": [asdict(f) for f in findings],
            "summary": {"findings": len(findings), "files": len(modules), "checks": len(names), "triples": triples},
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding.line())
        scope = f"{len(names)} checks over {len(modules)} files ({triples} triples)"
        if findings:
            failed = len({f.check for f in findings})
            print(f"check-ontology: {len(findings)} findings from {failed} of {scope}")
        else:
            print(f"check-ontology: clean: {scope}")
    return 1 if findings else 0
