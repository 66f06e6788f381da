"""`treaty-kg cite`: the Turtle of a mention of an exact quote of a source (treaty_kg.cite)."""

from __future__ import annotations

import argparse
import sys

from treaty_kg import paths
from treaty_kg.cite import QuoteError, cite, mention_turtle, source_stem, source_text
from treaty_kg.rdf.load import load_graph


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "cite",
        help="print the Turtle of a mention of an exact quote of a source",
        description="Find an exact quote in a source's text (from graph/*.ttl) and print a "
        "mention with its quote and position selectors, ready to paste into a graph file.",
    )
    parser.add_argument("source", help="source IRI, source:<stem> or the bare file stem")
    parser.add_argument("quote", help="the exact text to cite, character for character")
    parser.add_argument("--occurrence", type=int, metavar="K", help="cite the K-th occurrence (1-based) of a repeated quote")
    parser.add_argument("--id-only", action="store_true", help="print only the mention's prefixed name")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    stem = source_stem(args.source)
    graph = load_graph(paths.turtle_files(paths.graph_dir()))
    text = source_text(graph, stem)
    try:
        mention = cite(text, args.quote, stem, args.occurrence)
    except QuoteError as exc:
        print(f"treaty-kg cite: {exc}", file=sys.stderr)
        return 1
    print(mention.curie if args.id_only else mention_turtle(mention), end="\n" if args.id_only else "")
    return 0
