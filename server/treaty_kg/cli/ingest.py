"""`treaty-kg ingest FILE --date …`: register a French article as a source and write the machine's
proposals as candidates, graph/candidates/<stem>.ttl (treaty_kg.ingest). Needs the `ingest`
extra (spaCy and its French model)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from treaty_kg.errors import InputError
from treaty_kg.ingest.nlp import MODEL
from treaty_kg.ingest.pipeline import ingest
from treaty_kg.ingest.source import ArticleMeta


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="register an article as a source and propose candidates for review",
        description="Register the article FILE (UTF-8 text; its file stem names the source) in graph/sources.ttl "
        "with its full text and metadata, read it with spaCy's French pipeline and the graph's names, and "
        "write what it proposes (entity references, events, participations, post holdings, figures) to "
        "graph/candidates/<stem>.ttl for `treaty-kg review`. Candidates never enter the curated graph "
        "until accepted; ones accepted or rejected before are not proposed again.",
    )
    parser.add_argument("file", type=Path, help="the article, a UTF-8 text file")
    parser.add_argument(
        "--date",
        type=_date,
        required=True,
        help="the article's publication date, YYYY-MM-DD (relative dates are read against it)",
    )
    parser.add_argument("--url", help="the article's address")
    parser.add_argument("--title", help="its headline")
    parser.add_argument("--publisher", help="its publisher's name (linked to a known body, else declared)")
    parser.add_argument("--author", help="its author's name (linked to a known person, else declared)")
    parser.add_argument("--lang", default="fr", help="its language tag (default fr; the reader is French)")
    parser.add_argument("--model", default=MODEL, help=f"the installed spaCy pipeline to read with (default {MODEL})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.lang != "fr" and not args.lang.startswith("fr-"):
        raise InputError(f"--lang {args.lang}: the reader only reads French")
    meta = ArticleMeta(args.date, args.url, args.title, args.publisher, args.author, args.lang)
    result = ingest(args.file, meta, model_name=args.model)
    done = "registered" if result.registered else "already registered"
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(result.counts.items())) or "nothing new"
    print(f"source:{result.stem} {done}; candidates in {result.path}: {counts}", file=sys.stderr)
    print(f"review them with: treaty-kg review {result.stem}", file=sys.stderr)
    return 0
