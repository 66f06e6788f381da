"""`treaty-kg explain`: how a triple of the build follows (treaty_kg.reasoning.explain)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from treaty_kg import paths
from treaty_kg.endpoint.backends.remote import RemoteBackend
from treaty_kg.errors import InputError
from treaty_kg.rdf.remote.client import StoreAddress, StoreUnavailable
from treaty_kg.reasoning.explain import (
    DEFAULT_DEPTH,
    Renderer,
    explainer_from_reader,
    load_explainer,
    parse_triple,
    to_json,
    to_text,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="show how a triple of the build follows (OWL 2 RL rules down to asserted facts)",
        description="Explain a triple of the built dataset: the OWL 2 RL rule, the axioms and the "
        "facts it follows from, recursively. Terms: CURIEs (tkg:chairedBy), <IRI>, bare IRIs, `a`, "
        'literals in quotes ("2025-10-25"^^xsd:date). Exit 0 when it holds, 1 when it does not follow.',
    )
    parser.add_argument("subject")
    parser.add_argument("predicate")
    parser.add_argument("object")
    parser.add_argument("--build", type=Path, default=None, help="build directory (default: build/)")
    parser.add_argument(
        "--store",
        default=os.environ.get("TREATY_KG_STORE") or None,
        metavar="URL",
        help="explain against the build published in this SPARQL store (default TREATY_KG_STORE) instead of build/",
    )
    parser.add_argument("--store-dataset", default=os.environ.get("TREATY_KG_STORE_DATASET", "default"), metavar="NAME")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--depth", type=int, default=DEFAULT_DEPTH, help="longest derivation searched")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.store:
        backend = RemoteBackend(StoreAddress.from_env(args.store), dataset=args.store_dataset, check_interval=0, timeout=600)
        try:
            if backend.problem():
                raise InputError(backend.problem() or "")
            explainer = explainer_from_reader(backend, args.depth)
        except StoreUnavailable as exc:
            raise InputError(str(exc)) from None
        finally:
            backend.close()
    else:
        explainer = load_explainer(args.build or paths.build_dir(), args.depth)
    triple = parse_triple(args.subject, args.predicate, args.object, explainer.kb.graph)
    answer = explainer.explain(triple)
    renderer = Renderer(explainer.kb)
    writer = to_json if args.format == "json" else to_text
    sys.stdout.write(writer(answer, renderer))
    return 1 if answer.status == "does-not-follow" else 0
